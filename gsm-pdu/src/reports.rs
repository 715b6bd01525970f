//! SMS-DELIVER-REPORT (§9.2.2.1a, MS to SC, TP-MTI 00) and SMS-SUBMIT-REPORT (§9.2.2.2a, SC
//! to MS, TP-MTI 01), for RP-ACK and RP-ERROR, and the optional parameters (TP-PI and what it
//! announces) that they share with SMS-STATUS-REPORT.
//!
//! ```text
//! DELIVER-REPORT  - UDHI - - - - MTI | [TP-FCS] | TP-PI | [TP-PID] [TP-DCS] [TP-UDL TP-UD]
//! SUBMIT-REPORT   - UDHI - - - - MTI | [TP-FCS] | TP-PI | TP-SCTS | [TP-PID] [TP-DCS] [TP-UDL TP-UD]
//! ```
//! TP-FCS is present in the RP-ERROR form only. Its values are 0x80–0xFF (§9.2.3.22: 0x00–0x7F
//! reserved) while TP-PI's extension bit 7 is unused, so an octet ≥ 0x80 after the first octet
//! is taken as TP-FCS (the lower layer knows for sure; Wireshark decides the same way).

use alloc::string::String;
use alloc::vec::Vec;

use crate::decode_ctx::{Ctx, bit, read_timestamp};
use crate::error::{DecodeError, EncodeError, Quirk};
use crate::params::{FailureCause, ProtocolIdentifier};
use crate::reader::Reader;
use crate::timestamp::Timestamp;
use crate::user_data::UserData;
use gsm7::DataCodingScheme;

/// TP-PI and the optional TP-PID, TP-DCS, TP-UDL/TP-UD it announces (§9.2.3.27).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OptionalParameters<'a> {
    /// TP-PI as on the wire; bits 0-2 are rewritten from the presence of the fields below
    /// when encoding, the reserved bits 3-6 are kept.
    pub pi: u8,
    /// TP-PID, when TP-PI bit 0 is set.
    pub pid: Option<ProtocolIdentifier>,
    /// TP-DCS, when TP-PI bit 1 is set.
    pub dcs: Option<DataCodingScheme>,
    /// TP-UDL and TP-UD, when TP-PI bit 2 is set.
    pub ud: Option<UserData<'a>>,
}

impl<'a> OptionalParameters<'a> {
    pub(crate) fn decode(
        r: &mut Reader<'a>,
        udhi: bool,
        cx: &mut Ctx,
    ) -> Result<Self, DecodeError> {
        let offset = r.offset();
        let pi = r.u8("TP-PI")?;
        Self::decode_announced(pi, offset, r, udhi, cx)
    }

    /// Decodes the fields announced by an already read TP-PI.
    pub(crate) fn decode_announced(
        pi: u8,
        offset: usize,
        r: &mut Reader<'a>,
        udhi: bool,
        cx: &mut Ctx,
    ) -> Result<Self, DecodeError> {
        // §9.2.3.27: bit 7 set announces another TP-PI octet; none is defined. Reserved bits
        // 3-6 "shall be ignored" by the receiver and are kept as they came.
        if pi & 0x80 != 0 {
            if !cx.options.parameter_indicator_extension {
                return Err(DecodeError::InvalidValue {
                    field: "TP-PI",
                    offset,
                    value: pi,
                    reason: "extension bit set: no further TP-PI octet is defined",
                });
            }
            cx.quirks
                .push(Quirk::ParameterIndicatorExtension { offset });
        }
        let pid = if pi & 0x01 != 0 {
            Some(ProtocolIdentifier(r.u8("TP-PID")?))
        } else {
            None
        };
        let dcs = if pi & 0x02 != 0 {
            Some(DataCodingScheme(r.u8("TP-DCS")?))
        } else {
            None
        };
        let ud = if pi & 0x04 != 0 {
            let options = cx.options;
            Some(UserData::read(
                r,
                dcs.unwrap_or_default(),
                udhi,
                options,
                &mut |q| cx.quirks.push(q),
            )?)
        } else {
            None
        };
        Ok(Self { pi, pid, dcs, ud })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let pi = (self.pi & 0xF8)
            | u8::from(self.pid.is_some())
            | u8::from(self.dcs.is_some()) << 1
            | u8::from(self.ud.is_some()) << 2;
        out.push(pi);
        if let Some(p) = self.pid {
            out.push(p.0);
        }
        if let Some(d) = self.dcs {
            out.push(d.0);
        }
        if let Some(ud) = &self.ud {
            ud.write(out);
        }
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> OptionalParameters<'static> {
        OptionalParameters {
            pi: self.pi,
            pid: self.pid,
            dcs: self.dcs,
            ud: self.ud.map(UserData::into_owned),
        }
    }

