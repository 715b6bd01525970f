//! The entry points: decoding a TPDU with or without the SMSC address prefix of AT PDU mode,
//! the direction that resolves TP-MTI, the decode options, and encoding with the prefix.
//!
//! ```text
//! TP-MTI (bits 1-0 of the first octet, §9.2.3.1)
//!        SC → MS (MobileTerminated)   MS → SC (MobileOriginated)
//!   00   SMS-DELIVER                  SMS-DELIVER-REPORT
//!   01   SMS-SUBMIT-REPORT            SMS-SUBMIT
//!   10   SMS-STATUS-REPORT            SMS-COMMAND
//!   11   reserved                     reserved
//! ```

use alloc::vec::Vec;

use crate::address::Address;
use crate::command::SmsCommand;
use crate::decode_ctx::Ctx;
use crate::deliver::SmsDeliver;
use crate::error::{DecodeError, EncodeError, Quirk};
use crate::reader::Reader;
use crate::reports::{SmsDeliverReport, SmsSubmitReport};
use crate::status_report::SmsStatusReport;
use crate::submit::SmsSubmit;
use crate::tpdu::Tpdu;

/// Which way the TPDU travels; it resolves the TP-MTI values the directions share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// MS to SC: SMS-SUBMIT, SMS-COMMAND, SMS-DELIVER-REPORT.
    MobileOriginated,
    /// SC to MS: SMS-DELIVER, SMS-STATUS-REPORT, SMS-SUBMIT-REPORT.
    MobileTerminated,
}

/// How strictly to decode: one switch per family of quirks real modems and SIMs produce
/// (httparse's `ParserConfig` is the model). Each quirk a switch forgives is reported in
/// [`Decoded::quirks`] (or the `quirks` of [`UserData::text_with`](crate::UserData::text_with));
/// one not allowed is an error naming the TP parameter and offset.
///
/// `Default` is [`strict()`](Self::strict): any deviation is an error.
///
/// ```
/// use gsm_pdu::{decode_with_smsc, from_hex, DecodeOptions, Direction, Quirk};
///
/// // An SMS-DELIVER as AT+CMGR prints it (AOSP GsmSmsTest.testAddressing), then two octets
/// // of SIM record padding (0xFF): forgiven only when trailing octets are allowed.
/// let pdu = from_hex("07914151551512F2040B916105551511F100006060605130308A04D4F29C0EFFFF")?;
/// let mt = Direction::MobileTerminated;
/// assert!(decode_with_smsc(&pdu, mt, DecodeOptions::strict()).is_err());
/// let opts = DecodeOptions::strict().allow_trailing_octets(true);
/// let d = decode_with_smsc(&pdu, mt, opts)?;
/// assert!(matches!(d.quirks[..], [Quirk::TrailingOctets { count: 2, .. }]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DecodeOptions {
    pub(crate) udl_mismatch: bool,
    pub(crate) trailing_octets: bool,
    pub(crate) parameter_indicator_extension: bool,
    pub(crate) bad_timestamp: bool,
    pub(crate) ie_length_mismatch: bool,
    pub(crate) text_repair: bool,
}

impl DecodeOptions {
    /// Strict decoding: any deviation is an error.
    pub const fn strict() -> Self {
        Self {
            udl_mismatch: false,
            trailing_octets: false,
            parameter_indicator_extension: false,
            bad_timestamp: false,
            ie_length_mismatch: false,
            text_repair: false,
        }
    }

    /// Lenient decoding: every quirk below forgiven and reported.
    pub const fn lenient() -> Self {
        Self {
            udl_mismatch: true,
            trailing_octets: true,
            parameter_indicator_extension: true,
            bad_timestamp: true,
            ie_length_mismatch: true,
            text_repair: true,
        }
    }

    /// TP-UDL announcing more than the TPDU holds (e.g. a UCS-2 UDL one octet too many:
    /// [`Quirk::UdlOverrun`]) or more than the maximum ([`Quirk::UdlAboveMaximum`]).
    pub const fn allow_udl_mismatch(mut self, allow: bool) -> Self {
        self.udl_mismatch = allow;
        self
    }

    /// Octets after the TPDU, e.g. SIM record padding ([`Quirk::TrailingOctets`]).
    pub const fn allow_trailing_octets(mut self, allow: bool) -> Self {
        self.trailing_octets = allow;
        self
    }

    /// The TP-PI extension bit ([`Quirk::ParameterIndicatorExtension`]).
    pub const fn allow_parameter_indicator_extension(mut self, allow: bool) -> Self {
        self.parameter_indicator_extension = allow;
        self
    }

