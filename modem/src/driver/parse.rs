//! Parsers for the information lines of the commands the driver sends.

use crate::urc::{fields, hex_line};

/// One message of an `AT+CMGL` or `AT+CMGR` reply (PDU mode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    /// `<index>` (`None` for `AT+CMGR`).
    pub(crate) index: Option<u32>,
    /// `<stat>`: 0 received unread, 1 received read, 2 stored unsent, 3 stored sent.
    pub(crate) stat: Option<u8>,
    /// `<length>`: the TPDU's length, SMSC address not counted.
    pub(crate) length: Option<usize>,
    /// The PDU line, hex-decoded.
    pub(crate) pdu: Vec<u8>,
}

/// The messages in `+CMGL: <index>,<stat>,[<alpha>],<length><CR><LF><pdu>` lines (TS 27.005
/// §3.4.2), or the one in `+CMGR: <stat>,[<alpha>],<length><CR><LF><pdu>` (§3.4.3).
///
/// A line between a header and its PDU that is not hex is skipped (python-gsmmodem's
/// `test_listStoredSms_pdu` inserts one and expects every message back); a header with no PDU
/// is dropped.
pub(crate) fn listed(lines: &[String], header: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut current: Option<Listed> = None;
    for line in lines {
        let upper = line.get(..header.len()).map(str::to_ascii_uppercase);
        if upper.as_deref() == Some(header) {
            let f = fields(line);
            let has_index = header == "+CMGL";
            let index = if has_index {
                f.first().and_then(|x| x.parse().ok())
            } else {
                None
            };
            let stat_at = usize::from(has_index);
            current = Some(Listed {
                index,
                stat: f.get(stat_at).and_then(|x| x.parse().ok()),
                length: f.last().and_then(|x| x.parse().ok()),
                pdu: Vec::new(),
            });
            continue;
        }
        if let Some(mut l) = current.take() {
            match hex_line(line) {
                Some(pdu) => {
                    l.pdu = pdu;
                    out.push(l);
                }
                None => current = Some(l),
            }
        }
    }
    out
}

/// Whether a PDU as `AT+CMGR`/`+CMT` print it starts with the SMSC address (TS 27.005
/// §3.1: "3GPP TS 24.011 SC address followed by 3GPP TS 23.040 TPDU"): it does unless
/// `<length>` (the TPDU's length) equals the whole PDU's, as from devices that leave it out.
pub(crate) fn has_smsc_prefix(pdu: &[u8], length: Option<usize>) -> bool {
    length != Some(pdu.len())
}

/// `+CPMS: <used1>,<total1>,<used2>,<total2>[,<used3>,<total3>]` (set form) or `+CPMS:
/// <mem1>,<used1>,<total1>,…` (read form): the (memory, used, total) triples found.
pub(crate) fn cpms_usage(line: &str) -> Vec<(Option<String>, u32, u32)> {
    let f = fields(line);
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let (mem, rest) = match f[i].parse::<u32>() {
            Ok(_) => (None, i),
            Err(_) => (Some(f[i].to_owned()), i + 1),
        };
        match (
            f.get(rest).and_then(|x| x.parse::<u32>().ok()),
            f.get(rest + 1).and_then(|x| x.parse::<u32>().ok()),
        ) {
            (Some(used), Some(total)) => {
                out.push((mem, used, total));
                i = rest + 2;
            }
            _ => i = rest + 1,
        }
    }
    out
}

/// The memories in the first list of `+CPMS: ("ME","SM","SR"),(…),(…)` (the read memories).
pub(crate) fn cpms_memories(line: &str) -> Vec<String> {
    let rest = line.split_once(':').map_or(line, |(_, r)| r);
    let first = rest
        .trim()
        .trim_start_matches('(')
        .split(')')
        .next()
        .unwrap_or("");
    first
        .split(',')
        .map(|m| m.trim().trim_matches(['"', '(']).to_owned())
        .filter(|m| !m.is_empty())
        .collect()
}

/// `+CSCA: "<sca>",<tosca>`: the SMSC number.
pub(crate) fn csca(line: &str) -> Option<String> {
    let f = fields(line);
    f.first().filter(|s| !s.is_empty()).map(|s| (*s).to_owned())
}

/// `+CMGS: <mr>`: the TP-MR the modem gave the part.
pub(crate) fn cmgs_mr(lines: &[String]) -> Option<u8> {
    lines
        .iter()
        .find(|l| l.to_ascii_uppercase().starts_with("+CMGS"))
        .and_then(|l| fields(l).first().and_then(|x| x.parse::<u16>().ok()))
        .map(|mr| mr as u8)
}

/// `+CSQ: <rssi>,<ber>`: `<rssi>` (0–31; 99 "not known" is `None`).
pub(crate) fn csq(line: &str) -> Option<u8> {
    fields(line)
        .first()
        .and_then(|x| x.parse::<u8>().ok())
        .filter(|&r| r != 99)
}

/// The value of a one-line identity reply (`AT+CGMI`, `AT+CGSN`…), with a `+CGMI: ` style
/// prefix removed when the device adds one.
pub(crate) fn identity(lines: &[String]) -> Option<String> {
    let line = lines.iter().find(|l| !l.is_empty())?;
    let value = match line.split_once(':') {
        Some((p, v)) if p.starts_with('+') => v.trim(),
        _ => line.trim(),
    };
    Some(value.trim_matches('"').to_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_cpms_forms() {
        // TS 27.005 §3.2.2 set and read forms; Wavecom's two-memory set form from
        // python-gsmmodem fakemodems.py (WavecomMultiband900E1800).
        assert_eq!(
            cpms_usage("+CPMS: 14,50,14,50"),
            vec![(None, 14, 50), (None, 14, 50)]
        );
        assert_eq!(
            cpms_usage("+CPMS: \"SM\",3,30,\"SM\",3,30,\"SR\",0,20"),
            vec![
                (Some("SM".into()), 3, 30),
                (Some("SM".into()), 3, 30),
                (Some("SR".into()), 0, 20)
            ]
        );
        assert_eq!(cpms_usage("+CPMS: ,,,,,,,,"), vec![]);
        assert_eq!(
            cpms_memories(
                "+CPMS: (\"ME\",\"MT\",\"SM\",\"SR\"),(\"ME\",\"MT\",\"SM\",\"SR\"),(\"ME\")"
            ),
            vec!["ME", "MT", "SM", "SR"]
        );
        assert_eq!(
            cpms_memories("+CPMS: ((\"SM\",\"BM\",\"SR\"),(\"SM\"))"),
            vec!["SM", "BM", "SR"]
        );
        assert_eq!(cpms_memories("+CPMS: (),(),()"), Vec::<String>::new());
    }

    #[test]
    fn accepts_identity_forms() {
        assert_eq!(
            identity(&["WAVECOM MODEM".into()]).as_deref(),
            Some("WAVECOM MODEM")
        );
        assert_eq!(
            identity(&["+CGMI: \"Quectel\"".into()]).as_deref(),
            Some("Quectel")
        );
        assert_eq!(identity(&[]), None);
    }
}
