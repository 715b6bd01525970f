//! SMS-DELIVER (TS 23.040 §9.2.2.1): SC to MS, TP-MTI 00.
//!
//! ```text
//! RP UDHI SRI - LP MMS MTI | TP-OA | TP-PID | TP-DCS | TP-SCTS (7) | TP-UDL | TP-UD
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::address::Address;
use crate::decode_ctx::{Ctx, bit, read_timestamp};
use crate::error::{DecodeError, EncodeError};
use crate::params::ProtocolIdentifier;
use crate::reader::Reader;
use crate::timestamp::Timestamp;
use crate::user_data::UserData;
use gsm7::DataCodingScheme;

/// An SMS-DELIVER: a short message from the SC to the MS.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SmsDeliver<'a> {
    /// TP-MMS bit as on the wire: `false` = more messages are waiting in the SC, `true` = no
    /// more messages are waiting.
    pub mms: bool,
    /// TP-LP: loop prevention.
    pub lp: bool,
    /// TP-SRI: a status report will be returned to the SME.
    pub sri: bool,
    /// TP-RP: reply path set.
    pub rp: bool,
    /// TP-OA: originating address.
    pub oa: Address<'a>,
    /// TP-PID.
    pub pid: ProtocolIdentifier,
    /// TP-DCS.
    pub dcs: DataCodingScheme,
    /// TP-SCTS: service centre time stamp.
    pub scts: Timestamp,
    /// TP-UDL and TP-UD (TP-UDHI is [`UserData::has_header`]).
    pub ud: UserData<'a>,
}

impl<'a> SmsDeliver<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>, first: u8, cx: &mut Ctx) -> Result<Self, DecodeError> {
        let oa = Address::read_tp(r, "TP-OA")?;
        let pid = ProtocolIdentifier(r.u8("TP-PID")?);
        let dcs = DataCodingScheme(r.u8("TP-DCS")?);
        let scts = read_timestamp(r, "TP-SCTS", cx)?;
        let ud = UserData::read(r, dcs, bit(first, 6), cx.options, &mut |q| {
            cx.quirks.push(q);
        })?;
        Ok(Self {
            mms: bit(first, 2),
            lp: bit(first, 3),
            sri: bit(first, 5),
            rp: bit(first, 7),
            oa,
            pid,
            dcs,
            scts,
            ud,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.push(
            u8::from(self.mms) << 2
                | u8::from(self.lp) << 3
                | u8::from(self.sri) << 5
                | u8::from(self.ud.has_header()) << 6
                | u8::from(self.rp) << 7,
        );
        self.oa.write_tp(out);
        out.push(self.pid.0);
        out.push(self.dcs.0);
        out.extend_from_slice(&self.scts.raw());
        self.ud.write(out);
        Ok(())
    }

    /// The text of the user data (GSM 7-bit or UCS2), `None` for 8-bit data.
    pub fn text(&self) -> Result<Option<String>, DecodeError> {
        self.ud.text(self.dcs)
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> SmsDeliver<'static> {
        SmsDeliver {
            mms: self.mms,
            lp: self.lp,
            sri: self.sri,
            rp: self.rp,
            oa: self.oa.into_owned(),
            pid: self.pid,
            dcs: self.dcs,
            scts: self.scts,
            ud: self.ud.into_owned(),
        }
    }
}
