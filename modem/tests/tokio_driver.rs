//! The tokio driver over an in-memory byte stream, with the crate's emulator at the other
//! end (run by its own tokio runner), on tokio's paused clock.
#![allow(missing_docs)]

use std::time::Duration;

use gsm_pdu::SubmitOptions;
use modem::emulator::{self, Control, Emulator};
use modem::{AsyncModem, Config, Event};

#[tokio::test(start_paused = true)]
async fn accepts_send_receive_and_report_over_a_stream() {
    let (ours, theirs) = tokio::io::duplex(4096);
    let (control, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let emu_task = tokio::spawn(async move {
        let mut cfg = emulator::Config::default();
        cfg.report_delay = Some(Duration::from_millis(500));
        let mut emu = Emulator::new(cfg, tokio::time::Instant::now().into_std());
        let mut events = Vec::new();
        let _ = emulator::run(&mut emu, theirs, &mut rx, |e| events.push(e)).await;
        events
    });
    let mut m = AsyncModem::new(ours, Config::default());
    m.record();
    loop {
        if let Event::Ready(_) = m.next_event().await.unwrap() {
            break;
        }
    }
    let opts = SubmitOptions {
        srr: true,
        ..SubmitOptions::default()
    };
    let id = m.send("+447700900123", "over tokio", &opts).unwrap();
    control
        .send(Control::Mo {
            from: "+447700900999".into(),
            text: "hello host".into(),
        })
        .unwrap();
    let (mut sent, mut received, mut report) = (None, None, None);
    while sent.is_none() || received.is_none() || report.is_none() {
        match tokio::time::timeout(Duration::from_secs(120), m.next_event())
            .await
            .expect("an event within two minutes")
            .unwrap()
        {
            Event::Sent { id: done, parts } => {
                assert_eq!(done, id);
                sent = Some(parts);
            }
            Event::Received(sms) => {
                m.ack(sms.id).unwrap();
                received = Some(sms);
            }
            Event::Report(r) => {
                m.ack(r.id).unwrap();
                report = Some(r);
            }
            _ => {}
        }
    }
    let parts = sent.unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(received.unwrap().text.as_deref(), Some("hello host"));
    let report = report.unwrap();
    assert_eq!(report.sent, Some((id, 0)));
    assert_eq!(Some(report.mr), parts[0].mr);
    // Let the acknowledgements go out, then close the line.
    let _ = tokio::time::timeout(Duration::from_secs(5), m.next_event()).await;
    assert_eq!(m.modem().pending_acks(), 0);
    let trace = m.trace().unwrap().clone();
    drop(m);
    let events = emu_task.await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, emulator::Event::Deleted { .. }))
    );
    // The recorded session replays: the driver writes the same bytes given the same input.
    let replay = trace.replay(Config::default(), std::time::Instant::now());
    let text = |ev: &[Event]| {
        ev.iter()
            .filter_map(|e| match e {
                Event::Received(r) => r.text.clone(),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(text(&replay.events), ["hello host"]);
}
