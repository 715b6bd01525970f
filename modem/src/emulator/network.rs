//! The network side of the emulated device: the SMS-DELIVERs and SMS-STATUS-REPORTs the
//! SMSC sends it (TS 23.040 §9.2.2.1 and §9.2.2.3), with the SMSC address prefix of AT PDU
//! mode, and the wall clock they carry.

use gsm_pdu::{
    Address, Alphabet, DataCodingScheme, DateTime, ProtocolIdentifier, SmsDeliver, SmsStatusReport,
    Status, Timestamp, Tpdu, UserData, encode_with_smsc,
};

/// A TPDU as the device stores and prints it: SMSC address, then the TPDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pdu {
    /// SMSC address and TPDU.
    pub(crate) bytes: Vec<u8>,
    /// The TPDU's length, what `+CMGR`, `+CMGL`, `+CMT` and `+CDS` print.
    pub(crate) tpdu_len: usize,
}

impl Pdu {
    pub(crate) fn hex(&self) -> String {
        hex_upper(&self.bytes)
    }
}

/// Why a message could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The sender or recipient is not a phone number.
    #[error("bad address {0:?}")]
    Address(String),
    /// The text cannot be split into parts.
    #[error("cannot split the text: {0}")]
    Split(gsm7::SplitError),
    /// A field is out of range.
    #[error("cannot encode: {0}")]
    Encode(gsm_pdu::EncodeError),
}

fn smsc_address(smsc: &str) -> Result<Address<'static>, BuildError> {
    Address::parse_number(smsc).map_err(|_| BuildError::Address(smsc.into()))
}

/// The SMS-DELIVERs carrying `text` from `from`, one per part, split by `gsm7` (GSM 7 bit
/// when the text allows it, UCS-2 otherwise; concatenated with an 8-bit reference).
pub(crate) fn deliver_parts(
    smsc: &str,
    from: &str,
    text: &str,
    reference: u8,
    scts: Timestamp,
) -> Result<Vec<Pdu>, BuildError> {
    let sc = smsc_address(smsc)?;
    let oa = Address::parse_number(from).map_err(|_| BuildError::Address(from.into()))?;
    let opts = gsm7::SplitOptions {
        reference: gsm7::ConcatRef::Eight(reference),
        ..Default::default()
    };
    let split = gsm7::split(text, &opts).map_err(BuildError::Split)?;
    let alphabet = match split.encoding {
        gsm7::Encoding::Gsm7 => Alphabet::Gsm7,
        gsm7::Encoding::Ucs2 => Alphabet::Ucs2,
        gsm7::Encoding::Binary => Alphabet::EightBit,
    };
    let mut out = Vec::with_capacity(split.parts.len());
    for part in &split.parts {
        let ud = match split.encoding {
            gsm7::Encoding::Gsm7 => UserData::gsm7(part.udh(), part.payload()),
            _ => UserData::octets(part.udh(), part.payload()),
        }
        .map_err(BuildError::Encode)?;
        let tpdu = Tpdu::Deliver(SmsDeliver {
            // TS 23.040 §9.2.3.2: TP-MMS 1 = "no more messages are waiting".
            mms: true,
            lp: false,
            sri: false,
            rp: false,
            oa: oa.clone(),
            pid: ProtocolIdentifier::DEFAULT,
            dcs: DataCodingScheme::general(alphabet, None),
            scts,
            ud,
        });
        out.push(with_smsc(&sc, &tpdu)?);
    }
    Ok(out)
}

/// The SMS-STATUS-REPORT for the SMS-SUBMIT with TP-MR `mr` to `recipient`.
pub(crate) fn status_report(
    smsc: &str,
    mr: u8,
    recipient: &Address<'_>,
    scts: Timestamp,
    dt: Timestamp,
    status: Status,
) -> Result<Pdu, BuildError> {
    let sc = smsc_address(smsc)?;
    let tpdu = Tpdu::StatusReport(SmsStatusReport {
        mms: true,
        lp: false,
        // TP-SRQ 0: "the SMS-STATUS-REPORT is the result of a SMS-SUBMIT" (§9.2.3.26).
        srq: false,
        mr,
        ra: recipient.clone(),
        scts,
        dt,
        st: status,
        params: None,
    });
    with_smsc(&sc, &tpdu)
}

