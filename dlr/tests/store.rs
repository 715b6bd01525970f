//! One conformance suite, run against every correlation store: memory, SQLite and Redis
//! (a real redis-server started here). Then what only the durable and shared stores
//! promise: a reopened SQLite file, nodes racing on one Redis, refusing a node whose id
//! normalisation differs.

mod support;

use core::time::Duration;
use std::sync::atomic::{AtomicU32, Ordering};

use dlr::store::{
    CorrelationStore, MemoryStore, OpResult, RedisStore, SqliteStore, StoreError, StoreEvent,
    StoreOp, Synchronous,
};
use dlr::{CorrelationConfig, CorrelationError, IdFormat, IdNormalizer, IdOrigin, State};
use support::redis_server::RedisServer;

const T0: u64 = 1_800_000_000;

fn t(s: u64) -> Duration {
    Duration::from_secs(T0 + s)
}

fn config() -> CorrelationConfig {
    CorrelationConfig {
        message_ttl: Duration::from_secs(3600),
        pending_ttl: Duration::from_secs(600),
        ..CorrelationConfig::default()
    }
}

/// cloudhopper-smpp `parseRealWorldReceipt0`: submit_sm_resp `38601fa` (hex), receipt text
/// `id:0059113978` (the same number in decimal).
fn hex_decimal() -> IdNormalizer {
    IdNormalizer {
        submit_resp: IdFormat::Hex,
        receipt_text: IdFormat::Decimal,
        receipt_tlv: IdFormat::Hex,
        ..IdNormalizer::default()
    }
}

static ACCOUNTS: AtomicU32 = AtomicU32::new(0);

/// A fresh account name, so suites sharing one backend never see each other.
fn account() -> String {
    format!("acct{}", ACCOUNTS.fetch_add(1, Ordering::Relaxed))
}

fn completed(e: StoreEvent) -> dlr::store::Settled {
    match e {
        StoreEvent::Completed(s) => s,
        other => panic!("expected a completion, got {other:?}"),
    }
}

fn report(s: &mut dyn CorrelationStore, at: u64, id: &str, state: State) -> StoreEvent {
    s.report(t(at), id, IdOrigin::ReceiptText, state).unwrap()
}

