//! Requests and replies through the tokio drivers over loopback TCP: per-request and
//! window-wait timeouts, cancellation by dropping a future, the explicit enquire_link,
//! replies that either go out or say why not (`ack`, `accept`, `respond`), typed
//! incoming requests, and the connection generation that keeps a stale reply off a new
//! connection. Both ends are this crate's drivers; the PDUs are built from their SMPP 3.4
//! field definitions (§4.4.1 submit_sm, §4.6.1 deliver_sm, §4.7.1 data_sm, §4.12.1
//! alert_notification; esm_class §5.2.12).
#![cfg(feature = "tokio")]
#![allow(missing_docs)]

use std::time::Duration;

use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::{
    Backoff, EsmeClient, EsmeConfig, IncomingKind, LinkError, ReplyError, RequestOptions, SmscLink,
    SmscServer,
};
use smpp::{
    AlertNotification, Bind, CommandId, CommandStatus, DataSm, DeliverSm, Pdu, SubmitSm,
    SubmitSmResp,
};

fn submit_sm(text: &'static str) -> Pdu<'static> {
    Pdu::SubmitSm(SubmitSm {
        source_addr: "12345".try_into().unwrap(),
        destination_addr: "447700900123".try_into().unwrap(),
        short_message: text.as_bytes().try_into().unwrap(),
        ..SubmitSm::default()
    })
}

/// deliver_sm with esm_class `esm` (3.4 §5.2.12: 0x00 MO, 0x04 SMSC delivery receipt).
fn deliver_sm(esm: u8, text: &'static str) -> Pdu<'static> {
    Pdu::DeliverSm(DeliverSm {
        source_addr: "447700900123".try_into().unwrap(),
        destination_addr: "12345".try_into().unwrap(),
        esm_class: smpp::EsmClass(esm),
        short_message: text.as_bytes().try_into().unwrap(),
        ..DeliverSm::default()
    })
}

async fn server(config: Config) -> SmscServer {
    SmscServer::bind("127.0.0.1:0", config, |_: BindKind, _: &Bind<'_>| {
        CommandStatus::ESME_ROK
    })
    .await
    .unwrap()
}

fn esme(kind: BindKind) -> EsmeConfig {
    let mut c = EsmeConfig::new(
        kind,
        Bind::new("esme".try_into().unwrap(), "pw".try_into().unwrap()),
    );
    c.reconnect = None;
    c
}

async fn connect(server: &mut SmscServer, config: EsmeConfig) -> (EsmeClient, SmscLink) {
    let addr = server.local_addr();
    let client = EsmeClient::connect(addr, config).await.unwrap();
    let link = server.accept().await.unwrap();
    (client, link)
}

const SECOND: Duration = Duration::from_secs(1);

#[tokio::test]
async fn refuses_ack_rok_for_submit_sm_and_accept_sends_the_id() {
    // The trap of issue 15: ack(ESME_ROK) for a submit_sm used to return Ok and send
    // nothing. Now it says why, and accept() sends submit_sm_resp with the id.
    let mut server = server(Config::default()).await;
    let (client, mut smsc) = connect(&mut server, esme(BindKind::Transceiver)).await;
    let sent = tokio::spawn(client.submit(&submit_sm("hello")));
    let mut req = smsc.incoming.recv().await.unwrap();
    assert_eq!(req.kind(), IncomingKind::SubmitSm);
    assert_eq!(
        smsc.link.ack(&mut req, CommandStatus::ESME_ROK),
        Err(ReplyError::NeedsBody(CommandId::SUBMIT_SM))
    );
    // A response of the wrong type is refused too.
    let wrong = Pdu::DeliverSmResp(Default::default());
    assert!(matches!(
        smsc.link.respond(&mut req, CommandStatus::ESME_ROK, wrong),
        Err(ReplyError::WrongResponse { .. })
    ));
    assert_eq!(
        smsc.link.accept(&mut req, &"x".repeat(65)),
        Err(ReplyError::InvalidMessageId)
    );
    smsc.link.accept(&mut req, "msg-4711").unwrap();
    assert_eq!(
        smsc.link.accept(&mut req, "again"),
        Err(ReplyError::AlreadyAnswered)
    );
    let outcome = tokio::time::timeout(SECOND, sent).await.unwrap().unwrap();
    match outcome.unwrap() {
        Outcome::Accepted(r) => assert_eq!(r.message_id(), Some("msg-4711")),
        other => panic!("{other:?}"),
    }
    // An error status goes out header-only through ack.
    let sent = tokio::spawn(client.submit(&submit_sm("refuse me")));
    let mut req = smsc.incoming.recv().await.unwrap();
    smsc.link
        .ack(&mut req, CommandStatus::ESME_RINVDSTADR)
        .unwrap();
    match sent.await.unwrap().unwrap() {
        Outcome::Rejected(r) => assert_eq!(r.status(), CommandStatus::ESME_RINVDSTADR),
        other => panic!("{other:?}"),
    }
    // And respond() with the full PDU.
    let sent = tokio::spawn(client.submit(&submit_sm("respond")));
    let mut req = smsc.incoming.recv().await.unwrap();
    let resp = Pdu::SubmitSmResp(SubmitSmResp {
        message_id: "r1".try_into().unwrap(),
        ..SubmitSmResp::default()
    });
    smsc.link
        .respond(&mut req, CommandStatus::ESME_ROK, resp)
        .unwrap();
    match sent.await.unwrap().unwrap() {
        Outcome::Accepted(r) => assert_eq!(r.message_id(), Some("r1")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn times_out_a_request_on_its_own_timeout() {
    // The SMSC never answers; the config's 30 s default would hold the request, the
    // request's own 200 ms ends it.
    let mut server = server(Config::default()).await;
    let (client, mut smsc) = connect(&mut server, esme(BindKind::Transmitter)).await;
    let opts = RequestOptions::new().response_timeout(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let sent = client.link().submit_with(&submit_sm("slow"), opts);
    let outcome = tokio::time::timeout(5 * SECOND, sent).await.unwrap();
    assert!(matches!(outcome, Ok(Outcome::Timeout)), "{outcome:?}");
    assert!(started.elapsed() < 5 * SECOND);
    assert!(smsc.incoming.recv().await.is_some());
    let m = client.link().metrics();
    assert_eq!((m.submitted, m.timed_out, m.in_flight), (1, 1, 0));
}

#[tokio::test]
async fn gives_up_unsent_after_the_window_wait() {
    // Window of 1 held by an unanswered request: the next one waits 150 ms for a slot,
    // then ends WindowTimeout and is never sent.
    let mut config = esme(BindKind::Transmitter);
    config.session.window = 1;
    let mut server = server(Config::default()).await;
    let (client, mut smsc) = connect(&mut server, config).await;
    let first = tokio::spawn(client.submit(&submit_sm("first")));
    let mut req = smsc.incoming.recv().await.unwrap();
    let opts = RequestOptions::new().window_wait(Duration::from_millis(150));
    let second = client.link().submit_with(&submit_sm("second"), opts).await;
    assert_eq!(second.unwrap_err(), LinkError::WindowTimeout);
    smsc.link.accept(&mut req, "1").unwrap();
    assert!(matches!(first.await.unwrap(), Ok(Outcome::Accepted(_))));
    let third = tokio::spawn(client.submit(&submit_sm("third")));
    let mut req = smsc.incoming.recv().await.unwrap();
    let Pdu::SubmitSm(sm) = req.pdu() else {
        panic!()
    };
    assert_eq!(sm.short_message.as_bytes(), b"third", "second was sent");
    smsc.link.accept(&mut req, "3").unwrap();
    assert!(matches!(third.await.unwrap(), Ok(Outcome::Accepted(_))));
    let m = client.link().metrics();
    assert_eq!((m.submitted, m.accepted, m.window_timeouts), (2, 2, 1));
}

#[tokio::test]
async fn cancels_a_dropped_request_not_yet_sent() {
    let mut config = esme(BindKind::Transmitter);
    config.session.window = 1;
    let mut server = server(Config::default()).await;
    let (client, mut smsc) = connect(&mut server, config).await;
    let first = tokio::spawn(client.submit(&submit_sm("first")));
    let mut req = smsc.incoming.recv().await.unwrap();
    // Queued behind the full window, then dropped: never sent.
    drop(client.submit(&submit_sm("dropped")));
    let third = tokio::spawn(client.submit(&submit_sm("third")));
    smsc.link.accept(&mut req, "1").unwrap();
    first.await.unwrap().unwrap();
    let mut req = smsc.incoming.recv().await.unwrap();
    let Pdu::SubmitSm(sm) = req.pdu() else {
        panic!()
    };
    assert_eq!(sm.short_message.as_bytes(), b"third");
    smsc.link.accept(&mut req, "3").unwrap();
    third.await.unwrap().unwrap();
    let m = client.link().metrics();
    assert_eq!((m.submitted, m.cancelled), (2, 1));
}

#[tokio::test]
async fn cancels_or_gives_up_requests_waiting_in_line_behind_a_full_queue() {
    // Window of 1 held by an unanswered request, queue of 1 holding "queued": later
    // calls wait in line. One is dropped there, one gives up after its window wait;
    // neither is sent, and the one after them goes out next.
    let mut config = esme(BindKind::Transmitter);
    config.session.window = 1;
    config.queue = 1;
    let mut server = server(Config::default()).await;
    let (client, mut smsc) = connect(&mut server, config).await;
    let first = tokio::spawn(client.submit(&submit_sm("first")));
    let mut req = smsc.incoming.recv().await.unwrap();
    let queued = tokio::spawn(client.submit(&submit_sm("queued")));
    drop(client.submit(&submit_sm("dropped")));
    let opts = RequestOptions::new().window_wait(Duration::from_millis(150));
    let late = client.link().submit_with(&submit_sm("late"), opts).await;
    assert_eq!(late.unwrap_err(), LinkError::WindowTimeout);
    let last = tokio::spawn(client.submit(&submit_sm("last")));
    for (text, task) in [("first", first), ("queued", queued), ("last", last)] {
        let Pdu::SubmitSm(sm) = req.pdu() else {
            panic!()
        };
        assert_eq!(sm.short_message.as_bytes(), text.as_bytes());
        smsc.link.accept(&mut req, text).unwrap();
        assert!(matches!(task.await.unwrap(), Ok(Outcome::Accepted(_))));
        if text != "last" {
            req = smsc.incoming.recv().await.unwrap();
        }
    }
    let m = client.link().metrics();
    assert_eq!(
        (m.submitted, m.accepted, m.cancelled, m.window_timeouts),
        (3, 3, 1, 1)
    );
}

#[test]
fn accepts_futures_mapped_from_borrowed_parts() {
    // Edition 2024 captures every lifetime in scope unless `use<>` says otherwise: the
    // futures of submit must borrow neither the link nor the PDU, so the parts of a
    // message map to futures in a closure and outlive both.
    fn futures(
        link: &smpp::tokio::Link,
        parts: &[Pdu<'_>],
    ) -> Vec<impl Future<Output = Result<Outcome, LinkError>> + Send + 'static + use<>> {
        parts.iter().map(|p| link.submit(p)).collect()
    }
    let _ = futures;
}

#[tokio::test]
async fn answers_an_explicit_enquire_link() {
    let mut server = server(Config::default()).await;
    let (client, _smsc) = connect(&mut server, esme(BindKind::Transmitter)).await;
    let outcome = tokio::time::timeout(SECOND, client.link().enquire_link())
        .await
        .unwrap()
        .unwrap();
    match outcome {
        Outcome::Accepted(r) => assert_eq!(r.header().command_id, CommandId::ENQUIRE_LINK_RESP),
        other => panic!("{other:?}"),
    }
    // A probe, not a request of the caller's: not counted.
    let m = client.link().metrics();
    assert_eq!((m.submitted, m.accepted), (0, 0));
}

#[tokio::test]
async fn types_what_the_smsc_sends() {
    let mut server = server(Config::default()).await;
    let (mut client, smsc) = connect(&mut server, esme(BindKind::Transceiver)).await;
    let data_receipt = Pdu::DataSm(DataSm {
        esm_class: smpp::EsmClass(0x04),
        ..DataSm::default()
    });
    let sends = [
        (deliver_sm(0x00, "MO text"), IncomingKind::Message),
        (deliver_sm(0x04, "id:1 stat:DELIVRD"), IncomingKind::Receipt),
        (deliver_sm(0x20, "id:1 stat:ENROUTE"), IncomingKind::Receipt),
        (deliver_sm(0x08, "SME ack"), IncomingKind::Other),
        (Pdu::DataSm(DataSm::default()), IncomingKind::DataSm),
        (data_receipt, IncomingKind::Receipt),
        (
            Pdu::AlertNotification(AlertNotification {
                source_addr: "447700900123".try_into().unwrap(),
                ..AlertNotification::default()
            }),
            IncomingKind::AlertNotification,
        ),
    ];
    for (pdu, kind) in sends {
        let outcome = smsc.link.submit(&pdu);
        let mut incoming = tokio::time::timeout(SECOND, client.next_incoming())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(incoming.kind(), kind, "{:?}", incoming.pdu());
        assert_eq!(incoming.connection(), 1);
        if kind == IncomingKind::AlertNotification {
            // No response exists (3.4 §4.12).
            assert!(incoming.answered());
            assert_eq!(
                client.link().ack(&mut incoming, CommandStatus::ESME_ROK),
                Err(ReplyError::AlreadyAnswered)
            );
            assert!(matches!(outcome.await, Ok(Outcome::Sent)));
        } else {
            client
                .link()
                .ack(&mut incoming, CommandStatus::ESME_ROK)
                .unwrap();
            assert!(matches!(outcome.await, Ok(Outcome::Accepted(_))));
        }
    }
}

#[tokio::test]
async fn refuses_a_reply_to_a_request_of_an_earlier_connection() {
    // The first deliver_sm of each connection carries sequence_number 1: answering the
    // stale one after a reconnect would answer the new one. It is refused instead.
    let mut server = server(Config::default()).await;
    let mut config = esme(BindKind::Transceiver);
    config.reconnect = Some(Backoff {
        initial: Duration::from_millis(10),
        max: Duration::from_millis(50),
    });
    let (mut client, first) = connect(&mut server, config).await;
    let lost = first.link.submit(&deliver_sm(0x00, "on connection 1"));
    let mut stale = client.next_incoming().await.unwrap();
    assert_eq!((stale.connection(), stale.sequence_number()), (1, 1));
    first.link.abort().unwrap();
    assert!(matches!(lost.await, Ok(Outcome::ConnectionLost)));
    let second = tokio::time::timeout(5 * SECOND, server.accept())
        .await
        .unwrap()
        .unwrap();
    let fresh_outcome = tokio::spawn(second.link.submit(&deliver_sm(0x00, "on connection 2")));
    let mut fresh = client.next_incoming().await.unwrap();
    assert_eq!((fresh.connection(), fresh.sequence_number()), (2, 1));
    assert_eq!(client.link().connection(), 2);
    assert_eq!(
        client.link().ack(&mut stale, CommandStatus::ESME_ROK),
        Err(ReplyError::StaleConnection {
            incoming: 1,
            current: 2
        })
    );
    // The new connection's request is still waiting: the stale ack did not answer it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!fresh_outcome.is_finished());
    client
        .link()
        .ack(&mut fresh, CommandStatus::ESME_ROK)
        .unwrap();
    let outcome = tokio::time::timeout(SECOND, fresh_outcome).await.unwrap();
    assert!(matches!(outcome.unwrap(), Ok(Outcome::Accepted(_))));
    // A reply through another connection's link is refused the same way.
    let third = second.link.submit(&deliver_sm(0x00, "x"));
    let mut req = client.next_incoming().await.unwrap();
    let other = first.link.ack(&mut req, CommandStatus::ESME_ROK);
    assert!(other.is_err(), "{other:?}");
    client
        .link()
        .ack(&mut req, CommandStatus::ESME_ROK)
        .unwrap();
    assert!(matches!(third.await, Ok(Outcome::Accepted(_))));
}
