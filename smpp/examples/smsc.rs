//! A minimal SMSC on [`SmscServer`]: binds checked against one password, every submit_sm
//! answered with a message id of its own, and one mobile-originated deliver_sm sent to the
//! ESME. It checks itself with an ESME ([`EsmeClient`]) in the same process, and asserts the
//! outcome, so CI runs it as a test:
//!
//! ```text
//! cargo run -p sms-smpp --features tokio --example smsc
//! ```
//!
//! For a full simulator (receipts, faults, store and forward) see `dlr::simulator`.

use std::time::Duration;

use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::{ConnectError, EsmeClient, EsmeConfig, IncomingKind, SmscServer};
use smpp::{Bind, CommandStatus, DeliverSm, Npi, Pdu, SubmitSm, Ton};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // SMPP 3.4 §5.1.3: a wrong password is answered ESME_RINVPASWD (0x0E), an unknown
    // system_id ESME_RINVSYSID (0x0F).
    let authenticate = |_kind: BindKind, bind: &Bind<'_>| match bind.system_id.as_bytes() {
        b"esme" if bind.password.as_bytes() == b"secret" => CommandStatus::ESME_ROK,
        b"esme" => CommandStatus::ESME_RINVPASWD,
        _ => CommandStatus::ESME_RINVSYSID,
    };
    let mut server = SmscServer::bind("127.0.0.1:0", Config::default(), authenticate).await?;
    let addr = server.local_addr();

    // The SMSC: for each bound ESME, answer submit_sm with ids 1, 2, … and send one MO.
    let smsc = tokio::spawn(async move {
        let mut bound = server.accept().await.expect("a bind");
        // SMPP 3.4 §4.6.1: from the handset (international ISDN) to the ESME's short code.
        let mo = DeliverSm {
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900123".try_into()?,
            destination_addr: "12345".try_into()?,
            short_message: b"Hello from a handset".as_slice().try_into()?,
            ..DeliverSm::default()
        };
        let mo = bound.link.submit(&Pdu::DeliverSm(mo));
        let mut next_id = 1u64;
        while let Some(mut request) = bound.incoming.recv().await {
            if request.kind() == IncomingKind::SubmitSm {
                // submit_sm_resp with the message id (SMPP 3.4 §4.4.2).
                let id = next_id.to_string();
                next_id += 1;
                bound.link.accept(&mut request, &id)?;
            } else if !request.answered() {
                bound
                    .link
                    .ack(&mut request, CommandStatus::ESME_RINVCMDID)?;
            }
        }
        // The link closed (the ESME unbound): how did the MO fare?
        let mo = mo.await?;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>((next_id - 1, mo))
    });

    // An ESME with the wrong password is refused …
    let wrong = Bind::new("esme".try_into()?, "guess".try_into()?);
    let refused = EsmeClient::connect(addr, EsmeConfig::new(BindKind::Transceiver, wrong)).await;
    assert!(matches!(
        refused,
        Err(ConnectError::BindFailed(Some(
            CommandStatus::ESME_RINVPASWD
        )))
    ));
    // … the right one binds, gets a message id per submit_sm and the MO.
    let bind = Bind::new("esme".try_into()?, "secret".try_into()?);
    let mut esme = EsmeClient::connect(addr, EsmeConfig::new(BindKind::Transceiver, bind)).await?;
    let mut ids = Vec::new();
    for text in ["first", "second"] {
        let sm = SubmitSm::new("12345", "+447700900123", text.as_bytes())?;
        match esme.submit(&Pdu::SubmitSm(sm)).await? {
            Outcome::Accepted(resp) => ids.push(resp.message_id().unwrap_or("").to_owned()),
            other => return Err(format!("submit_sm: {other:?}").into()),
        }
    }
    assert_eq!(ids, ["1", "2"]);
    let mut mo = tokio::time::timeout(Duration::from_secs(10), esme.next_incoming())
        .await?
        .ok_or("no MO")?;
    assert_eq!(mo.kind(), IncomingKind::Message);
    esme.link().ack(&mut mo, CommandStatus::ESME_ROK)?;
    let Pdu::DeliverSm(sm) = mo.pdu() else {
        return Err("not a deliver_sm".into());
    };
    assert_eq!(sm.text()?, "Hello from a handset");
    esme.unbind().await;

    let (answered, mo) = smsc.await?.map_err(|e| e.to_string())?;
    assert_eq!(answered, 2);
    assert!(matches!(mo, Outcome::Accepted(_)), "{mo:?}");
    println!("SMSC: refused a wrong password, issued ids {ids:?}, MO acknowledged");
    Ok(())
}