/// The suite. `open(ids)` makes a store for a new account.
fn conformance(open: &mut dyn FnMut(IdNormalizer) -> Box<dyn CorrelationStore>) {
    // One part, in order: begin, submit_sm_resp, final receipt.
    let s = &mut *open(IdNormalizer::default());
    assert_eq!(s.begin(t(0), "m1", 1).unwrap(), StoreEvent::Begun);
    assert_eq!(
        s.submitted(t(0), "m1", 0, "id-1").unwrap(),
        StoreEvent::Recorded
    );
    assert_eq!(s.open_messages().unwrap(), 1);
    let c = completed(report(s, 1, "id-1", State::Delivered));
    assert_eq!(
        (c.message.as_str(), c.state(), c.expired),
        ("m1", State::Delivered, false)
    );
    assert_eq!(c.parts[0].message_id.as_deref(), Some("id-1"));
    assert_eq!(s.open_messages().unwrap(), 0);
    // The SMSC resends it (its deliver_sm_resp was lost): recognised, not reported again.
    assert_eq!(
        report(s, 2, "id-1", State::Delivered),
        StoreEvent::Duplicate {
            message: "m1".into()
        }
    );

    // The receipt overtakes the submit_sm_resp (SMSCs that answer asynchronously).
    assert_eq!(
        report(s, 3, "id-2", State::Undeliverable),
        StoreEvent::Buffered { evicted: false }
    );
    s.begin(t(3), "m2", 1).unwrap();
    let c = completed(s.submitted(t(4), "m2", 0, "id-2").unwrap());
    assert_eq!(
        (c.message.as_str(), c.state()),
        ("m2", State::Undeliverable)
    );

    // Early duplicates and an early intermediate state: applied in arrival order, the
    // completion is what `submitted` answers, once.
    report(s, 5, "id-3", State::Enroute);
    report(s, 5, "id-3", State::Delivered);
    report(s, 5, "id-3", State::Delivered);
    s.begin(t(5), "m3", 1).unwrap();
    let c = completed(s.submitted(t(6), "m3", 0, "id-3").unwrap());
    assert_eq!(c.state(), State::Delivered);
    assert!(matches!(
        report(s, 7, "id-3", State::Delivered),
        StoreEvent::Duplicate { .. }
    ));

    // Multipart: three parts, reports out of order, one early, a late intermediate and a
    // contradicting final that must not overwrite the first final state (SMPP 3.4
    // Appendix B Table B-2: final states are final).
    s.begin(t(10), "long", 3).unwrap();
    s.submitted(t(10), "long", 0, "p0").unwrap();
    assert_eq!(
        report(s, 11, "p2", State::Delivered),
        StoreEvent::Buffered { evicted: false }
    );
    assert_eq!(
        report(s, 11, "p0", State::Enroute),
        StoreEvent::Updated {
            message: "long".into(),
            part: 0,
            state: State::Enroute
        }
    );
    assert_eq!(
        report(s, 12, "p0", State::Undeliverable),
        StoreEvent::Updated {
            message: "long".into(),
            part: 0,
            state: State::Undeliverable
        }
    );
    assert_eq!(
        report(s, 12, "p0", State::Delivered),
        StoreEvent::Duplicate {
            message: "long".into()
        }
    );
    assert_eq!(
        report(s, 12, "p0", State::Enroute),
        StoreEvent::Duplicate {
            message: "long".into()
        }
    );
    s.submitted(t(13), "long", 1, "p1").unwrap();
    assert_eq!(
        s.submitted(t(13), "long", 2, "p2").unwrap(),
        StoreEvent::Updated {
            message: "long".into(),
            part: 2,
            state: State::Delivered
        }
    );
    let c = completed(report(s, 14, "p1", State::Delivered));
    assert_eq!(c.parts.len(), 3);
    assert_eq!(
        c.parts.iter().map(|p| p.state).collect::<Vec<_>>(),
        [
            Some(State::Undeliverable),
            Some(State::Delivered),
            Some(State::Delivered)
        ]
    );
    assert_eq!(
        c.parts
            .iter()
            .map(|p| p.message_id.as_deref())
            .collect::<Vec<_>>(),
        [Some("p0"), Some("p1"), Some("p2")]
    );
    assert_eq!(c.state(), State::Undeliverable);

    // A failed submit counts as rejected; the message completes with its other part.
    s.begin(t(20), "half", 2).unwrap();
    let mut out = Vec::new();
    s.apply(
        t(20),
        &[
            StoreOp::SubmitFailed {
                message: "half",
                part: 0,
            },
            StoreOp::Submitted {
                message: "half",
                part: 1,
                message_id: "h1",
            },
            StoreOp::Report {
                message_id: "h1",
                origin: IdOrigin::ReceiptTlv,
                state: State::Delivered,
            },
        ],
        &mut out,
    )
    .unwrap();
    assert_eq!(out.len(), 3);
    assert!(matches!(
        out[0],
        Ok(StoreEvent::Updated {
            part: 0,
            state: State::Rejected,
            ..
        })
    ));
    let c = completed(out.pop().unwrap().unwrap());
    assert_eq!(
        c.parts[0],
        dlr::store::SettledPart {
            message_id: None,
            state: Some(State::Rejected)
        }
    );
    assert_eq!(c.state(), State::Rejected);

    // Misuse fails the operation, not the batch.
    s.begin(t(30), "x", 2).unwrap();
    let mut out = Vec::new();
    s.apply(
        t(30),
        &[
            StoreOp::Begin {
                message: "x",
                parts: 1,
            },
            StoreOp::Begin {
                message: "m1",
                parts: 1,
            },
            StoreOp::Begin {
                message: "zero",
                parts: 0,
            },
            StoreOp::Submitted {
                message: "nope",
                part: 0,
                message_id: "n",
            },
            StoreOp::Submitted {
                message: "x",
                part: 2,
                message_id: "x2",
            },
            StoreOp::Submitted {
                message: "x",
                part: 0,
                message_id: "x0",
            },
            StoreOp::Submitted {
                message: "x",
                part: 0,
                message_id: "x0b",
            },
            StoreOp::Submitted {
                message: "x",
                part: 1,
                message_id: "x0",
            },
        ],
        &mut out,
    )
    .unwrap();
    let errs: Vec<_> = out.iter().map(|r| r.as_ref().err().cloned()).collect();
    assert_eq!(
        errs[0],
        Some(CorrelationError::DuplicateMessage("x".into()))
    );
    // A key that already settled cannot be begun again while it is remembered.
    assert_eq!(
        errs[1],
        Some(CorrelationError::DuplicateMessage("m1".into()))
    );
    assert!(matches!(
        errs[2],
        Some(CorrelationError::InvalidParts { parts: 0, .. })
    ));
    assert_eq!(errs[3], Some(CorrelationError::UnknownHandle));
    assert!(matches!(
        errs[4],
        Some(CorrelationError::PartOutOfRange { part: 2, .. })
    ));
    assert_eq!(errs[5], None);
    assert_eq!(errs[6], Some(CorrelationError::AlreadySubmitted(0)));
    assert_eq!(errs[7], Some(CorrelationError::DuplicateId("x0".into())));

    // Expiry: open messages past the TTL are given up once, with what they reached; a
    // receipt after that is late, recognised, not reported; early reports past the
    // pending TTL are counted as orphans.
    report(s, 40, "never-submitted", State::Delivered);
    s.submitted(t(40), "x", 1, "x1").unwrap();
    report(s, 41, "x1", State::Delivered);
    assert_eq!(s.open_messages().unwrap(), 1);
    let swept = s.expire(t(30 + 3599)).unwrap();
    assert!(swept.expired.is_empty(), "{swept:?}");
    assert_eq!(swept.orphan_reports, 1);
    let swept = s.expire(t(30 + 3600)).unwrap();
    assert_eq!(swept.orphan_reports, 0);
    assert_eq!(swept.expired.len(), 1);
    let x = &swept.expired[0];
    assert_eq!((x.message.as_str(), x.expired), ("x", true));
    assert_eq!(x.parts[0].state, None);
    assert_eq!(x.parts[1].state, Some(State::Delivered));
    assert_eq!(x.state(), State::Unknown);
    assert_eq!(s.expire(t(30 + 3601)).unwrap(), Default::default());
    assert!(matches!(
        report(s, 3700, "x0", State::Delivered),
        StoreEvent::Duplicate { .. }
    ));
    assert_eq!(s.open_messages().unwrap(), 0);
    // A TTL after settling, a message is forgotten (the store stays bounded): a receipt for
    // it now waits as if early, and its key is free again.
    s.expire(t(30 + 3600 + 3600)).unwrap();
    assert!(matches!(
        report(s, 7231, "x0", State::Delivered),
        StoreEvent::Buffered { .. }
    ));
    assert_eq!(s.begin(t(7231), "x", 1).unwrap(), StoreEvent::Begun);

    // Ids in the SMSC's formats: hex in the submit_sm_resp, decimal in the receipt text.
    let s = &mut *open(hex_decimal());
    s.begin(t(0), "h", 1).unwrap();
    s.submitted(t(0), "h", 0, "38601fa").unwrap();
    assert!(matches!(
        report(s, 1, "0059113978", State::Delivered),
        StoreEvent::Completed(_)
    ));

    // Accounts are separate: the same id under another account matches nothing.
    let a = &mut *open(IdNormalizer::default());
    let b = &mut *open(IdNormalizer::default());
    a.begin(t(0), "k", 1).unwrap();
    a.submitted(t(0), "k", 0, "same").unwrap();
    assert_eq!(
        report(b, 1, "same", State::Delivered),
        StoreEvent::Buffered { evicted: false }
    );
    assert!(matches!(
        report(a, 1, "same", State::Delivered),
        StoreEvent::Completed(_)
    ));
}

