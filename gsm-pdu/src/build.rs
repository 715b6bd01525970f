//! Building the SMS-SUBMITs of a text: `gsm7` chooses the encoding and splits the text into
//! parts (concatenation and national shift IEs in each part's UDH), this module adds the
//! TPDU fields.

use alloc::vec::Vec;

use crate::address::Address;
use crate::error::EncodeError;
use crate::params::ProtocolIdentifier;
use crate::submit::SmsSubmit;
use crate::user_data::UserData;
use crate::validity::ValidityPeriod;
use gsm7::{Alphabet, DataCodingScheme, MessageClass};

/// The TPDU fields of the SMS-SUBMITs [`submit_text`] builds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmitOptions {
    /// TP-MR of the first part; each further part takes the next value (modulo 256).
    pub mr: u8,
    /// TP-VP.
    pub vp: Option<ValidityPeriod>,
    /// TP-SRR: request a status report.
    pub srr: bool,
    /// TP-RD: reject duplicates.
    pub rd: bool,
    /// Message class put in TP-DCS.
    pub class: Option<MessageClass>,
    /// TP-PID.
    pub pid: ProtocolIdentifier,
    /// Encoding choice, national tables and concatenation reference for `gsm7::split`.
    pub split: gsm7::SplitOptions,
}

/// Building SMS-SUBMITs failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The text cannot be split (too many parts, unmappable character for a forced GSM 7-bit).
    #[error(transparent)]
    Split(#[from] gsm7::SplitError),
    /// A part does not fit a TPDU.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// The SMS-SUBMITs that carry `text` to `da`, one per part, in order.
///
/// ```
/// use gsm_pdu::{Address, SubmitOptions, submit_text};
/// let da = Address::parse_number("+15125551234")?;
/// let parts = submit_text(&da, &"x".repeat(200), &SubmitOptions::default())?;
/// assert_eq!(parts.len(), 2);
/// assert_eq!(parts[0].ud.udl(), 160); // 7 septets of UDH and fill + 153
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn submit_text(
    da: &Address<'_>,
    text: &str,
    opts: &SubmitOptions,
) -> Result<Vec<SmsSubmit<'static>>, BuildError> {
    let split = gsm7::split(text, &opts.split)?;
    let alphabet = match split.encoding {
        gsm7::Encoding::Gsm7 => Alphabet::Gsm7,
        gsm7::Encoding::Ucs2 => Alphabet::Ucs2,
        gsm7::Encoding::Binary => Alphabet::EightBit,
    };
    let dcs = DataCodingScheme::general(alphabet, opts.class);
    let mut out = Vec::with_capacity(split.parts.len());
    for (i, part) in split.parts.iter().enumerate() {
        let ud = match split.encoding {
            gsm7::Encoding::Gsm7 => UserData::gsm7(part.udh(), part.payload())?,
            _ => UserData::octets(part.udh(), part.payload())?,
        };
        out.push(SmsSubmit {
            rd: opts.rd,
            srr: opts.srr,
            rp: false,
            mr: opts.mr.wrapping_add(i as u8),
            da: da.clone().into_owned(),
            pid: opts.pid,
            dcs,
            vp: opts.vp,
            ud,
        });
    }
    Ok(out)
}
