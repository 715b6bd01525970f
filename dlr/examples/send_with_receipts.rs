//! Bind, send a long Unicode message, and wait until every part's receipt is matched.
//!
//! Runs against dlr's SMSC simulator started here (it checks the account, accepts each
//! submit_sm and sends an SMPP 3.4 Appendix B receipt for each part), so it needs nothing
//! else: `cargo run -p sms-dlr --features tokio --example send_with_receipts`.
//! It asserts its outcome, so CI runs it.

use std::time::Duration;

use dlr::messenger::{Binds, Messenger, MessengerConfig};
use dlr::simulator::Simulator;
use dlr::store::MemoryStore;
use dlr::{CorrelationConfig, IdNormalizer, State};
use smpp::{Bind, Concat, DataCoding, Npi, SubmitSm, TextOptions, Ton};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // dlr's SMSC simulator: the account below, a receipt 10 ms after each submit_sm.
    let smsc = Simulator::builder()
        .account("esme", "secret")
        .receipt_delay(Duration::from_millis(10))
        .start("127.0.0.1:0")
        .await?;

    // One transceiver bind, 10 requests in flight at most.
    let credentials = Bind::new("esme".try_into()?, "secret".try_into()?);
    let store = MemoryStore::new(
        "esme@example",
        IdNormalizer::default(),
        CorrelationConfig::default(),
    );
    let messenger = Messenger::connect(
        smsc.local_addr(),
        Binds::transceiver(credentials, 10),
        Box::new(store),
        MessengerConfig::default(),
    )
    .await?;

    // UCS-2 (the text has Cyrillic and an emoji): 67 characters per part with a UDH.
    let text = "Здравствуйте! Ваш заказ 4711 отправлен и будет доставлен завтра \
                между 8:00 и 12:00. Спасибо, что выбрали нас! 📦🚚";
    let template = SubmitSm {
        source_addr_ton: Ton::ALPHANUMERIC,
        source_addr: "Shop".try_into()?,
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "447700900123".try_into()?,
        // SMPP 3.4 §5.2.17: a receipt for the final outcome.
        registered_delivery: 1,
        ..SubmitSm::default()
    };
    let options = TextOptions {
        data_coding: DataCoding::Auto,
        concat: Concat::Udh8(0),
    };
    let mut handle = messenger.send_text(&template, text, &options).await?;
    println!("{} parts as {}", handle.parts(), handle.key());

    let submitted = handle.submitted().await;
    for (i, part) in submitted.parts.iter().enumerate() {
        println!("part {}: {part}", i + 1);
    }
    assert!(submitted.all_accepted(), "{submitted:?}");

    let outcome = tokio::time::timeout(Duration::from_secs(10), handle.outcome()).await?;
    for (i, state) in outcome.states.iter().enumerate() {
        println!("part {}: receipt {state:?}", i + 1);
    }
    assert!(outcome.states.len() >= 2, "a long message: {outcome:?}");
    assert!(
        outcome.states.iter().all(|s| *s == Some(State::Delivered)),
        "{outcome:?}"
    );
    assert_eq!(outcome.state(), Some(State::Delivered));
    println!("message {}: {:?}", outcome.key, outcome.state());
    messenger.close().await;
    let stats = smsc.shutdown().await;
    println!("simulator: {stats:?}");
    Ok(())
}
