//! Unsolicited result codes (URCs) the driver acts on, parsed from the framer's lines.
//!
//! TS 27.005 §3.4.1 (`AT+CNMI`) defines the SMS ones:
//! - `+CMTI: <mem>,<index>`: an SMS-DELIVER was stored;
//! - `+CMT: [<alpha>],<length><CR><LF><pdu>`: an SMS-DELIVER routed to the TE (PDU mode);
//! - `+CDSI: <mem>,<index>`: an SMS-STATUS-REPORT was stored;
//! - `+CDS: <length><CR><LF><pdu>`: an SMS-STATUS-REPORT routed to the TE (PDU mode).
//!
//! Field orders vary between devices (some omit `<mem>`, some quote the index), so the
//! parsers take the last number as the index and the first quoted field as the memory.

/// A URC, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Urc {
    /// `+CMTI`: an SMS-DELIVER stored at `index` in `mem` (`None`: the memory the modem did
    /// not name, i.e. the current `<mem3>`).
    Cmti {
        /// Storage (`"SM"`, `"ME"`, `"MT"`, `"SR"`…).
        mem: Option<String>,
        /// Index in that storage.
        index: u32,
    },
    /// `+CDSI`: an SMS-STATUS-REPORT stored at `index` in `mem`.
    Cdsi {
        /// Storage.
        mem: Option<String>,
        /// Index in that storage.
        index: u32,
    },
    /// `+CMT`: an SMS-DELIVER (SMSC address then TPDU) routed to the host; it needs
    /// `AT+CNMA` when `AT+CSMS=1` is in force.
    Cmt {
        /// `<length>` from the header: the TPDU's length in octets.
        length: Option<usize>,
        /// The PDU line, hex-decoded.
        pdu: Vec<u8>,
    },
    /// `+CDS`: an SMS-STATUS-REPORT routed to the host; acknowledged like `+CMT`.
    Cds {
        /// `<length>` from the header.
        length: Option<usize>,
        /// The PDU line, hex-decoded.
        pdu: Vec<u8>,
    },
    /// A two-line URC whose second line was not a PDU (or never came): the header as sent.
    Truncated(String),
    /// A line saying the modem (re)started: `RDY`, `^BOOT`, `+CPIN: READY`… (the profile's
    /// list).
    Restart(String),
    /// A line saying the message storage is full (Huawei `^SMMEMFULL`, …).
    StorageFull(String),
    /// Any other URC, as sent.
    Other(String),
}

/// Splits `+XYZ: a,b,c` into its fields after the colon (quotes kept off).
pub(crate) fn fields(line: &str) -> Vec<&str> {
    let rest = match line.find(':') {
        Some(i) => &line[i + 1..],
        None => line,
    };
    rest.split(',')
        .map(|f| f.trim().trim_matches('"'))
        .collect()
}

/// `<mem>,<index>` of `+CMTI`/`+CDSI`, in whatever order and quoting the device uses.
pub(crate) fn parse_stored(line: &str) -> Option<(Option<String>, u32)> {
    let f = fields(line);
    let index = f.iter().rev().find_map(|x| x.parse::<u32>().ok())?;
    let mem = f
        .iter()
        .find(|x| !x.is_empty() && x.parse::<u32>().is_err())
        .map(|m| String::from(*m));
    Some((mem, index))
}

/// The `<length>` (last numeric field) of a `+CMT`/`+CDS` header.
pub(crate) fn header_length(line: &str) -> Option<usize> {
    fields(line).last().and_then(|x| x.parse().ok())
}

/// Decodes a hex line (upper or lower case); `None` if it is not hex.
pub(crate) fn hex_line(line: &str) -> Option<Vec<u8>> {
    let b = line.trim().as_bytes();
    if b.is_empty() || !b.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    b.chunks_exact(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

/// Upper-case hex of `bytes`.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_stored_field_orders() {
        // TS 27.005 §3.4.1 form, and forms seen from devices: index only, quoted index.
        assert_eq!(
            parse_stored("+CMTI: \"SM\",3"),
            Some((Some("SM".into()), 3))
        );
        assert_eq!(
            parse_stored("+CMTI: \"ME\", 12"),
            Some((Some("ME".into()), 12))
        );
        assert_eq!(parse_stored("+CMTI: 7"), Some((None, 7)));
        assert_eq!(
            parse_stored("+CDSI: \"SR\",\"2\""),
            Some((Some("SR".into()), 2))
        );
        assert_eq!(parse_stored("+CMTI: \"SM\""), None);
    }

    #[test]
    fn rejects_odd_hex() {
        assert_eq!(hex_line("0A1"), None);
        assert_eq!(hex_line("0G"), None);
        assert_eq!(hex_line("0aFF"), Some(vec![0x0A, 0xFF]));
    }
}