    pub(crate) fn has_header(&self) -> bool {
        self.ud.as_ref().is_some_and(UserData::has_header)
    }

    /// The text of the optional user data, when present and GSM 7-bit or UCS2.
    pub fn text(&self) -> Result<Option<String>, DecodeError> {
        match &self.ud {
            Some(ud) => ud.text(self.dcs.unwrap_or_default()),
            None => Ok(None),
        }
    }
}

fn read_fcs(r: &mut Reader<'_>) -> Result<Option<FailureCause>, DecodeError> {
    match r.peek() {
        Some(b) if b >= 0x80 => {
            r.u8("TP-FCS")?;
            Ok(Some(FailureCause(b)))
        }
        _ => Ok(None),
    }
}

/// An SMS-DELIVER-REPORT: the MS acknowledges (RP-ACK) or refuses (RP-ERROR) an SMS-DELIVER.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SmsDeliverReport<'a> {
    /// TP-FCS: present in the RP-ERROR form.
    pub fcs: Option<FailureCause>,
    /// TP-PI and the optional parameters.
    pub params: OptionalParameters<'a>,
}

impl<'a> SmsDeliverReport<'a> {
    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> SmsDeliverReport<'static> {
        SmsDeliverReport {
            fcs: self.fcs,
            params: self.params.into_owned(),
        }
    }

    pub(crate) fn decode(r: &mut Reader<'a>, first: u8, cx: &mut Ctx) -> Result<Self, DecodeError> {
        let fcs = read_fcs(r)?;
        let params = OptionalParameters::decode(r, bit(first, 6), cx)?;
        Ok(Self { fcs, params })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.push(u8::from(self.params.has_header()) << 6);
        if let Some(f) = self.fcs {
            check_fcs(f)?;
            out.push(f.0);
        }
        self.params.encode(out);
        Ok(())
    }
}

/// An SMS-SUBMIT-REPORT: the SC acknowledges (RP-ACK) or refuses (RP-ERROR) an SMS-SUBMIT.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SmsSubmitReport<'a> {
    /// TP-FCS: present in the RP-ERROR form.
    pub fcs: Option<FailureCause>,
    /// TP-SCTS.
    pub scts: Timestamp,
    /// TP-PI and the optional parameters.
    pub params: OptionalParameters<'a>,
}

impl<'a> SmsSubmitReport<'a> {
    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> SmsSubmitReport<'static> {
        SmsSubmitReport {
            fcs: self.fcs,
            scts: self.scts,
            params: self.params.into_owned(),
        }
    }

    pub(crate) fn decode(r: &mut Reader<'a>, first: u8, cx: &mut Ctx) -> Result<Self, DecodeError> {
        let fcs = read_fcs(r)?;
        // TP-PI comes before TP-SCTS; the fields it announces after.
        let offset = r.offset();
        let pi = r.u8("TP-PI")?;
        let scts = read_timestamp(r, "TP-SCTS", cx)?;
        let params = OptionalParameters::decode_announced(pi, offset, r, bit(first, 6), cx)?;
        Ok(Self { fcs, scts, params })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.push(0b01 | u8::from(self.params.has_header()) << 6);
        if let Some(f) = self.fcs {
            check_fcs(f)?;
            out.push(f.0);
        }
        // TP-PI, then TP-SCTS, then the fields TP-PI announces.
        let pi_at = out.len();
        self.params.encode(out);
        let scts = self.scts.raw();
        out.splice(pi_at + 1..pi_at + 1, scts);
        Ok(())
    }
}

fn check_fcs(f: FailureCause) -> Result<(), EncodeError> {
    if f.0 < 0x80 {
        return Err(EncodeError::Invalid {
            field: "TP-FCS",
            reason: "values 0x00-0x7F are reserved (§9.2.3.22)",
        });
    }
    Ok(())
}
