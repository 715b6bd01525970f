//! `sms demo`: the gateway's main job on one machine with nothing to set up — the SMSC
//! simulator and an ESME in one process on loopback, a mix of short, long, Unicode/emoji
//! and national-language messages, every response and receipt collected and matched, a
//! progress bar, then a summary table.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use dlr::messenger::BatchSummary;
use dlr::simulator::{FinalState, Simulator};
use dlr::store::StoreSpec;
use gsm7::NationalLanguage;
use smpp::ConcatMethod;

use super::plan::{MessagePlan, plan_national, plan_text, template};
use super::progress::Progress;
use super::sender::{SendConfig, run as run_sender};
use crate::common::{CliError, print_human};

/// Arguments of `sms demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    /// How many messages to send.
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    messages: usize,
    /// Where submissions wait for their receipts: `memory`, `sqlite:PATH`,
    /// `sqlite-full:PATH` or `redis://HOST:PORT` (default: an SQLite file in a temporary directory, removed at
    /// the end).
    #[arg(long, value_name = "STORE")]
    dlr_store: Option<String>,
}

const LONG_GSM: &str = "Dear customer, your parcel 4711-0815 has left our depot and will be \
delivered tomorrow between 08:00 and 12:00. If nobody is home, it goes to the nearest pickup \
point; bring an ID. Reply STOP to opt out of these updates. Tariff: 0.00 EUR (€), thanks!";
const UNICODE: &str = "Привет! Встреча в 15:00 🎉👋";
const LONG_UNICODE: &str = "你好！您的验证码是 482913，五分钟内有效。请勿向任何人透露此验证码。\
如非本人操作，请忽略本短信。祝您生活愉快 😊🚀 Ευχαριστούμε!";
const TURKISH: &str = "Günaydın! Şifreniz: 4821. İyi günler dileriz, ğüşıöç.";
const PORTUGUESE: &str = "Olá! A sua encomenda chegará amanhã às 9h. Obrigado pela preferência.";

/// The demo's mix: message `i` of each kind in turn, long texts with every concatenation.
fn plans(n: usize) -> Result<Vec<MessagePlan>, CliError> {
    let t = template("sms-rs", "+447700900123", 1)?;
    let long_concats = [
        ConcatMethod::Udh8(0),
        ConcatMethod::Udh16(0),
        ConcatMethod::SarTlv(0),
        ConcatMethod::MessagePayload,
    ];
    (0..n)
        .map(|i| {
            let reference = i as u16;
            let plan = match i % 6 {
                0 => plan_text(
                    "short",
                    &t,
                    &format!("Your code is {:06}", i * 7919 % 1_000_000),
                    ConcatMethod::Udh8(0),
                ),
                1 => {
                    let c = long_concats[(i / 6) % 4].with_reference(i as u64);
                    plan_text("long", &t, LONG_GSM, c)
                }
                2 => plan_text("unicode", &t, UNICODE, ConcatMethod::Udh8(0)),
                3 => plan_text("unicode", &t, LONG_UNICODE, ConcatMethod::Udh16(reference)),
                4 => plan_national(&t, TURKISH, NationalLanguage::Turkish, reference as u8),
                _ => plan_national(
                    &t,
                    PORTUGUESE,
                    NationalLanguage::Portuguese,
                    reference as u8,
                ),
            };
            plan.map_err(CliError::runtime)
        })
        .collect()
}

/// A line of the table: the totals of one kind (undelivered counts the missing receipts).
fn row(name: &str, s: &BatchSummary) -> String {
    format!(
        "{name:<10} {:>8} {:>8} {:>10} {:>12} {:>8} {:>12.1}",
        s.submitted,
        s.parts,
        s.delivered,
        s.undelivered + s.dlr_missing,
        s.failed,
        s.mean_response_time().as_secs_f64() * 1000.0
    )
}

