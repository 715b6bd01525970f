//! The `--json` PDU log of `sms smsc`: one line per PDU in and out.

use std::io::Write;

use serde_json::{Value, json};
use smpp::{CommandId, CommandStatus, DecodeOptions, peek_command_length};

use crate::common::hex_upper;

/// Which way a PDU went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// From the ESME.
    In,
    /// To the ESME.
    Out,
}

/// The log line of one whole PDU (header fields, the spec's command name, the octets).
pub(crate) fn pdu_line(dir: Dir, conn: u64, pdu: &[u8]) -> Value {
    let word = |at: usize| {
        pdu.get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_be_bytes)
    };
    let id = CommandId(word(4));
    let status = CommandStatus(word(8));
    json!({
        "dir": match dir { Dir::In => "in", Dir::Out => "out" },
        "conn": conn,
        "command_id": id.name().map_or_else(|| format!("0x{:08X}", id.0), str::to_owned),
        "command_status": status.0,
        "command_status_name": status.name(),
        "sequence_number": word(12),
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

/// Splits whole PDUs off the front of `buf` (by command_length) and logs them; a partial
/// PDU stays for the next call. A framing error drops the buffer (the session answers it).
pub(crate) fn log_frames(dir: Dir, conn: u64, buf: &mut smpp::bytes::BytesMut) {
    let options = DecodeOptions::lenient();
    loop {
        match peek_command_length(buf, &options) {
            Ok(Some(len)) if len <= buf.len() => {
                let pdu = buf.split_to(len);
                print_line(&pdu_line(dir, conn, &pdu));
            }
            Ok(_) => return,
            Err(_) => {
                buf.clear();
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SMPP 3.4 §4.11.1: enquire_link is a header-only PDU, command_id 0x00000015.
    #[test]
    fn accepts_split_pdus() {
        let el = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 7];
        let line = pdu_line(Dir::In, 3, &el);
        assert_eq!(line["command_id"], "enquire_link");
        assert_eq!(line["sequence_number"], 7);
        assert_eq!(line["hex"], "00000010000000150000000000000007");
        let mut buf = smpp::bytes::BytesMut::from(&el[..]);
        buf.extend_from_slice(&el[..5]);
        log_frames(Dir::In, 3, &mut buf);
        assert_eq!(buf.len(), 5);
    }
}