#[test]
fn accepts_conformance_suite_in_memory() {
    conformance(&mut |ids| Box::new(MemoryStore::new(&account(), ids, config())));
}

#[test]
fn accepts_conformance_suite_in_sqlite() {
    // One file per store: a file is held by one store at a time (exclusive locking).
    let dir = tempfile::tempdir().unwrap();
    conformance(&mut |ids| {
        let account = account();
        let path = dir.path().join(format!("{account}.sqlite"));
        Box::new(SqliteStore::open(&path, &account, ids, config(), Synchronous::Normal).unwrap())
    });
}

#[test]
fn accepts_conformance_suite_in_redis() {
    let server = RedisServer::start();
    conformance(&mut |ids| {
        Box::new(RedisStore::open(&server.url(), &account(), ids, config()).unwrap())
    });
}

// What is committed survives the process: a store reopened on the same file matches the
// receipts of messages begun before, applies early reports kept before, and still
// recognises what settled before.
#[test]
fn accepts_sqlite_reopen_with_state_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dlr.sqlite");
    let open = || {
        SqliteStore::open(
            &path,
            "smsc",
            IdNormalizer::default(),
            config(),
            Synchronous::Full,
        )
        .unwrap()
    };
    {
        let s = &mut open();
        s.begin(t(0), "open", 2).unwrap();
        s.submitted(t(0), "open", 0, "o0").unwrap();
        report(s, 1, "o0", State::Delivered);
        s.begin(t(0), "done", 1).unwrap();
        s.submitted(t(0), "done", 0, "d0").unwrap();
        completed(report(s, 1, "d0", State::Delivered));
        s.begin(t(0), "gone", 1).unwrap();
        assert_eq!(s.expire(t(3600)).unwrap().expired.len(), 2);
        // "open" and "gone" expired together: begin again with a fresh store below.
    }
    {
        let s = &mut open();
        assert_eq!(s.open_messages().unwrap(), 0);
        assert!(matches!(
            report(s, 3600, "d0", State::Delivered),
            StoreEvent::Duplicate { .. }
        ));
        // The expiries were journaled: not reported a second time.
        assert!(s.expire(t(3601)).unwrap().expired.is_empty());
        assert!(matches!(
            report(s, 3602, "early", State::Expired),
            StoreEvent::Buffered { .. }
        ));
        s.begin(t(3602), "next", 2).unwrap();
        s.submitted(t(3602), "next", 0, "n0").unwrap();
        report(s, 3603, "n0", State::Delivered);
    }
    let s = &mut open();
    assert_eq!(s.open_messages().unwrap(), 1);
    // The early report buffered before the restart meets its submit_sm_resp after it.
    let c = completed(s.submitted(t(3604), "next", 1, "early").unwrap());
    assert_eq!(c.state(), State::Expired);
}

