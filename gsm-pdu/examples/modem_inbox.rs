//! A modem's inbox as messages: the `AT+CMGL=4` ("ALL") response of a modem in PDU mode
//! (`AT+CMGF=0`) is parsed, each PDU decoded, and the parts of long messages reassembled with
//! [`gsm7::Reassembler`]. The outcome is asserted, so running the example is a test
//! (`cargo run -p sms-gsm-pdu --example modem_inbox`; `.ci/run` runs it).
//!
//! TS 27.005 §3.4.2, PDU mode: `+CMGL: <index>,<stat>,[<alpha>],<length><CR><LF><pdu>` per
//! message, then `OK`; `<length>` counts the TPDU octets (the SMSC address not included).

use core::time::Duration;

use gsm_pdu::{DecodeOptions, Direction, Tpdu, decode_with_smsc, from_hex};
use gsm7::{Pushed, Reassembler, ReassemblyConfig};

/// What the modem printed. The PDUs are real ones, from /work/shared/vectors/gsm-vectors.json:
/// - index 1: `aosp-addressing-1`: SMS-DELIVER "Test" from +16505551111 (AOSP
///   GsmSmsTest.testAddressing);
/// - index 2 and 3: the two parts of "Hello, world!" from +79642161111, 16-bit reference 0x1234,
///   part 2 stored first (`npdu-concat-2`, `npdu-concat-1`: node-pdu tests/tests/parser/data.ts,
///   verified by python-gammu, smspdudecoder and tshark);
/// - index 4: an SMS-STATUS-REPORT with TP-ST 0x30, SC-specific "still trying"
///   (`mm-status-report-st30`: ModemManager test-sms-part-3gpp.c test_pdu_not_stored), as
///   modems that store status reports in "SM" list them.
const CMGL_RESPONSE: &str = "\
+CMGL: 1,1,,23\r\n\
07914151551512F2040B916105551511F100006060605130308A04D4F29C0E\r\n\
+CMGL: 2,0,,33\r\n\
07919730071111F1400B919746121611F10000811170021232230F06080412340202A0FB5BCE268700\r\n\
+CMGL: 3,0,,32\r\n\
07919730071111F1400B919746121611F10000811170021222230E06080412340201C8329BFD6601\r\n\
+CMGL: 4,1,,24\r\n\
07914356060013F1065A098136397339F7219011700463802190117004638030\r\n\
\r\n\
OK\r\n";

/// One `+CMGL` entry: the storage index, `<length>` and the PDU line.
struct Entry<'a> {
    index: u32,
    length: usize,
    pdu_hex: &'a str,
}

/// Splits the response into entries: each `+CMGL:` line is followed by its PDU line.
fn parse_cmgl(response: &str) -> Result<Vec<Entry<'_>>, String> {
    let mut entries = Vec::new();
    let mut lines = response.lines();
    while let Some(line) = lines.next() {
        let Some(fields) = line.strip_prefix("+CMGL: ") else {
            continue;
        };
        let fields: Vec<&str> = fields.split(',').collect();
        let [index, _stat, _alpha, length] = fields[..] else {
            return Err(format!("unexpected +CMGL line: {line}"));
        };
        let pdu_hex = lines.next().ok_or("+CMGL line without its PDU")?;
        entries.push(Entry {
            index: index.parse().map_err(|e| format!("{line}: {e}"))?,
            length: length.parse().map_err(|e| format!("{line}: {e}"))?,
            pdu_hex,
        });
    }
    Ok(entries)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut reassembler = Reassembler::new(ReassemblyConfig::default());
    // Time comes from the caller's clock; one instant for the whole listing here.
    let now = Duration::from_secs(0);
    let mut messages: Vec<(String, String)> = Vec::new(); // (sender, text)
    let mut reports: Vec<String> = Vec::new();

    for entry in parse_cmgl(CMGL_RESPONSE)? {
        let pdu = from_hex(entry.pdu_hex)?;
        let d = decode_with_smsc(&pdu, Direction::MobileTerminated, DecodeOptions::lenient())?;
        // <length> is the TPDU without the SMSC prefix: the same octets encoded again.
        assert_eq!(
            d.tpdu.to_vec()?.len(),
            entry.length,
            "index {}",
            entry.index
        );
        match &d.tpdu {
            Tpdu::Deliver(m) => {
                let sender = m.oa.to_string();
                let text = m.text()?.unwrap_or_default();
                // The concatenation IE (8- or 16-bit reference) of §9.2.3.24.1 / .8, if any.
                let concat = m.ud.header().and_then(|h| h.concat());
                match concat {
                    None => messages.push((sender, text)),
                    Some(c) => match reassembler.push(now, sender.clone(), c, text) {
                        Pushed::Complete(parts) => messages.push((sender, parts.concat())),
                        Pushed::Pending { received, total } => {
                            println!("#{}: part {received}/{total} held", entry.index);
                        }
                        other => println!("#{}: part ignored: {other:?}", entry.index),
                    },
                }
            }
            Tpdu::StatusReport(r) => reports.push(format!(
                "TP-MR {} to {}: {} ({})",
                r.mr,
                r.ra,
                r.st,
                r.st.meaning()
            )),
            other => println!("#{}: {} skipped", entry.index, other.type_name()),
        }
    }

    for (sender, text) in &messages {
        println!("{sender}: {text}");
    }
    for report in &reports {
        println!("status report: {report}");
    }
    // Expected values: the sources named on CMGL_RESPONSE.
    assert_eq!(
        messages,
        [
            ("+16505551111".to_string(), "Test".to_string()),
            ("+79642161111".to_string(), "Hello, world!".to_string()),
        ]
    );
    // TP-ST 0x30 is SC-specific (§9.2.3.15): not in the table, shown as hex, still classified.
    assert_eq!(reports, ["TP-MR 90 to 639337937: 0x30 (temporary)"]);
    Ok(())
}
