//! An integration test of an ESME against the embedded SMSC simulator: start it in three
//! lines, bind, submit with a receipt requested, read the receipt, receive an MO message,
//! and check what the simulator stored. Asserts its outcome, so CI runs it as a test:
//!
//! ```text
//! cargo run -p sms-dlr --features tokio --example simulator
//! ```

use std::time::Duration;

use dlr::simulator::{Address, Mo, Simulator};
use dlr::{DecodeOptions, DeliveryReport, State};
use smpp::session::{BindKind, Outcome};
use smpp::tokio::{EsmeClient, EsmeConfig};
use smpp::{Bind, CommandStatus, Pdu, SubmitSm};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The simulator: one account, receipts 10 ms after each accepted message.
    let sim = Simulator::builder()
        .account("esme", "secret")
        .receipt_delay(Duration::from_millis(10))
        .start("127.0.0.1:0")
        .await?;

    // The ESME under test (here smpp's own client) binds as a transceiver.
    let bind = Bind::new("esme".try_into()?, "secret".try_into()?);
    let config = EsmeConfig::new(BindKind::Transceiver, bind);
    let mut esme = EsmeClient::connect(sim.local_addr(), config).await?;

    // submit_sm with registered_delivery 1: a receipt on the final outcome (SMPP 3.4 §5.2.17).
    let mut sm = SubmitSm::new("MyShop", "+447700900123", b"Your order has shipped")?;
    sm.registered_delivery = smpp::RegisteredDelivery(1);
    let Outcome::Accepted(resp) = esme.submit(&Pdu::SubmitSm(sm)).await? else {
        return Err("submit_sm not accepted".into());
    };
    let id = resp.message_id().ok_or("no message id")?.to_owned();

    // The receipt, then an MO message the "handset" sends back.
    let mo = Mo::new(
        "esme",
        Address::international("447700900123"),
        Address::new(smpp::Ton::ALPHANUMERIC, smpp::Npi::UNKNOWN, "MyShop"),
        "Thanks!",
    );
    sim.send_mo(&mo)?;
    let (mut receipt, mut reply) = (None, None);
    while receipt.is_none() || reply.is_none() {
        let mut incoming = tokio::time::timeout(Duration::from_secs(10), esme.next_incoming())
            .await?
            .ok_or("link closed")?;
        esme.link().ack(&mut incoming, CommandStatus::ESME_ROK)?;
        let Pdu::DeliverSm(dsm) = incoming.pdu() else {
            continue;
        };
        if dsm.esm_class.is_receipt() {
            receipt = Some(DeliveryReport::from_deliver_sm(
                &dsm,
                &DecodeOptions::strict(),
            )?);
        } else {
            reply = Some(dsm.text()?);
        }
    }
    let receipt = receipt.ok_or("no receipt")?;
    assert_eq!(receipt.message_id, id.as_str());
    assert_eq!(receipt.state, State::Delivered);
    assert_eq!(reply.as_deref(), Some("Thanks!"));

    // What the simulator saw.
    let stored = sim.message(&id).ok_or("not stored")?;
    assert_eq!(stored.text, "Your order has shipped");
    assert_eq!(stored.source.addr, "MyShop");
    esme.unbind().await;
    let stats = sim.shutdown().await;
    assert_eq!(
        (stats.accepted, stats.receipts_sent, stats.mo_sent),
        (1, 1, 1)
    );
    println!(
        "message {id}: {:?}, receipt and MO received; simulator: {stats:?}",
        receipt.state
    );
    Ok(())
}