// Bounded growth: settled messages are forgotten a TTL after settling, and their journal
// rows go two TTLs after they were written.
#[test]
fn accepts_sqlite_forgetting_settled_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dlr.sqlite");
    let reopen = || {
        SqliteStore::open(
            &path,
            "smsc",
            IdNormalizer::default(),
            config(),
            Synchronous::Normal,
        )
        .unwrap()
    };
    let mut s = reopen();
    for i in 0..100 {
        let k = format!("m{i}");
        s.begin(t(0), &k, 1).unwrap();
        s.submitted(t(0), &k, 0, &k).unwrap();
        completed(report(&mut s, 0, &k, State::Delivered));
    }
    // A TTL after settling: forgotten in memory (a late receipt waits as if early).
    s.expire(t(3600)).unwrap();
    assert!(matches!(
        report(&mut s, 3600, "m1", State::Delivered),
        StoreEvent::Buffered { .. }
    ));
    drop(s);
    // Two TTLs after they were written, the rows go: reopened, the store knows nothing of
    // m2, so its key and id are fresh.
    let mut s = reopen();
    s.expire(t(7201)).unwrap();
    drop(s);
    let mut s = reopen();
    assert!(matches!(
        report(&mut s, 7202, "m2", State::Delivered),
        StoreEvent::Buffered { .. }
    ));
    assert_eq!(s.begin(t(7202), "m2", 1).unwrap(), StoreEvent::Begun);
}

