//! Property: whatever the peer and the network do, every request handed to
//! `Session::submit` ends in exactly one `Event::Outcome` (SMPP session guarantee of
//! this crate; the ordering rules come from SMPP 3.4 §2.6 / 5.0 §2.7 windowing).
#![allow(missing_docs)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use smpp::session::{BindKind, Config, Event, MessageIds, Session, UnbindPolicy};
use smpp::{CommandId, CommandStatus, DecodeOptions};

/// submit_sm, SMPP 3.4 §4.4.1 (source 1/1 "1", dest 1/1 "2", sm "x").
fn submit_sm() -> Vec<u8> {
    let body = [
        0u8, 1, 1, b'1', 0, 1, 1, b'2', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, b'x',
    ];
    let mut v = ((16 + body.len()) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(&CommandId::SUBMIT_SM.0.to_be_bytes());
    v.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1]); // status 0, sequence_number 1
    v.extend_from_slice(&body);
    v
}

#[derive(Clone, Debug)]
enum Step {
    Submit,
    /// The SMSC answers its `i`-th oldest unanswered request with this status.
    Answer(usize, u32),
    /// Deliver queued bytes ESME → SMSC and back.
    Exchange,
    /// Bytes from the SMSC are lost.
    LoseToEsme,
    Advance(u64),
    Garbage(Vec<u8>),
    Unbind,
    Close,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => Just(Step::Submit),
        4 => (0usize..8, prop_oneof![Just(0u32), Just(0x58), Just(0x14), Just(0x45)])
            .prop_map(|(i, s)| Step::Answer(i, s)),
        4 => Just(Step::Exchange),
        1 => Just(Step::LoseToEsme),
        2 => (1u64..40_000).prop_map(Step::Advance),
        1 => proptest::collection::vec(any::<u8>(), 1..40).prop_map(Step::Garbage),
        1 => Just(Step::Unbind),
        1 => Just(Step::Close),
    ]
}

fn run(steps: &[Step], policy: UnbindPolicy) {
    let mut now = Instant::now();
    let mut ec = Config::default();
    ec.window = 4;
    ec.response_timeout = Duration::from_secs(10);
    ec.throttle_backoff = Duration::from_millis(500);
    ec.unbind_policy = policy;
    let mut esme: Session<u32> = Session::esme(ec, now);
    let mut smsc: Session<()> = Session::smsc(
        Config::default(),
        now,
        |_k: BindKind, _b: &smpp::Bind<'_>| CommandStatus::ESME_ROK,
        MessageIds::default(),
    );
    let creds = smpp::Bind::new("p".try_into().unwrap(), "".try_into().unwrap());
    esme.bind(now, BindKind::Transceiver, &creds).unwrap();
    let mut outcomes: HashMap<u32, usize> = HashMap::new();
    let mut submitted = 0u32;
    let mut unanswered: Vec<u32> = Vec::new();
    let mut to_smsc = Vec::new();
    let mut to_esme = Vec::new();
    let pdu_bytes = submit_sm();
    let pdu = smpp::decode(&pdu_bytes, &DecodeOptions::default())
        .unwrap()
        .pdu;
    let collect = |esme: &mut Session<u32>,
                   smsc: &mut Session<()>,
                   outcomes: &mut HashMap<u32, usize>,
                   unanswered: &mut Vec<u32>| {
        while let Some(e) = esme.poll_event() {
            if let Event::Outcome { token, .. } = e {
                *outcomes.entry(token).or_default() += 1;
            }
        }
        while let Some(e) = smsc.poll_event() {
            if let Event::Request(r) = e
                && !r.answered()
            {
                unanswered.push(r.sequence_number());
            }
        }
    };
    // Bind first.
    esme.poll_transmit(&mut to_smsc);
    smsc.handle_input(now, &to_smsc);
    to_smsc.clear();
    smsc.poll_transmit(&mut to_esme);
    esme.handle_input(now, &to_esme);
    to_esme.clear();
    collect(&mut esme, &mut smsc, &mut outcomes, &mut unanswered);
    for s in steps {
        match s {
            Step::Submit => {
                if esme.submit(now, &pdu, submitted).is_ok() {
                    submitted += 1;
                }
            }
            Step::Answer(i, status) => {
                if !unanswered.is_empty() {
                    let seq = unanswered.remove(i % unanswered.len());
                    if *status == 0 {
                        let _ = smsc.accept(seq);
                    } else {
                        let _ = smsc.ack(seq, CommandStatus(*status));
                    }
                }
            }
            Step::Exchange => {}
            Step::LoseToEsme => {
                smsc.poll_transmit(&mut Vec::new());
            }
            Step::Advance(ms) => {
                now += Duration::from_millis(*ms);
                esme.handle_timeout(now);
                smsc.handle_timeout(now);
            }
            Step::Garbage(g) => esme.handle_input(now, g),
            Step::Unbind => {
                let _ = esme.unbind(now);
            }
            Step::Close => {
                esme.handle_close(now);
                smsc.handle_close(now);
            }
        }
        esme.poll_transmit(&mut to_smsc);
        smsc.handle_input(now, &to_smsc);
        to_smsc.clear();
        smsc.poll_transmit(&mut to_esme);
        esme.handle_input(now, &to_esme);
        to_esme.clear();
        collect(&mut esme, &mut smsc, &mut outcomes, &mut unanswered);
        // Never more in flight than the window.
        assert!(esme.outstanding() <= 4);
    }
    // The transport ends: everything still open is reported now.
    esme.handle_close(now);
    collect(&mut esme, &mut smsc, &mut outcomes, &mut unanswered);
    for token in 0..submitted {
        assert_eq!(
            outcomes.get(&token),
            Some(&1),
            "token {token}: {outcomes:?}"
        );
    }
    assert_eq!(outcomes.len() as u32, submitted);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn accepts_exactly_one_outcome_per_request_drain(steps in proptest::collection::vec(step(), 1..80)) {
        run(&steps, UnbindPolicy::Drain);
    }

    #[test]
    fn accepts_exactly_one_outcome_per_request_fail(steps in proptest::collection::vec(step(), 1..80)) {
        run(&steps, UnbindPolicy::Fail);
    }
}
