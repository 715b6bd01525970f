//! The feature `tracing`: each driver connection runs in a span `smpp_link` (role,
//! connection number) and reports binds, outcomes and closes as events. A minimal
//! recording subscriber, set for this test's thread (a current-thread runtime runs the
//! drivers there too), sees them.
#![cfg(feature = "tracing")]
#![allow(missing_docs)]

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::{EsmeClient, EsmeConfig, SmscServer};
use smpp::{Bind, CommandStatus, Pdu, SubmitSm};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    ids: Arc<AtomicU64>,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}", span.metadata().name()));
        span.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
        Id::from_u64(self.ids.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = Line(format!("event {}", event.metadata().level()));
        event.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn traces_binds_outcomes_and_closes() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let mut config = Config::default();
    config.auto_respond = true;
    let server = SmscServer::bind("127.0.0.1:0", config, |_: BindKind, _: &Bind<'_>| {
        CommandStatus::ESME_ROK
    })
    .await
    .unwrap();
    let mut esme = EsmeConfig::new(
        BindKind::Transmitter,
        Bind::new("traced".try_into().unwrap(), "pw".try_into().unwrap()),
    );
    esme.reconnect = None;
    let client = EsmeClient::connect(server.local_addr(), esme)
        .await
        .unwrap();
    let sm = SubmitSm {
        short_message: b"hi"[..].try_into().unwrap(),
        ..SubmitSm::default()
    };
    let outcome = client.submit(&Pdu::SubmitSm(sm)).await.unwrap();
    assert!(matches!(outcome, Outcome::Accepted(_)));
    client.unbind().await;
    let lines = recorder.lines.lock().unwrap().join("\n");
    assert!(
        lines.contains("span smpp_link role=Esme connection=1"),
        "{lines}"
    );
    assert!(
        lines.contains("span smpp_link role=Smsc connection=1"),
        "{lines}"
    );
    // The SMSC saw the ESME "traced" bind, the ESME the SMSC "smsc".
    for expected in [
        r#"message=bound kind=Transmitter system_id="traced""#,
        r#"message=bound kind=Transmitter system_id="smsc""#,
        "command_id=submit_sm(0x4)",
        r#"status=Some(ESME_ROK(0x0)) outcome="accepted""#,
        "message=closed reason=Unbound",
        "message=closed reason=PeerUnbound",
    ] {
        assert!(lines.contains(expected), "{expected} in {lines}");
    }
}
