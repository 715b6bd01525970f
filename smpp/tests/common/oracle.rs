//! The independent peers of the tests: shared/oracles/smpp-dissect.sh (Wireshark's tshark)
//! and node-smpp. In CI (`CI` set, as `.ci/run` runs) a missing oracle fails the test;
//! elsewhere it skips with a message.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};

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

/// node-smpp's module directory (`ORACLES_RT`, default /opt/smpp-oracles, as
/// shared/oracles/install.sh puts it), when node and the module are there; `None` outside CI
/// when they are missing.
pub(crate) fn node_smpp() -> Option<PathBuf> {
    let rt =
        PathBuf::from(std::env::var("ORACLES_RT").unwrap_or_else(|_| "/opt/smpp-oracles".into()));
    let module = rt.join("node_modules/smpp");
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if node && module.join("package.json").exists() {
        return Some(module);
    }
    let msg = format!(
        "node or {} missing (run shared/oracles/install.sh)",
        module.display()
    );
    assert!(!required(), "CI requires the oracle: {msg}");
    println!("skipped: {msg}");
    None
}

/// A script of `smpp/tests/node/`.
pub(crate) fn node_script(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/node")).join(name)
}
