//! Runs shared/oracles/smpp-dissect.sh (Wireshark's tshark) for the tests. In CI (`CI` set,
//! as `.ci/run` runs) a missing oracle fails the test; elsewhere it skips with a message.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// Whether a missing oracle must fail the test (CI) rather than skip it.
pub(crate) fn required() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// tshark fields (`--fields`) for each PDU argument (`c:HEX` / `s:HEX`), one row per frame;
/// `None` when tshark is missing outside CI. Panics when tshark flags a frame malformed.
pub(crate) fn dissect(fields: &str, pdus: &[String]) -> Option<Vec<Vec<String>>> {
    let script = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/oracles/smpp-dissect.sh"
    ));
    let tshark = Command::new("tshark").arg("--version").output();
    if !script.exists() || !tshark.is_ok_and(|o| o.status.success()) {
        let msg = format!(
            "tshark or {} missing (run shared/oracles/install.sh)",
            script.display()
        );
        assert!(!required(), "CI requires the oracle: {msg}");
        println!("skipped: {msg}");
        return None;
    }
    let out = Command::new(script)
        .args(["--fields", fields])
        .args(pdus)
        .output()
        .unwrap();
    // Exit 4: tshark found a packet malformed.
    assert!(
        out.status.success(),
        "tshark: exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    Some(
        text.lines()
            .skip(1)
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect(),
    )
}
