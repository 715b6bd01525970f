//! A pool of four binds to one account: messages go to the least-loaded bind, each bind
//! with its own window and rate, and every receipt is matched whichever bind it comes on.
//!
//! Runs against dlr's SMSC simulator, started here:
//! `cargo run -p sms-dlr --features tokio --example pool`. It asserts its outcome, so CI
//! runs it.

use std::time::Duration;

use dlr::messenger::{Binds, Messenger, MessengerConfig};
use dlr::simulator::Simulator;
use dlr::store::MemoryStore;
use dlr::{CorrelationConfig, IdNormalizer, State};
use smpp::{Bind, SubmitSm, TextOptions};
use tokio::task::JoinSet;

const MESSAGES: usize = 2_000;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // dlr's SMSC simulator: the account below, a receipt 10 ms after each submit_sm.
    let smsc = Simulator::builder()
        .account("esme", "secret")
        .receipt_delay(Duration::from_millis(10))
        .start("127.0.0.1:0")
        .await?;
    let credentials = Bind::new("esme".try_into()?, "secret".try_into()?);
    let store = MemoryStore::new(
        "esme@example",
        IdNormalizer::default(),
        CorrelationConfig::default(),
    );
    // Four transceivers, 32 requests in flight and 5 000 parts per second at most each.
    let binds = Binds::pool(4, credentials, 32).with_rate(5_000);
    let messenger = Messenger::connect(
        smsc.local_addr(),
        binds,
        Box::new(store),
        MessengerConfig::default(),
    )
    .await?;

    let template = SubmitSm {
        destination_addr: "447700900123".try_into()?,
        registered_delivery: 1,
        ..SubmitSm::default()
    };
    let mut waiting = JoinSet::new();
    for i in 0..MESSAGES {
        let text = format!("Your code is {:06}", i * 7919 % 1_000_000);
        let mut handle = messenger
            .send_text(&template, &text, &TextOptions::default())
            .await?;
        waiting.spawn(async move {
            let outcome = tokio::time::timeout(Duration::from_secs(30), handle.outcome()).await;
            outcome.cloned()
        });
    }
    let mut per_bind = [0usize; 4];
    let mut delivered = 0;
    while let Some(joined) = waiting.join_next().await {
        let outcome = joined??;
        assert!(outcome.submitted.all_accepted(), "{outcome:?}");
        if outcome.state() == Some(State::Delivered) {
            delivered += 1;
        }
        if let Some(b) = outcome.submitted.bind {
            per_bind[b] += 1;
        }
    }
    let stats = messenger.stats();
    println!("{MESSAGES} messages, {delivered} delivered; per bind {per_bind:?}; {stats:?}");
    assert_eq!(delivered, MESSAGES);
    // Least-loaded dispatch uses every bind.
    assert!(per_bind.iter().all(|&n| n > 0), "{per_bind:?}");
    assert_eq!(stats.receipts, MESSAGES as u64);
    messenger.close().await;
    let stats = smsc.shutdown().await;
    println!("simulator: {stats:?}");
    Ok(())
}
