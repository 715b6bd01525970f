//! The character sets an SMPP `data_coding` names (SMPP v3.4 §5.2.19), both ways.
//!
//! GSM 7 bit (unpacked, one septet per octet as SMPP carries it), ASCII, Latin-1 and UCS-2 are
//! coded here; ISO-8859-5, ISO-8859-8, Shift_JIS, ISO-2022-JP and EUC-KR go through
//! `encoding_rs`. Latin-1 is real ISO-8859-1 (every octet is U+0000..=U+00FF), not the
//! windows-1252 that the WHATWG label "iso-8859-1" means in `encoding_rs`.

use alloc::string::String;
use alloc::vec::Vec;

use encoding_rs::{
    DecoderResult, EUC_KR, EncoderResult, Encoding, ISO_2022_JP, ISO_8859_5, ISO_8859_8, SHIFT_JIS,
};

use crate::decode::decode_septets;
use crate::encode::encode_septets;
use crate::error::{DecodeError, EncodeError};
use crate::language::Tables;
use crate::ucs2::{decode_ucs2, encode_ucs2};

/// A character set for SMS text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Charset {
    /// GSM 7 bit, one septet per octet (SMPP data_coding 0x00 on most SMSCs), with these tables.
    Gsm7Unpacked(Tables),
    /// IA5 / ASCII (data_coding 0x01): octets 0x00..=0x7F.
    Ascii,
    /// ISO-8859-1 (data_coding 0x03).
    Latin1,
    /// ISO-8859-5, Cyrillic (data_coding 0x06).
    Iso8859_5,
    /// ISO-8859-8, Latin/Hebrew (data_coding 0x07).
    Iso8859_8,
    /// Shift_JIS, as SMSCs send for JIS (data_coding 0x05).
    ShiftJis,
    /// ISO-2022-JP (data_coding 0x0A).
    Iso2022Jp,
    /// EUC-KR, KS C 5601 (data_coding 0x0E).
    EucKr,
    /// UCS-2 / UTF-16BE (data_coding 0x08), surrogate pairs intact, lone surrogates rejected.
    Ucs2,
}

/// A `data_coding` value that names no text character set this crate codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("data_coding 0x{data_coding:02X}: {reason}")]
#[non_exhaustive]
pub struct UnsupportedDataCoding {
    /// The value.
    pub data_coding: u8,
    /// Why it is not supported.
    pub reason: &'static str,
}

impl Charset {
    /// The character set an SMPP v3.4 `data_coding` (§5.2.19) names. 0x00, "SMSC Default
    /// Alphabet", is taken as GSM 7 bit unpacked with the default tables, as most SMSCs do.
    pub fn from_data_coding(data_coding: u8) -> Result<Self, UnsupportedDataCoding> {
        let unsupported = |reason| {
            Err(UnsupportedDataCoding {
                data_coding,
                reason,
            })
        };
        Ok(match data_coding {
            0x00 => Self::Gsm7Unpacked(Tables::DEFAULT),
            0x01 => Self::Ascii,
            0x03 => Self::Latin1,
            0x05 => Self::ShiftJis,
            0x06 => Self::Iso8859_5,
            0x07 => Self::Iso8859_8,
            0x08 => Self::Ucs2,
            0x0A => Self::Iso2022Jp,
            0x0E => Self::EucKr,
            0x02 | 0x04 => return unsupported("octet data (binary), not text"),
            0x09 => return unsupported("pictogram encoding is not defined publicly"),
            0x0D => return unsupported("JIS X 0212 is not supported by encoding_rs"),
            _ => return unsupported("reserved or GSM DCS value; decode it as a TS 23.038 DCS"),
        })
    }

    /// The name used in errors.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Gsm7Unpacked(_) => "GSM 7 bit",
            Self::Ascii => "ASCII",
            Self::Latin1 => "ISO-8859-1",
            Self::Iso8859_5 => "ISO-8859-5",
            Self::Iso8859_8 => "ISO-8859-8",
            Self::ShiftJis => "Shift_JIS",
            Self::Iso2022Jp => "ISO-2022-JP",
            Self::EucKr => "EUC-KR",
            Self::Ucs2 => "UCS-2",
        }
    }

    fn encoding_rs(&self) -> Option<&'static Encoding> {
        match self {
            Self::Iso8859_5 => Some(ISO_8859_5),
            Self::Iso8859_8 => Some(ISO_8859_8),
            Self::ShiftJis => Some(SHIFT_JIS),
            Self::Iso2022Jp => Some(ISO_2022_JP),
            Self::EucKr => Some(EUC_KR),
            _ => None,
        }
    }

    /// Appends `text` coded in this charset. A character it cannot code is an error with its
    /// byte offset in `text`; `out` is then left as it was.
    ///
    /// ```
    /// let mut b = Vec::new();
    /// gsm7::Charset::Iso8859_5.encode("Жук", &mut b)?;
    /// assert_eq!(b, [0xB6, 0xE3, 0xDA]);
    /// # Ok::<(), gsm7::EncodeError>(())
    /// ```
    pub fn encode(&self, text: &str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let start = out.len();
        let r = match self {
            Self::Gsm7Unpacked(t) => encode_septets(text, *t, out).map(|_| ()),
            Self::Ucs2 => {
                encode_ucs2(text, out);
                Ok(())
            }
            Self::Ascii => encode_below(text, 0x80, out),
            Self::Latin1 => encode_below(text, 0x100, out),
            _ => match self.encoding_rs() {
                Some(enc) => encode_rs(enc, text, out),
                None => Ok(()),
            },
        };
        r.inspect_err(|_| out.truncate(start))
    }

    /// Appends the text `bytes` hold in this charset. Malformed input is an error with its
    /// octet offset; `out` is then left as it was.
    pub fn decode(&self, bytes: &[u8], out: &mut String) -> Result<(), DecodeError> {
        let start = out.len();
        let r = match self {
            Self::Gsm7Unpacked(t) => decode_septets(bytes, *t, out),
            Self::Ucs2 => decode_ucs2(bytes, out),
            Self::Ascii => match bytes.iter().position(|&b| b >= 0x80) {
                Some(index) => Err(DecodeError::Malformed {
                    index,
                    charset: "ASCII",
                }),
                None => {
                    out.extend(bytes.iter().map(|&b| char::from(b)));
                    Ok(())
                }
            },
            Self::Latin1 => {
                out.extend(bytes.iter().map(|&b| char::from(b)));
                Ok(())
            }
            _ => match self.encoding_rs() {
                Some(enc) => decode_rs(enc, self.name(), bytes, out),
                None => Ok(()),
            },
        };
        r.inspect_err(|_| out.truncate(start))
    }
}

