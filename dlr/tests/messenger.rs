//! The messenger against a small SMSC on smpp's `SmscServer` (dlr/tests/support/smsc.rs): a
//! transmitter+receiver pair, a pool keeping each message's parts on one bind, failover
//! when binds drop, and close.
#![cfg(feature = "tokio")]

#[path = "support/smsc.rs"]
mod smsc;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;
use std::time::Duration;

use dlr::messenger::{Binds, Messenger, MessengerConfig, NotSentReason, PartSubmit, SendError};
use dlr::store::MemoryStore;
use dlr::{CorrelationConfig, IdNormalizer, State};
use smpp::tokio::Backoff;
use smpp::{Bind, ConcatMethod, SubmitSm, TextOptions};

fn credentials() -> Bind<'static> {
    Bind::new("esme".try_into().unwrap(), "secret".try_into().unwrap())
}

fn store() -> Box<MemoryStore> {
    Box::new(MemoryStore::new(
        "esme@test",
        IdNormalizer::default(),
        CorrelationConfig::default(),
    ))
}

/// A messenger on one transceiver bind to `smsc` (4 requests in flight), default settings.
async fn transceiver(smsc: &smsc::Smsc) -> Messenger {
    Messenger::connect(
        smsc.addr,
        Binds::transceiver(credentials(), 4),
        store(),
        MessengerConfig::default(),
    )
    .await
    .unwrap()
}

fn template(registered_delivery: u8) -> SubmitSm<'static> {
    SubmitSm {
        destination_addr: "447700900123".try_into().unwrap(),
        registered_delivery: smpp::RegisteredDelivery(registered_delivery),
        ..SubmitSm::default()
    }
}

// TS 23.038 §6.1.2.1.1 / TS 23.040 §9.2.3.24.1: 400 GSM 7-bit characters need 3 parts of at
// most 153 septets after the 6-octet UDH.
const LONG: &str = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud \
exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in \
reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint.";

#[tokio::test]
async fn accepts_receipts_on_the_receiver_of_a_pair() {
    let smsc = smsc::Smsc::start().await.unwrap();
    let messenger = Messenger::connect(
        smsc.addr,
        Binds::pair(credentials(), 8),
        store(),
        MessengerConfig::default(),
    )
    .await
    .unwrap();
    let mut handle = messenger
        .send_text(&template(1), LONG, &TextOptions::default())
        .await
        .unwrap();
    assert_eq!(handle.parts(), 3);
    let outcome = tokio::time::timeout(Duration::from_secs(10), handle.outcome())
        .await
        .unwrap()
        .clone();
    assert!(outcome.submitted.all_accepted(), "{outcome:?}");
    // Sent on the transmitter (bind 0), every receipt taken on the receiver.
    assert_eq!(outcome.submitted.bind, Some(0));
    assert_eq!(outcome.states, vec![Some(State::Delivered); 3]);
    assert_eq!(smsc.stats.binds.load(Ordering::Relaxed), 2);
    assert_eq!(messenger.stats().receipts, 3);
    messenger.close().await;
}

#[tokio::test]
async fn accepts_sar_parts_and_no_receipts_when_not_asked() {
    let smsc = smsc::Smsc::start().await.unwrap();
    let messenger = transceiver(&smsc).await;
    let options = TextOptions {
        concat: ConcatMethod::SarTlv(0),
        ..TextOptions::default()
    };
    let mut handle = messenger
        .send_text(&template(0), LONG, &options)
        .await
        .unwrap();
    let outcome = handle.outcome().await.clone();
    assert_eq!(outcome.submitted.parts.len(), 3);
    assert!(outcome.submitted.all_accepted());
    // registered_delivery 0: settled at the responses, no state.
    assert_eq!(outcome.states, vec![None; 3]);
    assert_eq!(smsc.stats.receipts.load(Ordering::Relaxed), 0);
    messenger.close().await;
}

#[tokio::test]
async fn accepts_each_message_on_one_bind_of_a_pool() {
    let smsc = smsc::Smsc::start().await.unwrap();
    let messenger = Messenger::connect(
        smsc.addr,
        Binds::pool(4, credentials(), 4),
        store(),
        MessengerConfig::default(),
    )
    .await
    .unwrap();
    let mut handles = Vec::new();
    for _ in 0..200 {
        handles.push(
            messenger
                .send_text(&template(1), LONG, &TextOptions::default())
                .await
                .unwrap(),
        );
    }
    let mut binds = BTreeSet::new();
    for h in &mut handles {
        let o = tokio::time::timeout(Duration::from_secs(20), h.outcome())
            .await
            .unwrap();
        assert_eq!(o.state(), Some(State::Delivered), "{o:?}");
        binds.insert(o.submitted.bind.unwrap());
    }
    assert_eq!(binds.len(), 4, "least-loaded dispatch uses every bind");
    // The SMSC saw the three parts of each message (its UDH reference) on one connection.
    let mut on: BTreeMap<u8, BTreeSet<u64>> = BTreeMap::new();
    for (conn, reference) in smsc.stats.parts.lock().unwrap().iter() {
        on.entry(*reference).or_default().insert(*conn);
    }
    assert_eq!(on.len(), 200);
    assert!(on.values().all(|c| c.len() == 1), "{on:?}");
    messenger.close().await;
}