#[test]
fn rejects_sqlite_reopen_with_other_id_normalisation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dlr.sqlite");
    drop(
        SqliteStore::open(
            &path,
            "smsc",
            IdNormalizer::default(),
            config(),
            Synchronous::Normal,
        )
        .unwrap(),
    );
    let err =
        SqliteStore::open(&path, "smsc", hex_decimal(), config(), Synchronous::Normal).unwrap_err();
    assert!(
        matches!(err, StoreError::NormalizerMismatch { .. }),
        "{err}"
    );
    // Another account on the same file has its own rules.
    SqliteStore::open(&path, "other", hex_decimal(), config(), Synchronous::Normal).unwrap();
}

// One process at a time: a second store on a file in use is refused, not let in to
// diverge from the first.
#[test]
fn rejects_second_sqlite_store_on_a_file_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dlr.sqlite");
    let _first = SqliteStore::open(
        &path,
        "smsc",
        IdNormalizer::default(),
        config(),
        Synchronous::Normal,
    )
    .unwrap();
    let err = SqliteStore::open(
        &path,
        "smsc",
        IdNormalizer::default(),
        config(),
        Synchronous::Normal,
    )
    .unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
}

#[test]
fn rejects_redis_node_with_other_id_normalisation() {
    let server = RedisServer::start();
    RedisStore::open(&server.url(), "smsc", IdNormalizer::default(), config()).unwrap();
    let err = RedisStore::open(&server.url(), "smsc", hex_decimal(), config()).unwrap_err();
    assert!(
        matches!(err, StoreError::NormalizerMismatch { .. }),
        "{err}"
    );
}

// Two nodes race on one Redis: one records the submit_sm_resp while the other receives
// the receipt (twice, as SMSCs resend), 2 000 times, each pair started together. Every
// message completes exactly once, on one of the two nodes.
#[test]
fn accepts_redis_race_between_submit_resp_and_early_receipt() {
    let server = RedisServer::start();
    let url = server.url();
    let n = 2000u32;
    let mut sender = RedisStore::open(&url, "race", IdNormalizer::default(), config()).unwrap();
    for i in 0..n {
        sender.begin(t(0), &format!("k{i}"), 1).unwrap();
    }
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let b2 = barrier.clone();
    let url2 = url;
    let receiver = std::thread::spawn(move || {
        let mut r = RedisStore::open(&url2, "race", IdNormalizer::default(), config()).unwrap();
        b2.wait();
        let mut done = Vec::new();
        for i in 0..n {
            for _ in 0..2 {
                if let StoreEvent::Completed(c) =
                    report(&mut r, 1, &format!("id{i}"), State::Delivered)
                {
                    done.push(c.message);
                }
            }
        }
        done
    });
    barrier.wait();
    let mut done = Vec::new();
    for i in 0..n {
        if let StoreEvent::Completed(c) = sender
            .submitted(t(1), &format!("k{i}"), 0, &format!("id{i}"))
            .unwrap()
        {
            done.push(c.message);
        }
    }
    done.extend(receiver.join().unwrap());
    done.sort();
    let before = done.len();
    done.dedup();
    assert_eq!(before, done.len(), "a message completed twice");
    assert_eq!(done.len(), n as usize);
    assert_eq!(sender.open_messages().unwrap(), 0);
}

