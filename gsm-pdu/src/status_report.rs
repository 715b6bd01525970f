//! SMS-STATUS-REPORT (TS 23.040 §9.2.2.3): SC to MS, TP-MTI 10.
//!
//! ```text
//! - UDHI SRQ - LP MMS MTI | TP-MR | TP-RA | TP-SCTS (7) | TP-DT (7) | TP-ST |
//!     [TP-PI | [TP-PID] [TP-DCS] [TP-UDL TP-UD]]     TP-PI present when octets remain
//! ```

use alloc::vec::Vec;

use crate::address::Address;
use crate::decode_ctx::{Ctx, bit, read_timestamp};
use crate::error::{DecodeError, EncodeError};
use crate::params::Status;
use crate::reader::Reader;
use crate::reports::OptionalParameters;
use crate::timestamp::Timestamp;

/// An SMS-STATUS-REPORT: the outcome of an earlier SMS-SUBMIT (or SMS-COMMAND).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SmsStatusReport<'a> {
    /// TP-MMS bit as on the wire (`true` = no more messages are waiting).
    pub mms: bool,
    /// TP-LP: loop prevention.
    pub lp: bool,
    /// TP-SRQ: `false` = the report of an SMS-SUBMIT, `true` = of an SMS-COMMAND.
    pub srq: bool,
    /// TP-MR of the message reported on.
    pub mr: u8,
    /// TP-RA: recipient address.
    pub ra: Address<'a>,
    /// TP-SCTS: when the SC received the reported message.
    pub scts: Timestamp,
    /// TP-DT: discharge time (delivery, or last attempt).
    pub dt: Timestamp,
    /// TP-ST.
    pub st: Status,
    /// TP-PI and the optional parameters, when present.
    pub params: Option<OptionalParameters<'a>>,
}

impl<'a> SmsStatusReport<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>, first: u8, cx: &mut Ctx) -> Result<Self, DecodeError> {
        let mr = r.u8("TP-MR")?;
        let ra = Address::read_tp(r, "TP-RA")?;
        let scts = read_timestamp(r, "TP-SCTS", cx)?;
        let dt = read_timestamp(r, "TP-DT", cx)?;
        let st = Status(r.u8("TP-ST")?);
        // §9.2.2.3: TP-PI is optional, "mandatory if any of the optional parameters follows".
        let params = if r.is_empty() {
            None
        } else {
            Some(OptionalParameters::decode(r, bit(first, 6), cx)?)
        };
        Ok(Self {
            mms: bit(first, 2),
            lp: bit(first, 3),
            srq: bit(first, 5),
            mr,
            ra,
            scts,
            dt,
            st,
            params,
        })
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> SmsStatusReport<'static> {
        SmsStatusReport {
            mms: self.mms,
            lp: self.lp,
            srq: self.srq,
            mr: self.mr,
            ra: self.ra.into_owned(),
            scts: self.scts,
            dt: self.dt,
            st: self.st,
            params: self.params.map(OptionalParameters::into_owned),
        }
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let udhi = self
            .params
            .as_ref()
            .is_some_and(OptionalParameters::has_header);
        out.push(
            0b10 | u8::from(self.mms) << 2
                | u8::from(self.lp) << 3
                | u8::from(self.srq) << 5
                | u8::from(udhi) << 6,
        );
        out.push(self.mr);
        self.ra.write_tp(out);
        out.extend_from_slice(&self.scts.raw());
        out.extend_from_slice(&self.dt.raw());
        out.push(self.st.0);
        if let Some(p) = &self.params {
            p.encode(out);
        }
        Ok(())
    }
}