#[tokio::test]
async fn accepts_failover_when_binds_drop() {
    // Every connection is cut after its 97th submit_sm.
    let smsc = smsc::Smsc::start_with(Some(97)).await.unwrap();
    let window = 8;
    let binds = Binds::pool(3, credentials(), window).configure(|esme| {
        esme.reconnect = Some(Backoff {
            initial: Duration::from_millis(10),
            max: Duration::from_millis(100),
        });
    });
    let messenger = Messenger::connect(smsc.addr, binds, store(), MessengerConfig::default())
        .await
        .unwrap();
    let mut handles = Vec::new();
    for i in 0..2_000 {
        let text = format!("message {i}");
        handles.push(
            messenger
                .send_text(&template(1), &text, &TextOptions::default())
                .await
                .unwrap(),
        );
    }
    let (mut accepted, mut lost) = (0u64, 0u64);
    for h in &mut handles {
        let s = h.submitted().await.clone();
        match &s.parts[0] {
            PartSubmit::Accepted { .. } => {
                accepted += 1;
                let o = tokio::time::timeout(Duration::from_secs(20), h.outcome())
                    .await
                    .unwrap();
                assert_eq!(o.state(), Some(State::Delivered), "{o:?}");
            }
            PartSubmit::Lost => lost += 1,
            other => panic!("{other:?}"),
        }
    }
    let drops = smsc.stats.drops.load(Ordering::Relaxed);
    let stats = messenger.stats();
    assert!(drops >= 15, "{drops}");
    assert_eq!(stats.binds_dropped, drops);
    assert_eq!(accepted + lost, 2_000);
    // Only a window's worth in flight per drop may be lost; the rest went out on the other
    // binds or after the reconnect.
    assert!(
        lost <= drops * window as u64,
        "{lost} lost in {drops} drops"
    );
    // Never resent: the SMSC received each message once at most.
    assert!(smsc.stats.accepted.load(Ordering::Relaxed) <= 2_000);
    messenger.close().await;
}

#[tokio::test]
async fn rejects_messages_after_close() {
    let smsc = smsc::Smsc::start().await.unwrap();
    let messenger = transceiver(&smsc).await;
    let other = messenger.clone();
    messenger.close().await;
    assert!(other.is_closed());
    match other
        .send_text(&template(1), "late", &TextOptions::default())
        .await
    {
        Err(SendError::Closed) => {}
        Ok(mut h) => assert_eq!(
            h.submitted().await.parts,
            vec![PartSubmit::NotSent(NotSentReason::Closed)]
        ),
        Err(e) => panic!("{e}"),
    }
}

/// Every message of a batch encoded up front (TS 23.040 §9.2.3.24.1 UDH, 8-bit references
/// from the message's number), asking for receipts (SMPP 3.4 §5.2.17, registered_delivery 1).
fn batch(n: usize) -> Vec<Vec<smpp::bytes::Bytes>> {
    (0..n)
        .map(|i| {
            let options = TextOptions {
                concat: ConcatMethod::Udh8(0).with_reference(i as u64),
                ..TextOptions::default()
            };
            let text = if i % 2 == 0 { LONG } else { "short" };
            dlr::messenger::text_parts(&template(1), text, &options).unwrap()
        })
        .collect()
}

#[tokio::test]
async fn accepts_a_batch_with_every_receipt_matched() {
    use dlr::messenger::{BatchOptions, send_batch};
    let smsc = smsc::Smsc::start().await.unwrap();
    let mut config = MessengerConfig::default();
    config.key_prefix = "run:".into();
    let messenger = Messenger::connect(
        smsc.addr,
        Binds::transceiver(credentials(), 4),
        store(),
        config,
    )
    .await
    .unwrap();
    let options = BatchOptions {
        wait_receipts: Some(Duration::from_secs(10)),
        ..BatchOptions::default()
    };
    let mut seen = BTreeSet::new();
    let summary = send_batch(
        messenger,
        &batch(4),
        &options,
        |r, running| {
            assert!(r.accepted, "{r:?}");
            assert_eq!(r.state, Some(State::Delivered), "{r:?}");
            assert_eq!(r.key, format!("run:{}", r.index + 1));
            assert_eq!(r.message_ids.len(), r.parts);
            assert!(r.message_ids.iter().all(Option::is_some), "{r:?}");
            assert_eq!(running.submitted as usize, seen.len() + 1);
            seen.insert(r.index);
        },
        |s| panic!("nothing of another run: {s:?}"),
    )
    .await
    .unwrap();
    assert_eq!(seen, (0..4).collect());
    // Messages 1 and 3 are LONG (3 parts), 2 and 4 one part each.
    assert_eq!(
        (summary.submitted, summary.accepted, summary.parts),
        (4, 4, 8)
    );
    assert_eq!(
        (summary.delivered, summary.dlr_missing, summary.receipts),
        (4, 0, 8)
    );
    assert!(summary.success(), "{summary:?}");
}

#[tokio::test]
async fn accepts_a_transmitter_batch_settling_at_the_responses() {
    use dlr::messenger::{BatchOptions, send_batch};
    use smpp::session::BindKind;
    let smsc = smsc::Smsc::start().await.unwrap();
    let binds = Binds::default().with(dlr::messenger::BindConfig::new(
        BindKind::Transmitter,
        credentials(),
        4,
    ));
    let messenger = Messenger::connect(smsc.addr, binds, store(), MessengerConfig::default())
        .await
        .unwrap();
    let options = BatchOptions {
        bind: BindKind::Transmitter,
        wait_receipts: None,
    };
    let mut states = Vec::new();
    let summary = send_batch(
        messenger,
        &batch(2),
        &options,
        |r, _| states.push(r.state),
        |_| {},
    )
    .await
    .unwrap();
    // A transmitter sees no receipts: the messages settle with their responses.
    assert_eq!(states, vec![None, None]);
    assert_eq!((summary.accepted, summary.receipts), (2, 0));
    assert!(!summary.waited_for_dlr);
    assert!(summary.success(), "{summary:?}");
}
