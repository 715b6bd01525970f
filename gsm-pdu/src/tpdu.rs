//! The six TPDUs, the direction that resolves TP-MTI, decoding with or without the SMSC
//! address prefix of AT PDU mode, and encoding.
//!
//! ```text
//! TP-MTI (bits 1-0 of the first octet, §9.2.3.1)
//!        SC → MS (MobileTerminated)   MS → SC (MobileOriginated)
//!   00   SMS-DELIVER                  SMS-DELIVER-REPORT
//!   01   SMS-SUBMIT-REPORT            SMS-SUBMIT
//!   10   SMS-STATUS-REPORT            SMS-COMMAND
//!   11   reserved                     reserved
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::address::Address;
use crate::command::SmsCommand;
use crate::dcs::DataCodingScheme;
use crate::deliver::SmsDeliver;
use crate::error::{DecodeError, EncodeError, Quirk};
use crate::reader::Reader;
use crate::reports::{OptionalParameters, SmsDeliverReport, SmsSubmitReport};
use crate::status_report::SmsStatusReport;
use crate::submit::SmsSubmit;
use crate::timestamp::Timestamp;
use crate::user_data::UserData;

/// Which way the TPDU travels; it resolves the TP-MTI values the directions share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// MS to SC: SMS-SUBMIT, SMS-COMMAND, SMS-DELIVER-REPORT.
    MobileOriginated,
    /// SC to MS: SMS-DELIVER, SMS-STATUS-REPORT, SMS-SUBMIT-REPORT.
    MobileTerminated,
}

/// How strictly to decode. Strict by default; [`lenient`](Self::lenient) forgives the quirks
/// real modems and SIMs produce, each reported in [`Decoded::quirks`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Forgive: TP-UDL announcing more than the TPDU holds (e.g. a UCS-2 UDL one octet too
    /// many) or more than the maximum, trailing octets (SIM record padding), the TP-PI
    /// extension bit, non-BCD semi-octets and out-of-range fields in time stamps, known UDH
    /// IEs of the wrong length (kept raw).
    pub lenient: bool,
}

impl DecodeOptions {
    /// Strict decoding: any deviation is an error.
    pub const fn strict() -> Self {
        Self { lenient: false }
    }

    /// Lenient decoding: the quirks above are forgiven and reported.
    pub const fn lenient() -> Self {
        Self { lenient: true }
    }
}

/// Decoding state handed to each TPDU decoder.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub(crate) lenient: bool,
    pub(crate) quirks: Vec<Quirk>,
}

/// Bit `n` of an octet.
pub(crate) fn bit(octet: u8, n: u8) -> bool {
    octet >> n & 1 != 0
}

pub(crate) fn read_timestamp(
    r: &mut Reader<'_>,
    field: &'static str,
    cx: &mut Ctx,
) -> Result<Timestamp, DecodeError> {
    let offset = r.offset();
    let raw = r.array::<7>(field)?;
    let lenient = cx.lenient;
    Timestamp::from_wire(raw, field, offset, lenient, &mut |q| cx.quirks.push(q))
}

