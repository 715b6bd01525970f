//! Reconnect and shutdown behaviour of the tokio drivers over loopback TCP. The peer
//! SMSC here is the crate's sans-IO SMSC session driven by hand, so the test decides
//! exactly when the connection dies. PDU layout: SMPP 3.4 §4.4.1 submit_sm.
#![cfg(feature = "tokio")]
#![allow(missing_docs)]

use std::time::Duration;

use bytes::Bytes;
use smpp::session::{BindKind, CloseReason, Config, Event, MessageIds, Outcome, Session};
use smpp::tokio::{Backoff, EsmeClient, EsmeConfig, LinkError, LinkEvent, SmscServer};
use smpp::{CommandId, CommandStatus};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// submit_sm: service_type "", source 1/1 "12345", dest 1/1 "447700900123", sm "hi".
fn submit_sm() -> Bytes {
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(b"12345\0");
    body.extend_from_slice(&[1, 1]);
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    body.extend_from_slice(b"hi");
    let mut v = ((16 + body.len()) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(&CommandId::SUBMIT_SM.0.to_be_bytes());
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(&body);
    Bytes::from(v)
}

fn accept_all(_k: BindKind, _b: &smpp::Bind<'_>) -> CommandStatus {
    CommandStatus::ESME_ROK
}

/// Serves one connection with a hand-driven SMSC session. With `drop_after`, the
/// connection is dropped (no response, no unbind) once that many requests arrived.
async fn serve(mut stream: TcpStream, auto_respond: bool, drop_after: Option<usize>) {
    let mut config = Config::default();
    config.auto_respond = auto_respond;
    let now = tokio::time::Instant::now().into_std();
    let mut s: Session<()> = Session::smsc(config, now, accept_all, MessageIds::default());
    let mut buf = vec![0u8; 4096];
    let mut requests = 0;
    loop {
        let mut out = Vec::new();
        while s.poll_transmit(&mut out) {}
        stream.write_all(&out).await.unwrap();
        while let Some(e) = s.poll_event() {
            if let Event::Request(_) = e {
                requests += 1;
            }
            if let Event::Closed(_) = e {
                return;
            }
        }
        if drop_after.is_some_and(|n| requests >= n) {
            return; // the stream drops here: connection lost mid-window
        }
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return;
        }
        s.handle_input(tokio::time::Instant::now().into_std(), &buf[..n]);
    }
}

fn config() -> EsmeConfig {
    let mut c = EsmeConfig::new(
        BindKind::Transceiver,
        smpp::Bind::new("esme1".try_into().unwrap(), "pw".try_into().unwrap()),
    );
    c.reconnect = Some(Backoff {
        initial: Duration::from_millis(10),
        max: Duration::from_millis(100),
    });
    c
}

#[tokio::test]
async fn accepts_reconnect_reporting_in_flight_as_lost() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let peer = tokio::spawn(async move {
        let (first, _) = listener.accept().await.unwrap();
        serve(first, false, Some(3)).await;
        let (second, _) = listener.accept().await.unwrap();
        serve(second, true, None).await;
    });
    let mut client = EsmeClient::connect(addr, config()).await.unwrap();
    let pending: Vec<_> = (0..3)
        .map(|_| tokio::spawn(client.link().submit_encoded(submit_sm())))
        .collect();
    for p in pending {
        // Each request in flight when the link dropped ends as ConnectionLost, once.
        let outcome = p.await.unwrap().unwrap();
        assert!(matches!(outcome, Outcome::ConnectionLost), "{outcome:?}");
    }
    // The client reconnects and rebinds by itself; the next request goes through.
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client.link().submit_encoded(submit_sm()),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(matches!(outcome, Outcome::Accepted(_)), "{outcome:?}");
    // The events tell the story: bound, transport closed, bound again.
    let mut story = Vec::new();
    while story.len() < 3 {
        match tokio::time::timeout(Duration::from_secs(5), client.next_event()).await {
            Ok(Some(LinkEvent::Bound { .. })) => story.push("bound"),
            Ok(Some(LinkEvent::Closed(CloseReason::TransportClosed))) => story.push("closed"),
            Ok(Some(_)) => {}
            _ => break,
        }
    }
    assert_eq!(story, ["bound", "closed", "bound"]);
    client.unbind().await;
    peer.await.unwrap();
}

#[tokio::test]
async fn accepts_server_shutdown_unbinding_clients() {
    let mut smsc = Config::default();
    smsc.auto_respond = true;
    let mut server = SmscServer::bind("127.0.0.1:0", smsc, accept_all)
        .await
        .unwrap();
    let mut c = config();
    c.reconnect = None;
    let client = EsmeClient::connect(server.local_addr(), c).await.unwrap();
    let link = server.accept().await.unwrap();
    assert_eq!(link.kind, BindKind::Transceiver);
    let ok = client.link().submit_encoded(submit_sm()).await.unwrap();
    assert!(matches!(ok, Outcome::Accepted(_)));
    server.shutdown();
    // The SMSC unbinds (3.4 §4.2); the ESME answers and, without reconnect, stops.
    let after = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match client.link().submit_encoded(submit_sm()).await {
                Err(LinkError::Closed) => break,
                _ => tokio::time::sleep(Duration::from_millis(5)).await,
            }
        }
    })
    .await;
    assert!(after.is_ok());
    drop(link);
}