fn encode_below(text: &str, limit: u32, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    out.reserve(text.len());
    for (index, ch) in text.char_indices() {
        if u32::from(ch) >= limit {
            return Err(EncodeError::UnmappableChar { ch, index });
        }
        out.push(u32::from(ch) as u8);
    }
    Ok(())
}

fn encode_rs(enc: &'static Encoding, text: &str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    let mut encoder = enc.new_encoder();
    let mut read_total = 0;
    let mut buf = [0u8; 1024];
    loop {
        let src = text.get(read_total..).unwrap_or("");
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(src, &mut buf, true);
        out.extend_from_slice(buf.get(..written).unwrap_or(&[]));
        read_total += read;
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::OutputFull => {}
            EncoderResult::Unmappable(ch) => {
                return Err(EncodeError::UnmappableChar {
                    ch,
                    index: read_total - ch.len_utf8(),
                });
            }
        }
    }
}

fn decode_rs(
    enc: &'static Encoding,
    name: &'static str,
    bytes: &[u8],
    out: &mut String,
) -> Result<(), DecodeError> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut read_total = 0;
    loop {
        let src = bytes.get(read_total..).unwrap_or(&[]);
        let room = decoder
            .max_utf8_buffer_length_without_replacement(src.len())
            .unwrap_or(src.len().saturating_mul(3).saturating_add(16));
        out.reserve(room);
        let (result, read) = decoder.decode_to_string_without_replacement(src, out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(()),
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => {
                let index = read_total
                    .saturating_sub(usize::from(after))
                    .saturating_sub(usize::from(bad));
                return Err(DecodeError::Malformed {
                    index,
                    charset: name,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Code points from the Unicode mapping tables ISO/IEC 8859-5 (Ж = 0xB6), 8859-8 (א = 0xE0),
    // KS X 1001 via EUC-KR (가 = 0xB0A1) and JIS X 0208 via Shift_JIS (あ = 0x82A0).
    #[test]
    fn roundtrip_encoding_rs_charsets() {
        for (cs, text, bytes) in [
            (Charset::Iso8859_5, "Ж", &[0xB6][..]),
            (Charset::Iso8859_8, "א", &[0xE0][..]),
            (Charset::EucKr, "가", &[0xB0, 0xA1][..]),
            (Charset::ShiftJis, "あ", &[0x82, 0xA0][..]),
            (Charset::Latin1, "é", &[0xE9][..]),
        ] {
            let mut b = Vec::new();
            cs.encode(text, &mut b).unwrap();
            assert_eq!(b, bytes, "{cs:?}");
            let mut s = String::new();
            cs.decode(&b, &mut s).unwrap();
            assert_eq!(s, text);
        }
    }

    #[test]
    fn rejects_unmappable_and_malformed_with_offsets() {
        let mut b = Vec::new();
        assert_eq!(
            Charset::Iso8859_5.encode("Жx你", &mut b),
            Err(EncodeError::UnmappableChar {
                ch: '你', index: 3
            })
        );
        assert!(b.is_empty());
        assert_eq!(
            Charset::Latin1.encode("a€", &mut b),
            Err(EncodeError::UnmappableChar {
                ch: '€', index: 1
            })
        );
        let mut s = String::new();
        assert_eq!(
            Charset::ShiftJis.decode(&[0x41, 0x82], &mut s),
            Err(DecodeError::Malformed {
                index: 1,
                charset: "Shift_JIS"
            })
        );
        assert_eq!(
            Charset::Ascii.decode(&[0x41, 0x82], &mut s),
            Err(DecodeError::Malformed {
                index: 1,
                charset: "ASCII"
            })
        );
        assert!(s.is_empty());
    }

    #[test]
    fn rejects_non_text_data_codings() {
        assert!(Charset::from_data_coding(0x04).is_err());
        assert!(Charset::from_data_coding(0x0D).is_err());
        assert_eq!(Charset::from_data_coding(0x08), Ok(Charset::Ucs2));
    }
}