    /// Non-BCD semi-octets and out-of-range fields in time stamps ([`Quirk::NonBcdDigit`],
    /// [`Quirk::FieldOutOfRange`]).
    pub const fn allow_bad_timestamp(mut self, allow: bool) -> Self {
        self.bad_timestamp = allow;
        self
    }

    /// Known UDH IEs of the wrong length, kept raw ([`Quirk::InformationElementLength`]).
    pub const fn allow_ie_length_mismatch(mut self, allow: bool) -> Self {
        self.ie_length_mismatch = allow;
        self
    }

    /// Text repaired as TS 23.038 §6.2.1.1 tells a display (an escape to an undefined
    /// position, a lone escape, an odd UCS2 octet, an unpaired surrogate) when the text is
    /// read ([`Quirk::TextRepaired`]).
    pub const fn allow_text_repair(mut self, allow: bool) -> Self {
        self.text_repair = allow;
        self
    }

    /// Whether nothing is forgiven.
    pub const fn is_strict(&self) -> bool {
        !(self.udl_mismatch
            || self.trailing_octets
            || self.parameter_indicator_extension
            || self.bad_timestamp
            || self.ie_length_mismatch
            || self.text_repair)
    }
}

/// A decoded TPDU with the SMSC address that preceded it and the quirks forgiven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The SMSC address of AT PDU mode: `None` when absent or zero-length (`00`).
    pub smsc: Option<Address<'a>>,
    /// The TPDU.
    pub tpdu: Tpdu<'a>,
    /// What a lenient decode forgave, in input order (always empty when strict).
    pub quirks: Vec<Quirk>,
}

/// Decodes one TPDU (no SMSC prefix) travelling in `direction`. The whole input must be
/// the TPDU.
pub fn decode(
    bytes: &[u8],
    direction: Direction,
    opts: DecodeOptions,
) -> Result<Decoded<'_>, DecodeError> {
    let mut r = Reader::new(bytes);
    decode_tpdu(&mut r, None, direction, opts)
}

/// Decodes a TPDU preceded by the SMSC address, as AT+CMGR / AT+CMGL print it and AT+CMGS
/// takes it in PDU mode (`00` for "no SMSC address").
pub fn decode_with_smsc(
    bytes: &[u8],
    direction: Direction,
    opts: DecodeOptions,
) -> Result<Decoded<'_>, DecodeError> {
    let mut r = Reader::new(bytes);
    let smsc = Address::read_smsc(&mut r)?;
    decode_tpdu(&mut r, smsc, direction, opts)
}

fn decode_tpdu<'a>(
    r: &mut Reader<'a>,
    smsc: Option<Address<'a>>,
    direction: Direction,
    opts: DecodeOptions,
) -> Result<Decoded<'a>, DecodeError> {
    let mut cx = Ctx {
        options: opts,
        quirks: Vec::new(),
    };
    let offset = r.offset();
    let first = r.u8("first octet")?;
    let tpdu = match (direction, first & 0b11) {
        (Direction::MobileTerminated, 0b00) => SmsDeliver::decode(r, first, &mut cx)?.into(),
        (Direction::MobileTerminated, 0b01) => SmsSubmitReport::decode(r, first, &mut cx)?.into(),
        (Direction::MobileTerminated, 0b10) => SmsStatusReport::decode(r, first, &mut cx)?.into(),
        (Direction::MobileOriginated, 0b00) => SmsDeliverReport::decode(r, first, &mut cx)?.into(),
        (Direction::MobileOriginated, 0b01) => SmsSubmit::decode(r, first, &mut cx)?.into(),
        (Direction::MobileOriginated, 0b10) => SmsCommand::decode(r, first, &mut cx)?.into(),
        _ => {
            return Err(DecodeError::InvalidValue {
                field: "TP-MTI",
                offset,
                value: first,
                reason: "TP-MTI 11 is reserved",
            });
        }
    };
    if !r.is_empty() {
        let (offset, count) = (r.offset(), r.remaining());
        if !cx.options.trailing_octets {
            return Err(DecodeError::TrailingOctets { offset, count });
        }
        cx.quirks.push(Quirk::TrailingOctets { offset, count });
    }
    Ok(Decoded {
        smsc,
        tpdu,
        quirks: cx.quirks,
    })
}