/// Any of the six TPDUs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tpdu<'a> {
    /// SMS-DELIVER (SC → MS).
    Deliver(SmsDeliver<'a>),
    /// SMS-DELIVER-REPORT (MS → SC).
    DeliverReport(SmsDeliverReport<'a>),
    /// SMS-SUBMIT (MS → SC).
    Submit(SmsSubmit<'a>),
    /// SMS-SUBMIT-REPORT (SC → MS).
    SubmitReport(SmsSubmitReport<'a>),
    /// SMS-STATUS-REPORT (SC → MS).
    StatusReport(SmsStatusReport<'a>),
    /// SMS-COMMAND (MS → SC).
    Command(SmsCommand<'a>),
}

macro_rules! from_body {
    ($($v:ident($t:ident)),*) => {$(
        impl<'a> From<$t<'a>> for Tpdu<'a> {
            fn from(b: $t<'a>) -> Self { Tpdu::$v(b) }
        }
    )*};
}
from_body!(
    Deliver(SmsDeliver),
    DeliverReport(SmsDeliverReport),
    Submit(SmsSubmit),
    SubmitReport(SmsSubmitReport),
    StatusReport(SmsStatusReport),
    Command(SmsCommand)
);

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
        lenient: opts.lenient,
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
        if !cx.lenient {
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

impl<'a> Tpdu<'a> {
    /// The type's name as in TS 23.040: `SMS-DELIVER`, `SMS-SUBMIT`, …
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Deliver(_) => "SMS-DELIVER",
            Self::DeliverReport(_) => "SMS-DELIVER-REPORT",
            Self::Submit(_) => "SMS-SUBMIT",
            Self::SubmitReport(_) => "SMS-SUBMIT-REPORT",
            Self::StatusReport(_) => "SMS-STATUS-REPORT",
            Self::Command(_) => "SMS-COMMAND",
        }
    }

    /// The direction the TPDU travels.
    pub fn direction(&self) -> Direction {
        match self {
            Self::Deliver(_) | Self::SubmitReport(_) | Self::StatusReport(_) => {
                Direction::MobileTerminated
            }
            Self::DeliverReport(_) | Self::Submit(_) | Self::Command(_) => {
                Direction::MobileOriginated
            }
        }
    }

    /// TP-MTI.
    pub fn mti(&self) -> u8 {
        match self {
            Self::Deliver(_) | Self::DeliverReport(_) => 0,
            Self::Submit(_) | Self::SubmitReport(_) => 1,
            Self::StatusReport(_) | Self::Command(_) => 2,
        }
    }

    /// Appends the TPDU to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        match self {
            Self::Deliver(t) => t.encode(out),
            Self::DeliverReport(t) => t.encode(out),
            Self::Submit(t) => t.encode(out),
            Self::SubmitReport(t) => t.encode(out),
            Self::StatusReport(t) => t.encode(out),
            Self::Command(t) => t.encode(out),
        }
    }

    /// The user data and the TP-DCS that codes it (0x00 when a report leaves TP-DCS out),
    /// when the TPDU carries user data.
    pub fn user_data(&self) -> Option<(&UserData<'a>, DataCodingScheme)> {
        match self {
            Self::Deliver(t) => Some((&t.ud, t.dcs)),
            Self::Submit(t) => Some((&t.ud, t.dcs)),
            Self::DeliverReport(t) => params_ud(&t.params),
            Self::SubmitReport(t) => params_ud(&t.params),
            Self::StatusReport(t) => t.params.as_ref().and_then(params_ud),
            Self::Command(_) => None,
        }
    }

    /// The text of the user data for GSM 7-bit and UCS2 (national shift tables from the UDH);
    /// `None` for 8-bit data, compressed text or no user data.
    pub fn text(&self) -> Result<Option<String>, DecodeError> {
        match self.user_data() {
            Some((ud, dcs)) => ud.text(dcs),
            None => Ok(None),
        }
    }

    /// Like [`text`](Self::text), repairing what can be shown anyway; see
    /// [`UserData::text_lenient`].
    pub fn text_lenient(&self, quirks: &mut Vec<Quirk>) -> Result<Option<String>, DecodeError> {
        match self.user_data() {
            Some((ud, dcs)) => ud.text_lenient(dcs, quirks),
            None => Ok(None),
        }
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> Tpdu<'static> {
        match self {
            Self::Deliver(t) => Tpdu::Deliver(t.into_owned()),
            Self::DeliverReport(t) => Tpdu::DeliverReport(t.into_owned()),
            Self::Submit(t) => Tpdu::Submit(t.into_owned()),
            Self::SubmitReport(t) => Tpdu::SubmitReport(t.into_owned()),
            Self::StatusReport(t) => Tpdu::StatusReport(t.into_owned()),
            Self::Command(t) => Tpdu::Command(t.into_owned()),
        }
    }

    /// The TPDU as a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(176);
        self.encode(&mut out)?;
        Ok(out)
    }
}

fn params_ud<'p, 'a>(
    p: &'p OptionalParameters<'a>,
) -> Option<(&'p UserData<'a>, DataCodingScheme)> {
    p.ud.as_ref().map(|u| (u, p.dcs.unwrap_or_default()))
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

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

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