/// Runs `sms demo`.
pub(crate) fn run(args: DemoArgs) -> Result<(), CliError> {
    if args.messages == 0 {
        return Err(CliError::bad_input("--messages must be at least 1"));
    }
    let plans = plans(args.messages)?;
    // The embedded durable store by default, in a directory removed when the demo ends.
    let (store, _tmp) = match &args.dlr_store {
        Some(s) => (
            (s.parse::<StoreSpec>())
                .map_err(|e| CliError::bad_input(format!("--dlr-store: {e}")))?,
            None,
        ),
        None => {
            let dir = tempfile::tempdir()
                .map_err(|e| CliError::runtime(format!("creating a temporary directory: {e}")))?;
            (StoreSpec::Sqlite(dir.path().join("dlr.sqlite")), Some(dir))
        }
    };
    let sim = Simulator::builder()
        .account("demo", "demo")
        .receipt_delay(Duration::from_millis(20))
        .receipt_state(FinalState::Random);
    let progress = Progress::new(plans.len() as u64, true);
    let mut rows: BTreeMap<&'static str, BatchSummary> = BTreeMap::new();
    let (summary, smsc_stats) = super::runtime()?.block_on(async {
        let smsc = (sim.start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await)
            .map_err(|e| CliError::runtime(format!("cannot listen on loopback: {e}")))?;
        let config = SendConfig {
            smsc: smsc.local_addr().to_string(),
            credentials: smpp::Bind::new(
                smpp::COctetString::from_str("demo").unwrap_or_default(),
                smpp::COctetString::from_str("demo").unwrap_or_default(),
            ),
            bind: smpp::session::BindKind::Transceiver,
            window: 64,
            rate: None,
            wait_dlr: Some(Duration::from_secs(10)),
            store: store.clone(),
            run_id: None,
        };
        progress.println(&format!(
            "sms demo: SMSC simulator on {}, ESME bound as transceiver, receipts correlated \
             through the {} store; sending {} messages (short, long, Unicode/emoji, Turkish and \
             Portuguese national tables)…",
            smsc.local_addr(),
            store,
            plans.len()
        ));
        let summary = run_sender(
            &config,
            &plans,
            |r, s| {
                let kind = plans[r.index].kind;
                rows.entry(kind)
                    .or_insert_with(|| BatchSummary::new(true))
                    .add(r);
                progress.settled(|| {
                    format!(
                        "{} delivered, {} failed",
                        s.delivered,
                        s.failed + s.undelivered
                    )
                });
            },
            |_| {},
        )
        .await;
        let stats = smsc.shutdown().await;
        Ok::<_, CliError>((summary?, stats))
    })?;
    progress.finish();
    let mut table = vec![format!(
        "{:<10} {:>8} {:>8} {:>10} {:>12} {:>8} {:>12}",
        "kind", "messages", "parts", "delivered", "undelivered", "failed", "avg resp ms"
    )];
    table.extend(rows.iter().map(|(name, s)| row(name, s)));
    table.push(row("total", &summary));
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    table.push(format!(
        "\n{} messages ({} parts) in {:.2} s: {:.0} msg/s, {:.0} parts/s; receipts missing: {}",
        summary.submitted,
        summary.parts,
        secs,
        summary.submitted as f64 / secs,
        summary.parts as f64 / secs,
        summary.dlr_missing
    ));
    table.push(format!(
        "Receipts correlated through the {} store: {} stored, each acknowledged once stored; \
         {} before their submit_sm_resp, {} duplicates recognised",
        store, summary.receipts, summary.receipts_early, summary.receipts_duplicate
    ));
    table.push(format!(
        "SMSC side: {} submit_sm reassembled into {} messages, {} receipts sent, {} acknowledged \
         (final states drawn at random: 94% DELIVRD, 3% UNDELIV, 2% EXPIRED, 1% REJECTD)",
        smsc_stats.submissions,
        smsc_stats.messages,
        smsc_stats.receipts_sent,
        smsc_stats.receipts_acked
    ));
    print_human(&table.join("\n"))?;
    if summary.failed == 0 && summary.dlr_missing == 0 {
        Ok(())
    } else {
        Err(CliError::runtime(format!(
            "{} messages failed, {} receipts missing",
            summary.failed, summary.dlr_missing
        )))
    }
}
