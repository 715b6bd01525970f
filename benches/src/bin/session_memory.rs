//! Memory of idle bound sessions on `smpp::tokio::SmscServer`, over loopback TCP.
//!
//! The server runs in this process (a current-thread tokio runtime, holding every bound
//! `SmscLink` as an application would); the ESMEs run in a child process (this binary with
//! `--clients ADDR N`), so their sockets and buffers are not counted. The resident set
//! (`VmRSS` of `/proc/self/status`) is read once 100 warm-up binds are up, again once
//! 10 000 more are bound and idle, once more after they all closed, and the same for a
//! second 10 000 (what stays per 10 000 binds). Prints a markdown section to stdout
//! (benches/run.sh puts it into RESULTS.md).
//!
//! `cargo run --release -p sms-benches --bin session_memory`
#![allow(missing_docs)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use smpp::bytes::BytesMut;
use smpp::session::Config;
use smpp::tokio::{SmscServer, tokio};
use smpp::{Bind, COctetString, CommandStatus, DecodeOptions, OwnedFrame, Pdu};

const WARM_UP: usize = 100;
const SESSIONS: usize = 10_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, addr, n] = &args[..]
        && flag == "--clients"
    {
        let addr: SocketAddr = addr.parse().expect("address");
        return clients(addr, n.parse().expect("count"));
    }
    server_side();
}

/// Kilobytes resident, from `/proc/self/status`.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

fn server_side() {
    let bound = Arc::new(AtomicUsize::new(0));
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let counter = bound.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let mut server = SmscServer::bind("127.0.0.1:0", Config::default(), |_, _| {
                CommandStatus::ESME_ROK
            })
            .await
            .expect("listen");
            addr_tx.send(server.local_addr()).expect("address");
            let mut links = Vec::new();
            let mut sweep = tokio::time::interval(Duration::from_millis(200));
            loop {
                tokio::select! {
                    bound = server.accept() => {
                        let Some(link) = bound else { break };
                        links.push(link);
                        counter.fetch_add(1, Ordering::Relaxed);
                    }
                    // Closed links are dropped, as an application drops them.
                    _ = sweep.tick() => links.retain(|l| !l.link.is_closed()),
                }
            }
        });
    });
    let addr = addr_rx.recv().expect("server up");

    let warm = spawn_clients(addr, WARM_UP);
    wait_for(&bound, WARM_UP);
    settle();
    let before = rss_kib();

    let start = Instant::now();
    let mut many = spawn_clients(addr, SESSIONS);
    wait_for(&bound, WARM_UP + SESSIONS);
    let bind_time = start.elapsed();
    settle();
    let after = rss_kib();

    // Let them go: the child closes its sockets and exits.
    drop(many.stdin.take());
    let status = many.wait().expect("the client process");
    assert!(status.success(), "the client process failed: {status}");
    std::thread::sleep(Duration::from_secs(2));
    let closed = rss_kib();

    // A second 10 000 on the memory the first gave back: what stays per 10 000 binds.
    let mut again = spawn_clients(addr, SESSIONS);
    wait_for(&bound, WARM_UP + 2 * SESSIONS);
    settle();
    let after_again = rss_kib();
    drop(again.stdin.take());
    let status = again.wait().expect("the client process");
    assert!(status.success(), "the client process failed: {status}");
    std::thread::sleep(Duration::from_secs(2));
    let closed_again = rss_kib();
    drop(warm);

    let per = (after.saturating_sub(before)) as f64 / SESSIONS as f64;
    println!("## SMPP server memory per bound session (session_memory)\n");
    println!(
        "`smpp::tokio::SmscServer` on loopback TCP, default `Config`, one current-thread \
         runtime; the ESMEs in a child process. VmRSS of the server process \
         (`cargo run --release -p sms-benches --bin session_memory`).\n"
    );
    println!("| measure | value |");
    println!("|---|---|");
    println!("| resident with {WARM_UP} warm-up binds | {before} KiB |");
    println!(
        "| resident with {} idle bound sessions | {after} KiB |",
        WARM_UP + SESSIONS
    );
    println!(
        "| per {SESSIONS} binds | {:.1} MiB |",
        after.saturating_sub(before) as f64 / 1024.0
    );
    println!("| per idle bound session | {per:.2} KiB (goal ≤ 8 KiB) |");
    println!(
        "| {SESSIONS} binds took | {:.2} s ({:.0} binds/s) |",
        bind_time.as_secs_f64(),
        SESSIONS as f64 / bind_time.as_secs_f64()
    );
    println!("| resident after the {SESSIONS} closed | {closed} KiB |");
    println!("| resident with {SESSIONS} more bound (second round) | {after_again} KiB |");
    println!("| resident after those closed | {closed_again} KiB |");
    println!(
        "| growth per {SESSIONS} binds (bind, idle, close; second round) | {} KiB |",
        closed_again as i64 - closed as i64
    );
}

fn settle() {
    std::thread::sleep(Duration::from_millis(500));
}

fn wait_for(bound: &AtomicUsize, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while bound.load(Ordering::Relaxed) < n {
        assert!(Instant::now() < deadline, "binds did not complete");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs this binary as the ESME side: `n` binds, then waits for stdin to close.
fn spawn_clients(addr: SocketAddr, n: usize) -> std::process::Child {
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .args(["--clients", &addr.to_string(), &n.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("child");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("child output");
    assert_eq!(line.trim(), format!("bound {n}"), "the clients bound");
    child
}

/// The ESME side: `n` bind_transceiver, each waiting for its bind_resp; then idle.
fn clients(addr: SocketAddr, n: usize) {
    let bind = Pdu::BindTransceiver(Bind::new(
        COctetString::from_str("mem").expect("system_id"),
        COctetString::from_str("pw").expect("password"),
    ));
    let wire = bind.to_vec(1, CommandStatus::ESME_ROK);
    let opts = DecodeOptions::lenient();
    let mut streams = Vec::with_capacity(n);
    for _ in 0..n {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(&wire).expect("bind");
        let mut buf = BytesMut::new();
        let mut chunk = [0u8; 256];
        let resp = loop {
            if let Some(frame) = OwnedFrame::take(&mut buf, &opts).expect("framing") {
                break frame.expect("bind_resp");
            }
            let k = s.read(&mut chunk).expect("read");
            assert!(k > 0, "closed before bind_resp");
            buf.extend_from_slice(&chunk[..k]);
        };
        assert_eq!(resp.command_status(), CommandStatus::ESME_ROK);
        streams.push(s);
    }
    println!("bound {n}");
    let _ = std::io::stdout().flush();
    // Idle until the parent closes our stdin.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(streams);
}