fn with_smsc(sc: &Address<'_>, tpdu: &Tpdu<'_>) -> Result<Pdu, BuildError> {
    let mut bytes = Vec::new();
    let tpdu_len = encode_with_smsc(Some(sc), tpdu, &mut bytes).map_err(BuildError::Encode)?;
    Ok(Pdu { bytes, tpdu_len })
}

/// A number as the host writes it: `+` for an international number (TON 1).
pub(crate) fn number(a: &Address<'_>) -> String {
    if a.ton().0 == 1 {
        format!("+{}", a.digits())
    } else {
        a.digits()
    }
}

/// The TP-SCTS / TP-DT of a UNIX time (seconds, UTC; time zone +00).
pub(crate) fn timestamp(unix: u64) -> Timestamp {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let (y, m, d) = civil_from_days(days);
    let d = DateTime {
        year: (y.rem_euclid(100)) as u8,
        month: m,
        day: d,
        hour: (secs / 3600) as u8,
        minute: (secs / 60 % 60) as u8,
        second: (secs % 60) as u8,
        tz_quarters: 0,
    };
    // Every field is in range by construction.
    Timestamp::new(d).unwrap_or_else(|_| {
        Timestamp::new(DateTime {
            year: 0,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            tz_quarters: 0,
        })
        .expect("a valid date")
    })
}

/// Year, month, day of a count of days since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Upper-case hex, as PDU mode prints octets (TS 27.005 §3.1: "two IRA character long
/// hexadecimal number").
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Octets of a hex string (either case); `None` for an odd length or a non-hex character.
pub(crate) fn parse_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (p[1] as char).to_digit(16)?;
            Some((hi << 4 | lo) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gsm_pdu::{DecodeOptions, Direction, decode_with_smsc};

    #[test]
    fn civil_dates() {
        // 2000-03-01 is day 11017; 2026-12-06 is day 20793 (date -d @... +%F).
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(20_793), (2026, 12, 6));
        let t = timestamp(1_796_600_000).fields();
        // date -u -d @1796600000 → 2026-12-06 23:33:20 (hand-checked with GNU date).
        assert_eq!((t.year, t.month, t.day), (26, 12, 6));
        assert_eq!((t.hour, t.minute, t.second), (23, 33, 20));
    }

    #[test]
    fn long_ucs2_delivery_decodes_with_its_parts() {
        let text = "Привет! ".repeat(20);
        let parts =
            deliver_parts("+447785016005", "+447700900999", &text, 7, timestamp(0)).unwrap();
        assert_eq!(parts.len(), 3);
        let mut joined = String::new();
        for p in &parts {
            let d = decode_with_smsc(
                &p.bytes,
                Direction::MobileTerminated,
                DecodeOptions::strict(),
            )
            .unwrap();
            assert_eq!(p.bytes.len() - p.tpdu_len, 8, "SMSC prefix");
            let Tpdu::Deliver(del) = &d.tpdu else {
                panic!("{:?}", d.tpdu)
            };
            assert_eq!(number(&del.oa), "+447700900999");
            assert_eq!(del.dcs.alphabet(), Alphabet::Ucs2);
            assert_eq!(
                del.ud.header().unwrap().concat().map(|c| c.reference),
                Some(7)
            );
            joined.push_str(&del.text().unwrap().unwrap());
        }
        assert_eq!(joined, text);
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(parse_hex("00a1FF"), Some(vec![0, 0xA1, 0xFF]));
        assert_eq!(hex_upper(&[0, 0xA1, 0xFF]), "00A1FF");
        assert_eq!(parse_hex("0"), None);
        assert_eq!(parse_hex("0g"), None);
    }
}
