//! SMS-SUBMIT (TS 23.040 §9.2.2.2): MS to SC, TP-MTI 01.
//!
//! ```text
//! RP UDHI SRR VPF(2) RD MTI | TP-MR | TP-DA | TP-PID | TP-DCS | TP-VP (0, 1 or 7) | TP-UDL | TP-UD
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::address::Address;
use crate::decode_ctx::{Ctx, bit, read_timestamp};
use crate::error::{DecodeError, EncodeError};
use crate::params::ProtocolIdentifier;
use crate::reader::Reader;
use crate::user_data::UserData;
use crate::validity::ValidityPeriod;
use gsm7::DataCodingScheme;

/// An SMS-SUBMIT: a short message from the MS to the SC.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SmsSubmit<'a> {
    /// TP-RD: reject duplicates.
    pub rd: bool,
    /// TP-SRR: status report requested.
    pub srr: bool,
    /// TP-RP: reply path.
    pub rp: bool,
    /// TP-MR: message reference.
    pub mr: u8,
    /// TP-DA: destination address.
    pub da: Address<'a>,
    /// TP-PID.
    pub pid: ProtocolIdentifier,
    /// TP-DCS.
    pub dcs: DataCodingScheme,
    /// TP-VP, its format giving TP-VPF.
    pub vp: Option<ValidityPeriod>,
    /// TP-UDL and TP-UD (TP-UDHI is [`UserData::has_header`]).
    pub ud: UserData<'a>,
}

impl<'a> SmsSubmit<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>, first: u8, cx: &mut Ctx) -> Result<Self, DecodeError> {
        let mr = r.u8("TP-MR")?;
        let da = Address::read_tp(r, "TP-DA")?;
        let pid = ProtocolIdentifier(r.u8("TP-PID")?);
        let dcs = DataCodingScheme(r.u8("TP-DCS")?);
        // §9.2.3.3 TP-VPF, bits 4-3 of the first octet.
        let vp = match (first >> 3) & 3 {
            ValidityPeriod::VPF_RELATIVE => Some(ValidityPeriod::Relative(r.u8("TP-VP")?)),
            ValidityPeriod::VPF_ABSOLUTE => {
                Some(ValidityPeriod::Absolute(read_timestamp(r, "TP-VP", cx)?))
            }
            ValidityPeriod::VPF_ENHANCED => Some(ValidityPeriod::Enhanced(r.array("TP-VP")?)),
            _ => None,
        };
        let ud = UserData::read(r, dcs, bit(first, 6), cx.options, &mut |q| {
            cx.quirks.push(q);
        })?;
        Ok(Self {
            rd: bit(first, 2),
            srr: bit(first, 5),
            rp: bit(first, 7),
            mr,
            da,
            pid,
            dcs,
            vp,
            ud,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let vpf = self.vp.as_ref().map_or(0, ValidityPeriod::vpf);
        out.push(
            0b01 | u8::from(self.rd) << 2
                | vpf << 3
                | u8::from(self.srr) << 5
                | u8::from(self.ud.has_header()) << 6
                | u8::from(self.rp) << 7,
        );
        out.push(self.mr);
        self.da.write_tp(out);
        out.push(self.pid.0);
        out.push(self.dcs.0);
        if let Some(vp) = &self.vp {
            let (raw, n) = vp.raw();
            out.extend_from_slice(&raw[..n]);
        }
        self.ud.write(out);
        Ok(())
    }

    /// The text of the user data (GSM 7-bit or UCS2), `None` for 8-bit data.
    pub fn text(&self) -> Result<Option<String>, DecodeError> {
        self.ud.text(self.dcs)
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> SmsSubmit<'static> {
        SmsSubmit {
            rd: self.rd,
            srr: self.srr,
            rp: self.rp,
            mr: self.mr,
            da: self.da.into_owned(),
            pid: self.pid,
            dcs: self.dcs,
            vp: self.vp,
            ud: self.ud.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{DecodeOptions, Direction, Tpdu, ValidityPeriod, decode};

    use test_support::hex;

    // §9.2.3.3 TP-VPF 01 (enhanced, 7 octets, §9.2.3.12.3): functionality indicator 02 =
    // relative integer 30 seconds, then zero padding. Built from the layout of the
    // node-pdu "npdu-submit-intl-short" vector (first octet 0x09: VPF 01); Wireshark tshark
    // 4.0 decodes validity_period_format 2, validity_period 30, text "Hello".
    #[test]
    fn roundtrip_enhanced_validity_period() {
        let b = hex("090003919999000002 1E0000000000 05C8329BFD06"
            .replace(' ', "")
            .as_str());
        let d = decode(&b, Direction::MobileOriginated, DecodeOptions::strict()).unwrap();
        let Tpdu::Submit(s) = &d.tpdu else { panic!() };
        assert_eq!(s.vp, Some(ValidityPeriod::Enhanced([2, 30, 0, 0, 0, 0, 0])));
        assert_eq!(s.vp.unwrap().seconds(), Some(30));
        assert_eq!(s.text().unwrap().as_deref(), Some("Hello"));
        assert_eq!(d.tpdu.to_vec().unwrap(), b);
    }
}