/// Big batches, as a busy gateway's store thread makes them: every operation answered, in
/// order, every message completed.
fn big_batches(s: &mut dyn CorrelationStore) {
    let n = 5000;
    let keys: Vec<String> = (0..n).map(|i| format!("b{i}")).collect();
    let mut out = Vec::new();
    let begins: Vec<_> = keys
        .iter()
        .map(|k| StoreOp::Begin {
            message: k,
            parts: 1,
        })
        .collect();
    s.apply(t(0), &begins, &mut out).unwrap();
    assert_eq!(out.len(), n);
    assert!(
        out.iter().all(|r| *r == Ok(StoreEvent::Begun)),
        "{:?}",
        out.iter().find(|r| **r != Ok(StoreEvent::Begun))
    );
    assert_eq!(s.open_messages().unwrap(), n as u64);
    out.clear();
    let mixed: Vec<_> = keys
        .iter()
        .flat_map(|k| {
            [
                StoreOp::Submitted {
                    message: k,
                    part: 0,
                    message_id: k,
                },
                StoreOp::Report {
                    message_id: k,
                    origin: IdOrigin::ReceiptText,
                    state: State::Delivered,
                },
            ]
        })
        .collect();
    s.apply(t(1), &mixed, &mut out).unwrap();
    assert_eq!(out.len(), 2 * n);
    let done = out
        .iter()
        .filter(|r| matches!(r, Ok(StoreEvent::Completed(_))))
        .count();
    assert_eq!(done, n);
    assert_eq!(s.open_messages().unwrap(), 0);
}

#[test]
fn accepts_big_batches_in_every_store() {
    let dir = tempfile::tempdir().unwrap();
    let server = RedisServer::start();
    big_batches(&mut MemoryStore::new(
        "big",
        IdNormalizer::default(),
        config(),
    ));
    big_batches(
        &mut SqliteStore::open(
            dir.path().join("big.sqlite"),
            "big",
            IdNormalizer::default(),
            config(),
            Synchronous::Full,
        )
        .unwrap(),
    );
    big_batches(
        &mut RedisStore::open(&server.url(), "big", IdNormalizer::default(), config()).unwrap(),
    );
}

/// Runs of one kind of operation, each with its own part and state: every answer names the
/// message, part and state of its own operation (the Redis store sends a run's operands
/// column by column, the states of its reports as one string).
fn runs_keep_each_operation_apart(s: &mut dyn CorrelationStore) {
    let mut out = Vec::new();
    let begins = [("ra", 2), ("rb", 3), ("rc", 1)];
    let submits = [
        ("rb", 2, "id-b2"),
        ("ra", 1, "id-a1"),
        ("rc", 0, "id-c0"),
        ("rb", 0, "id-b0"),
        ("ra", 0, "id-a0"),
    ];
    // SMPP v3.4 §5.2.28 message_state: ENROUTE (1) is not final, the others here are.
    let reports = [
        ("id-a1", State::Enroute),
        ("id-b2", State::Undeliverable),
        ("id-c0", State::Expired),
        ("id-a0", State::Delivered),
        ("id-b0", State::Rejected),
        ("id-a1", State::Delivered),
    ];
    let mut ops: Vec<StoreOp<'_>> = begins
        .iter()
        .map(|&(message, parts)| StoreOp::Begin { message, parts })
        .collect();
    ops.extend(
        submits
            .iter()
            .map(|&(message, part, message_id)| StoreOp::Submitted {
                message,
                part,
                message_id,
            }),
    );
    // rb's part 1 is never sent.
    ops.push(StoreOp::SubmitFailed {
        message: "rb",
        part: 1,
    });
    ops.extend(reports.iter().map(|&(message_id, state)| StoreOp::Report {
        message_id,
        origin: IdOrigin::ReceiptTlv,
        state,
    }));
    s.apply(t(0), &ops, &mut out).unwrap();
    assert_eq!(out.len(), ops.len());
    assert!(out[..3].iter().all(|r| *r == Ok(StoreEvent::Begun)));
    assert!(out[3..8].iter().all(|r| *r == Ok(StoreEvent::Recorded)));
    let updated = |r: &OpResult| match r {
        Ok(StoreEvent::Updated {
            message,
            part,
            state,
        }) => (message.clone(), *part, *state),
        other => panic!("expected an update, got {other:?}"),
    };
    assert_eq!(updated(&out[8]), ("rb".into(), 1, State::Rejected));
    assert_eq!(updated(&out[9]), ("ra".into(), 1, State::Enroute));
    assert_eq!(updated(&out[10]), ("rb".into(), 2, State::Undeliverable));
    let rc = completed(out[11].clone().unwrap());
    assert_eq!((rc.message.as_str(), rc.state()), ("rc", State::Expired));
    assert_eq!(updated(&out[12]), ("ra".into(), 0, State::Delivered));
    let rb = completed(out[13].clone().unwrap());
    assert_eq!(rb.message, "rb");
    assert_eq!(
        rb.parts
            .iter()
            .map(|p| (p.message_id.as_deref(), p.state))
            .collect::<Vec<_>>(),
        [
            (Some("id-b0"), Some(State::Rejected)),
            (None, Some(State::Rejected)),
            (Some("id-b2"), Some(State::Undeliverable)),
        ]
    );
    let ra = completed(out[14].clone().unwrap());
    assert_eq!(ra.message, "ra");
    assert_eq!(ra.state(), State::Delivered);
    assert_eq!(s.open_messages().unwrap(), 0);
}

