//! The `--json` PDU log of `sms smsc`: one line per PDU in and out, each handed over whole
//! by the library driver's tap.

use std::io::Write;

use serde_json::{Value, json};
use smpp::Header;
use smpp::tokio::Direction;

use crate::common::hex_upper;

/// The log line of one whole PDU (header fields, the spec's command name, the octets).
pub(crate) fn pdu_line(dir: Direction, conn: u64, pdu: &[u8]) -> Value {
    // The driver hands over whole PDUs: at least the 16 octets of the header.
    let header = Header::peek(pdu);
    let id = header.map(|h| h.command_id).unwrap_or_default();
    let status = header.map(|h| h.command_status).unwrap_or_default();
    json!({
        "dir": match dir { Direction::In => "in", Direction::Out => "out" },
        "conn": conn,
        "command_id": id.name().map_or_else(|| format!("0x{:08X}", id.0), str::to_owned),
        "command_status": status.0,
        "command_status_name": status.name(),
        "sequence_number": header.map_or(0, |h| h.sequence_number),
        "command_length": pdu.len(),
        "hex": hex_upper(pdu),
    })
}

/// Prints one JSON line to stdout (errors writing a log line are ignored: a closed pipe
/// must not stop the simulator).
pub(crate) fn print_line(value: &Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    // SMPP 3.4 §4.11.1: enquire_link is a header-only PDU, command_id 0x00000015.
    #[test]
    fn accepts_header_only_pdu() {
        let el = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 7];
        let line = pdu_line(Direction::In, 3, &el);
        assert_eq!(line["command_id"], "enquire_link");
        assert_eq!(line["sequence_number"], 7);
        assert_eq!(line["hex"], "00000010000000150000000000000007");
        assert_eq!(line["command_length"], 16);
    }
}