/// Appends the SMSC address (`00` for `None`) and the TPDU, as AT+CMGS takes them in PDU
/// mode; returns the TPDU length (what `AT+CMGS=<length>` wants: the SMSC octets not counted).
pub fn encode_with_smsc(
    smsc: Option<&Address<'_>>,
    tpdu: &Tpdu<'_>,
    out: &mut Vec<u8>,
) -> Result<usize, EncodeError> {
    match smsc {
        Some(a) => a.write_smsc(out),
        None => out.push(0),
    }
    let start = out.len();
    tpdu.encode(out)?;
    Ok(out.len() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    // AOSP GsmSmsTest.testAddressing (SMS-DELIVER with SMSC prefix).
    const AOSP: &str = "07914151551512F2040B916105551511F100006060605130308A04D4F29C0E";

    use test_support::hex;

    #[test]
    fn rejects_every_truncation_without_panic() {
        let b = hex(AOSP);
        for n in 0..b.len() {
            let r = decode_with_smsc(
                &b[..n],
                Direction::MobileTerminated,
                DecodeOptions::strict(),
            );
            assert!(r.is_err(), "prefix of {n} octets decoded");
            if let Err(e) = r {
                assert!(e.offset() <= n, "{e}");
            }
            // Lenient accepts a cut inside TP-UD only, and says so.
            if let Ok(d) = decode_with_smsc(
                &b[..n],
                Direction::MobileTerminated,
                DecodeOptions::lenient(),
            ) {
                assert!(
                    matches!(d.quirks[..], [Quirk::UdlOverrun { .. }]),
                    "{n}: {:?}",
                    d.quirks
                );
            }
        }
        assert!(decode_with_smsc(&b, Direction::MobileTerminated, DecodeOptions::strict()).is_ok());
    }

    #[test]
    fn rejects_trailing_octets_unless_lenient() {
        let mut b = hex(AOSP);
        b.push(0xFF);
        let err =
            decode_with_smsc(&b, Direction::MobileTerminated, DecodeOptions::strict()).unwrap_err();
        assert_eq!(
            err,
            DecodeError::TrailingOctets {
                offset: 31,
                count: 1
            }
        );
        let d =
            decode_with_smsc(&b, Direction::MobileTerminated, DecodeOptions::lenient()).unwrap();
        assert_eq!(
            d.quirks,
            [Quirk::TrailingOctets {
                offset: 31,
                count: 1
            }]
        );
    }

    #[test]
    fn rejects_reserved_mti() {
        let err = decode(
            &[0x03],
            Direction::MobileTerminated,
            DecodeOptions::strict(),
        )
        .unwrap_err();
        assert!(matches!(
            err,
            DecodeError::InvalidValue {
                field: "TP-MTI",
                offset: 0,
                ..
            }
        ));
    }

    // §9.2.2.2a SMS-SUBMIT-REPORT for RP-ERROR: 01 | FCS D3 | PI 00 | SCTS; RP-ACK; RP-ACK
    // with PID/DCS/UDL. Built from the §9.2.2.2a layout; Wireshark tshark 4.0 (gsm_sms)
    // decodes the first with tp-fcs 0xd3, PI 0, the same SCTS.
    #[test]
    fn roundtrip_submit_report_error_and_ack() {
        for h in [
            "01D3006060605130308A",
            "01006060605130308A",
            "01076060605130308A414200",
        ] {
            let b = hex(h);
            let d = decode(&b, Direction::MobileTerminated, DecodeOptions::strict()).unwrap();
            assert_eq!(d.tpdu.type_name(), "SMS-SUBMIT-REPORT");
            assert_eq!(d.tpdu.to_vec().unwrap(), b, "{h}");
        }
    }

    // §9.2.2.1a SMS-DELIVER-REPORT, RP-ERROR with FCS D2 and RP-ACK with UD; Wireshark tshark
    // 4.0 decodes 00D200 as tp-fcs 0xd2, PI 0.
    #[test]
    fn roundtrip_deliver_report() {
        for h in ["00D200", "000404D4F29C0E", "00060004D4F29C0E"] {
            let b = hex(h);
            let d = decode(&b, Direction::MobileOriginated, DecodeOptions::strict()).unwrap();
            assert_eq!(d.tpdu.type_name(), "SMS-DELIVER-REPORT");
            assert_eq!(d.tpdu.to_vec().unwrap(), b, "{h}");
        }
    }

    // §9.2.2.4 SMS-COMMAND: delete (CT 02) message 0x42 to +16505551111, no data; Wireshark
    // tshark 4.0 decodes SRR 1, MR 5, command type 2, message number 66, DA 16505551111.
    #[test]
    fn roundtrip_command() {
        let b = hex("22050002420B916105551511F100");
        let d = decode(&b, Direction::MobileOriginated, DecodeOptions::strict()).unwrap();
        let Tpdu::Command(c) = &d.tpdu else { panic!() };
        assert!(c.srr);
        assert_eq!((c.mr, c.ct.0, c.mn), (5, 2, 0x42));
        assert_eq!(d.tpdu.to_vec().unwrap(), b);
    }
}