#[test]
fn accepts_runs_of_operations_in_every_store() {
    let dir = tempfile::tempdir().unwrap();
    let server = RedisServer::start();
    runs_keep_each_operation_apart(&mut MemoryStore::new(
        "runs",
        IdNormalizer::default(),
        config(),
    ));
    runs_keep_each_operation_apart(
        &mut SqliteStore::open(
            dir.path().join("runs.sqlite"),
            "runs",
            IdNormalizer::default(),
            config(),
            Synchronous::Full,
        )
        .unwrap(),
    );
    runs_keep_each_operation_apart(
        &mut RedisStore::open(&server.url(), "runs", IdNormalizer::default(), config()).unwrap(),
    );
}

/// A small deterministic generator (xorshift64*, Vigna 2016), so a failing batch replays.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// Random batches over a few messages, so that a batch holds repeated keys and ids, parts of
/// one message, receipts before and after their submit_sm_resp, resent receipts, ids the
/// SMSC gave two messages, failed submits and mistakes: `store` must answer every operation as `reference` does.
fn random_batches_alike(reference: &mut dyn CorrelationStore, store: &mut dyn CorrelationStore) {
    // SMPP v3.4 §5.2.28 message_state: SCHEDULED, ENROUTE and ACCEPTED are not final.
    let states = [
        State::Enroute,
        State::Accepted,
        State::Scheduled,
        State::Delivered,
        State::Undeliverable,
        State::Rejected,
        State::Expired,
    ];
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    let (mut out_ref, mut out) = (Vec::new(), Vec::new());
    for batch in 0..150u64 {
        // Messages of this batch's window: keys shared with the batches around it.
        let names: Vec<(String, Vec<String>)> = (0..12)
            .map(|i| {
                let m = batch / 3 * 4 + i;
                // Each part's own id, and ids an SMSC gave another message too.
                let ids = (0..3).map(|p| format!("{m}{p}"));
                (
                    format!("m{m}"),
                    ids.chain((0..3).map(|p| format!("x{}", (m + p) % 5)))
                        .collect(),
                )
            })
            .collect();
        let mut ops = Vec::new();
        for _ in 0..rng.below(40) + 1 {
            let (key, ids) = &names[rng.below(names.len() as u64) as usize];
            let part = rng.below(3) as usize;
            let id = &ids[part + 3 * usize::from(rng.below(4) == 0)];
            ops.push(match rng.below(10) {
                0 | 1 => StoreOp::Begin {
                    message: key,
                    parts: if rng.below(2) == 0 {
                        1
                    } else {
                        1 + part as u16
                    },
                },
                2..=4 => StoreOp::Submitted {
                    message: key,
                    part: part as u16,
                    message_id: id,
                },
                5 => StoreOp::SubmitFailed {
                    message: key,
                    part: part as u16,
                },
                _ => StoreOp::Report {
                    message_id: id,
                    origin: IdOrigin::ReceiptText,
                    state: states[rng.below(states.len() as u64) as usize],
                },
            });
        }
        out_ref.clear();
        out.clear();
        reference.apply(t(batch), &ops, &mut out_ref).unwrap();
        store.apply(t(batch), &ops, &mut out).unwrap();
        for (i, (a, b)) in out_ref.iter().zip(&out).enumerate() {
            assert_eq!(a, b, "batch {batch}, operation {i}: {:?}", ops[i]);
        }
        assert_eq!(out_ref.len(), out.len());
        assert_eq!(
            reference.open_messages().unwrap(),
            store.open_messages().unwrap()
        );
    }
}

