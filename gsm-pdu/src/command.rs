//! SMS-COMMAND (TS 23.040 §9.2.2.4): MS to SC, TP-MTI 10.
//!
//! ```text
//! - UDHI SRR - - - MTI | TP-MR | TP-PID | TP-CT | TP-MN | TP-DA | TP-CDL | TP-CD
//! ```

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::address::Address;
use crate::decode_ctx::{Ctx, bit};
use crate::error::{DecodeError, EncodeError};
use crate::params::{CommandType, ProtocolIdentifier};
use crate::reader::Reader;

/// §9.2.3.21: TP-Command-Data holds at most 157 octets.
pub const MAX_COMMAND_DATA: usize = 157;

/// An SMS-COMMAND: an enquiry or operation on an earlier SMS-SUBMIT.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SmsCommand<'a> {
    /// TP-SRR: status report requested.
    pub srr: bool,
    /// TP-UDHI: TP-CD starts with a header.
    pub udhi: bool,
    /// TP-MR of this command.
    pub mr: u8,
    /// TP-PID.
    pub pid: ProtocolIdentifier,
    /// TP-CT.
    pub ct: CommandType,
    /// TP-MN: the TP-MR of the message the command is about.
    pub mn: u8,
    /// TP-DA: destination address of that message.
    pub da: Address<'a>,
    /// TP-CD (its length is TP-CDL).
    pub cd: Cow<'a, [u8]>,
}

impl<'a> SmsCommand<'a> {
    pub(crate) fn decode(
        r: &mut Reader<'a>,
        first: u8,
        _cx: &mut Ctx,
    ) -> Result<Self, DecodeError> {
        let mr = r.u8("TP-MR")?;
        let pid = ProtocolIdentifier(r.u8("TP-PID")?);
        let ct = CommandType(r.u8("TP-CT")?);
        let mn = r.u8("TP-MN")?;
        let da = Address::read_tp(r, "TP-DA")?;
        let offset = r.offset();
        let cdl = r.u8("TP-CDL")?;
        if usize::from(cdl) > MAX_COMMAND_DATA {
            return Err(DecodeError::BadLength {
                field: "TP-CDL",
                offset,
                length: cdl.into(),
                reason: "is more than 157 octets",
            });
        }
        let cd = r.take(cdl.into(), "TP-CD")?;
        Ok(Self {
            srr: bit(first, 5),
            udhi: bit(first, 6),
            mr,
            pid,
            ct,
            mn,
            da,
            cd: Cow::Borrowed(cd),
        })
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> SmsCommand<'static> {
        SmsCommand {
            srr: self.srr,
            udhi: self.udhi,
            mr: self.mr,
            pid: self.pid,
            ct: self.ct,
            mn: self.mn,
            da: self.da.into_owned(),
            cd: Cow::Owned(self.cd.into_owned()),
        }
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.cd.len() > MAX_COMMAND_DATA {
            return Err(EncodeError::TooLong {
                field: "TP-CD",
                length: self.cd.len(),
                max: MAX_COMMAND_DATA,
            });
        }
        out.push(0b10 | u8::from(self.srr) << 5 | u8::from(self.udhi) << 6);
        out.push(self.mr);
        out.push(self.pid.0);
        out.push(self.ct.0);
        out.push(self.mn);
        self.da.write_tp(out);
        out.push(self.cd.len() as u8);
        out.extend_from_slice(&self.cd);
        Ok(())
    }
}