#[test]
fn accepts_random_batches_alike_in_every_store() {
    let dir = tempfile::tempdir().unwrap();
    let server = RedisServer::start();
    let memory = || MemoryStore::new("random", IdNormalizer::default(), config());
    random_batches_alike(
        &mut memory(),
        &mut RedisStore::open(&server.url(), "random", IdNormalizer::default(), config()).unwrap(),
    );
    random_batches_alike(
        &mut memory(),
        &mut SqliteStore::open(
            dir.path().join("random.sqlite"),
            "random",
            IdNormalizer::default(),
            config(),
            Synchronous::Normal,
        )
        .unwrap(),
    );
}

// The server loses its script cache (a restart, `SCRIPT FLUSH`): a batch of several script
// calls, sent before the first is answered, still runs wholly, once, in order.
#[test]
fn accepts_redis_script_cache_flushed_between_batches() {
    let server = RedisServer::start();
    let mut s =
        RedisStore::open(&server.url(), "flushed", IdNormalizer::default(), config()).unwrap();
    let keys: Vec<String> = (0..5000).map(|i| format!("f{i}")).collect();
    let mut out = Vec::new();
    let flush = || server.integer(&["SCRIPT", "FLUSH"]);
    flush();
    let begins: Vec<_> = keys
        .iter()
        .map(|k| StoreOp::Begin {
            message: k,
            parts: 1,
        })
        .collect();
    s.apply(t(0), &begins, &mut out).unwrap();
    assert!(out.iter().all(|r| *r == Ok(StoreEvent::Begun)));
    flush();
    out.clear();
    let submits: Vec<_> = keys
        .iter()
        .map(|k| StoreOp::Submitted {
            message: k,
            part: 0,
            message_id: k,
        })
        .collect();
    s.apply(t(1), &submits, &mut out).unwrap();
    assert!(out.iter().all(|r| *r == Ok(StoreEvent::Recorded)));
    flush();
    assert_eq!(s.open_messages().unwrap(), 5000);
    flush();
    let swept = s.expire(t(2)).unwrap();
    assert!(swept.expired.is_empty());
}

// A store written by a node of the previous key layout (4: `…:i` held `PART:KEY`) is
// refused with an error that names both layouts, as a different id normalisation is
// refused: the two would misread each other's keys.
#[test]
fn rejects_redis_data_of_another_key_layout() {
    let server = RedisServer::start();
    let old = format!("layout=4 {}", IdNormalizer::default().fingerprint());
    server.integer(&["SET", "smsdlr:{old}:cfg", &old]);
    let err =
        RedisStore::open(&server.url(), "old", IdNormalizer::default(), config()).unwrap_err();
    assert!(
        matches!(&err, StoreError::LayoutMismatch { stored, ours, .. }
            if stored == "layout=4" && ours == "layout=5"),
        "{err}"
    );
}
