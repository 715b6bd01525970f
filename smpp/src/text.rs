//! Text in short messages: `data_coding`-aware decoding (with the UDH set apart when
//! `esm_class` has UDHI), and splitting a text into submit_sm PDUs with the concatenation a
//! gateway chooses: UDH with an 8-bit or 16-bit reference, SAR TLVs, or one `message_payload`.
//! Character sets and segmentation come from the `gsm7` crate.

use alloc::string::String;
use alloc::vec::Vec;

use gsm7::{Concat, ConcatRef, EncodingChoice, NationalLanguage, NationalPolicy, SplitOptions};

use crate::tlv::{TlvError, TlvTag, Tlvs};
use crate::types::OctetString;
use crate::{DataCoding, DataSm, DeliverSm, EsmClass, SubmitSm};

/// Why a text could not be decoded or encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// `data_coding` names binary data or a character set this crate does not code.
    #[error("data_coding {0} is not a supported text coding")]
    UnsupportedDataCoding(DataCoding),
    /// UDHI is set but the UDH length octet runs past the message.
    #[error("UDH length {udhl} runs past the {len}-octet message")]
    BadUdh {
        /// The UDHL octet.
        udhl: u8,
        /// Octets in the message.
        len: usize,
    },
    /// The octets do not decode in the character set.
    #[error("text does not decode: {0}")]
    Decode(#[from] gsm7::DecodeError),
    /// The text cannot be coded in the character set.
    #[error("text cannot be encoded: {0}")]
    Encode(#[from] gsm7::EncodeError),
    /// The text needs too many parts.
    #[error("{0}")]
    Split(#[from] gsm7::SplitError),
    /// The whole text does not fit one `message_payload` (65535 octets).
    #[error("{len} octets do not fit a message_payload TLV")]
    TooLong {
        /// Octets needed.
        len: usize,
    },
}

impl From<TlvError> for TextError {
    fn from(e: TlvError) -> Self {
        match e {
            TlvError::BadLength { len, .. } => TextError::TooLong { len },
            _ => TextError::TooLong { len: 0 },
        }
    }
}

/// Splits a message into its UDH (with the UDHL octet) and the rest, when `esm_class` has
/// UDHI; otherwise the UDH is empty.
pub fn split_udh(esm_class: EsmClass, message: &[u8]) -> Result<(&[u8], &[u8]), TextError> {
    if !esm_class.udhi() {
        return Ok((&[], message));
    }
    let udhl = *message
        .first()
        .ok_or(TextError::BadUdh { udhl: 0, len: 0 })?;
    message
        .split_at_checked(1 + usize::from(udhl))
        .ok_or(TextError::BadUdh {
            udhl,
            len: message.len(),
        })
}

/// The text of a message: the UDH (when UDHI) set apart, the rest decoded as `data_coding`
/// says.
pub fn decode_text(
    data_coding: DataCoding,
    esm_class: EsmClass,
    message: &[u8],
) -> Result<String, TextError> {
    let charset = data_coding
        .charset()
        .ok_or(TextError::UnsupportedDataCoding(data_coding))?;
    let (_, body) = split_udh(esm_class, message)?;
    let mut out = String::new();
    charset.decode(body, &mut out)?;
    Ok(out)
}

macro_rules! message_accessors {
    ($($t:ident),*) => {$(
        impl $t<'_> {
            /// The message: `short_message`, or the `message_payload` TLV when
            /// short_message is empty (v3.4 §5.3.2.32: the two are not used together).
            pub fn message(&self) -> &[u8] {
                if self.short_message.is_empty()
                    && let Some(p) = self.tlvs.message_payload()
                {
                    return p;
                }
                self.short_message.as_bytes()
            }

            /// The decoded text of [`message`](Self::message), per `data_coding` and UDHI.
            pub fn text(&self) -> Result<String, TextError> {
                decode_text(self.data_coding, self.esm_class, self.message())
            }

            /// Where this part stands in a concatenated message, by [`concat_of`].
            pub fn concat(&self) -> Option<Concat> {
                concat_of(self.esm_class, self.message(), &self.tlvs)
            }
        }
    )*};
}

/// Where a received part stands in its concatenated message: the concatenation IE of the
/// UDH when `esm_class` has UDHI (TS 23.040 §9.2.3.24.1 IEI 0x00, §9.2.3.24.8 IEI 0x08; the
/// last one when repeated, §9.2.3.24, as [`Concat::from_udh`] reads it), else the SAR TLVs
/// `sar_msg_ref_num`, `sar_total_segments`, `sar_segment_seqnum` (v3.4 §5.3.2.22–24, a
/// 16-bit reference). `None` for a message in one part, or numbering the specs say to
/// ignore (total or sequence 0, sequence above total).
///
/// ```
/// use smpp::{DeliverSm, EsmClass};
///
/// // TS 23.040 §9.2.3.24.1: UDH 05 00 03 a5 02 01, part 1 of 2, reference 0xa5.
/// let sm = DeliverSm {
///     esm_class: EsmClass::UDHI,
///     short_message: b"\x05\x00\x03\xa5\x02\x01Hello"[..].try_into()?,
///     ..DeliverSm::default()
/// };
/// let c = sm.concat().unwrap();
/// assert_eq!((c.reference, c.total, c.seq, c.sixteen_bit), (0xa5, 2, 1, false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn concat_of(esm_class: EsmClass, message: &[u8], tlvs: &Tlvs<'_>) -> Option<Concat> {
    if let Ok((udh, _)) = split_udh(esm_class, message)
        && let Some(c) = Concat::from_udh(udh)
    {
        return Some(c);
    }
    let (reference, total, seq) = tlvs.sar()?;
    Concat::new(reference, true, total, seq)
}

message_accessors!(SubmitSm, DeliverSm);

impl DataSm<'_> {
    /// The `message_payload` TLV (empty when absent).
    pub fn message(&self) -> &[u8] {
        self.tlvs.message_payload().unwrap_or(&[])
    }

    /// The decoded text of the payload, per `data_coding` and UDHI.
    pub fn text(&self) -> Result<String, TextError> {
        decode_text(self.data_coding, self.esm_class, self.message())
    }

    /// Where this part stands in a concatenated message, by [`concat_of`].
    pub fn concat(&self) -> Option<Concat> {
        concat_of(self.esm_class, self.message(), &self.tlvs)
    }
}

/// How a text longer than one SMS is carried over SMPP: the sending side's choice. (A
/// received part's place in its message is a [`gsm7::Concat`], read by `concat()` on the
/// message PDUs.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConcatMethod {
    /// A UDH in each part with an 8-bit reference (IEI 0x00), UDHI set in `esm_class`.
    Udh8(u8),
    /// A UDH in each part with a 16-bit reference (IEI 0x08), UDHI set in `esm_class`.
    Udh16(u16),
    /// The `sar_msg_ref_num`, `sar_total_segments`, `sar_segment_seqnum` TLVs (v3.4
    /// §5.3.2.22–24), no UDH; parts sized as the SMSC's UDH will need.
    SarTlv(u16),
    /// One PDU, the whole text in `message_payload` (v3.4 §5.3.2.32), `sm_length` 0.
    MessagePayload,
}

impl ConcatMethod {
    /// This method with its reference replaced by the low bits of `n` (a message's running
    /// number), so that a handset tells the parts of different messages apart (TS 23.040
    /// §9.2.3.24.1 and §9.2.3.24.8: the reference is the same in every part of one message).
    ///
    /// ```
    /// use smpp::ConcatMethod;
    /// assert_eq!(ConcatMethod::Udh8(0).with_reference(258), ConcatMethod::Udh8(2));
    /// assert_eq!(ConcatMethod::SarTlv(0).with_reference(258), ConcatMethod::SarTlv(258));
    /// ```
    #[must_use]
    pub const fn with_reference(self, n: u64) -> Self {
        match self {
            Self::Udh8(_) => Self::Udh8(n as u8),
            Self::Udh16(_) => Self::Udh16(n as u16),
            Self::SarTlv(_) => Self::SarTlv(n as u16),
            Self::MessagePayload => Self::MessagePayload,
        }
    }
}

/// The `data_coding` of the parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CodingChoice {
    /// GSM 7 bit (0x00) when every character has a mapping, else UCS-2 (0x08).
    #[default]
    Auto,
    /// This value; the text is coded in the character set it names.
    Fixed(DataCoding),
}

/// How [`submit_sm_parts`] codes and splits a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// The coding (default: [`CodingChoice::Auto`]).
    pub data_coding: CodingChoice,
    /// The concatenation (default: `ConcatMethod::Udh8(0)`).
    pub concat: ConcatMethod,
}

impl Default for TextOptions {
    fn default() -> Self {
        Self {
            data_coding: CodingChoice::Auto,
            concat: ConcatMethod::Udh8(0),
        }
    }
}

/// One part: its UDH (empty when none) followed by its payload, and the UDH octets.
type PartBytes = (Vec<u8>, usize);

/// The submit_sm PDUs that carry `text`: copies of `template` (addresses, registered_delivery,
/// …) with `data_coding`, `short_message` (or `message_payload`), UDHI and SAR TLVs set.
/// A text that fits one SMS gives one PDU without UDH or SAR TLVs.
pub fn submit_sm_parts<'a>(
    template: &SubmitSm<'a>,
    text: &str,
    opts: &TextOptions,
) -> Result<Vec<SubmitSm<'a>>, TextError> {
    let reference = match opts.concat {
        ConcatMethod::Udh16(r) => ConcatRef::Sixteen(r),
        ConcatMethod::Udh8(r) => ConcatRef::Eight(r),
        ConcatMethod::SarTlv(r) => ConcatRef::Eight(r as u8),
        ConcatMethod::MessagePayload => ConcatRef::Eight(0),
    };
    let (data_coding, parts): (DataCoding, Vec<PartBytes>) = match opts.data_coding {
        CodingChoice::Auto | CodingChoice::Fixed(DataCoding::SMSC_DEFAULT | DataCoding::UCS2) => {
            let encoding = match opts.data_coding {
                CodingChoice::Fixed(DataCoding::SMSC_DEFAULT) => EncodingChoice::Gsm7,
                CodingChoice::Fixed(_) => EncodingChoice::Ucs2,
                CodingChoice::Auto => EncodingChoice::Auto,
            };
            let split = gsm7::split(
                text,
                &SplitOptions {
                    encoding,
                    national: NationalPolicy::None,
                    reference,
                },
            )?;
            let dc = match split.encoding {
                gsm7::Encoding::Gsm7 => DataCoding::SMSC_DEFAULT,
                _ => DataCoding::UCS2,
            };
            (
                dc,
                split
                    .parts
                    .into_iter()
                    .map(gsm7::Part::into_user_data)
                    .collect(),
            )
        }
        CodingChoice::Fixed(dc) => {
            let charset = dc.charset().ok_or(TextError::UnsupportedDataCoding(dc))?;
            let mut data = Vec::new();
            charset.encode(text, &mut data)?;
            let split = gsm7::split_binary(&data, reference)?;
            (
                dc,
                split
                    .parts
                    .into_iter()
                    .map(gsm7::Part::into_user_data)
                    .collect(),
            )
        }
    };
    let base = SubmitSm {
        data_coding,
        ..template.clone()
    };
    if opts.concat == ConcatMethod::MessagePayload {
        let whole: Vec<u8> = parts
            .iter()
            .flat_map(|(data, udh_len)| data.get(*udh_len..).unwrap_or(&[]))
            .copied()
            .collect();
        let mut sm = base;
        sm.short_message = OctetString::empty();
        sm.tlvs.push(TlvTag::MESSAGE_PAYLOAD, &whole)?;
        return Ok(alloc::vec![sm]);
    }
    let total = parts.len();
    let mut out = Vec::with_capacity(total);
    for (i, (mut data, udh_len)) in parts.into_iter().enumerate() {
        let mut sm = base.clone();
        match opts.concat {
            ConcatMethod::SarTlv(r) if total > 1 => {
                sm.tlvs = Tlvs::new();
                sm.tlvs.push_u16(TlvTag::SAR_MSG_REF_NUM, r)?;
                sm.tlvs.push_u8(TlvTag::SAR_TOTAL_SEGMENTS, total as u8)?;
                sm.tlvs.push_u8(TlvTag::SAR_SEGMENT_SEQNUM, (i + 1) as u8)?;
                for t in template.tlvs.iter() {
                    // Keep the template's other TLVs after the SAR ones.
                    if !matches!(
                        t.tag,
                        TlvTag::SAR_MSG_REF_NUM
                            | TlvTag::SAR_TOTAL_SEGMENTS
                            | TlvTag::SAR_SEGMENT_SEQNUM
                    ) {
                        sm.tlvs.push(t.tag, cstr_value(&t))?;
                    }
                }
                // The SAR TLVs replace the UDH: the payload alone.
                data.drain(..udh_len.min(data.len()));
                sm.short_message = OctetString::from_part(data);
            }
            _ => {
                if udh_len > 0 {
                    sm.esm_class = sm.esm_class.with_udhi(true);
                }
                sm.short_message = OctetString::from_part(data);
            }
        }
        out.push(sm);
    }
    Ok(out)
}

/// The submit_sm PDUs that carry `text` in GSM 7 bit with `language`'s shift tables
/// (TS 23.038 Annex A, signalled in the UDH by the TS 23.040 §9.2.3.24.15/16 IEs): copies of
/// `template` with data_coding 0, UDHI when there is a UDH, and the 8-bit concatenation
/// reference `reference` when the text needs several parts.
///
/// ```
/// use gsm7::NationalLanguage;
/// let template = smpp::SubmitSm { destination_addr: "905321234567".try_into()?, ..Default::default() };
/// let parts = smpp::submit_sm_national_parts(&template, "Günaydın, ğüşıöç", NationalLanguage::Turkish, 1)?;
/// assert_eq!(parts.len(), 1);
/// assert!(parts[0].esm_class.udhi());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn submit_sm_national_parts<'a>(
    template: &SubmitSm<'a>,
    text: &str,
    language: NationalLanguage,
    reference: u8,
) -> Result<Vec<SubmitSm<'a>>, TextError> {
    let split = gsm7::split(
        text,
        &SplitOptions {
            encoding: EncodingChoice::Gsm7,
            national: NationalPolicy::Allowed(alloc::vec![language]),
            reference: ConcatRef::Eight(reference),
        },
    )?;
    let base = SubmitSm {
        data_coding: DataCoding::SMSC_DEFAULT,
        ..template.clone()
    };
    Ok(split
        .parts
        .into_iter()
        .map(|p| {
            let mut sm = base.clone();
            if !p.udh().is_empty() {
                sm.esm_class = sm.esm_class.with_udhi(true);
            }
            let (m, _) = p.into_user_data();
            // A part of an SMS holds at most 140 octets (TS 23.040 §9.2.3.16): within
            // short_message's 254.
            sm.short_message = OctetString::from_part(m);
            sm
        })
        .collect())
}

/// A TLV value as `Tlvs::push` takes it (a C-Octet string without its NUL).
fn cstr_value<'t>(t: &crate::Tlv<'t>) -> &'t [u8] {
    match t.value {
        crate::TlvValue::CStr(s) => s,
        _ => t.raw(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Npi, TlvTag, Ton};

    fn template() -> SubmitSm<'static> {
        SubmitSm {
            source_addr_ton: Ton::ALPHANUMERIC,
            source_addr: "Sender".try_into().unwrap(),
            dest_addr_ton: Ton::INTERNATIONAL,
            dest_addr_npi: Npi::ISDN,
            destination_addr: "447700900123".try_into().unwrap(),
            registered_delivery: crate::RegisteredDelivery::SUCCESS_OR_FAILURE,
            ..SubmitSm::default()
        }
    }

    // TS 23.040 §9.2.3.24.1: the 8-bit reference is the message number modulo 256;
    // §9.2.3.24.8: the 16-bit one modulo 65536; SAR (v3.4 §5.3.2.22) is 16 bits.
    #[test]
    fn sets_reference_from_low_bits() {
        assert_eq!(
            ConcatMethod::Udh8(9).with_reference(0x1_02),
            ConcatMethod::Udh8(2)
        );
        assert_eq!(
            ConcatMethod::Udh16(0).with_reference(0x1_0003),
            ConcatMethod::Udh16(3)
        );
        assert_eq!(
            ConcatMethod::SarTlv(0).with_reference(0x1_0003),
            ConcatMethod::SarTlv(3)
        );
        assert_eq!(
            ConcatMethod::MessagePayload.with_reference(7),
            ConcatMethod::MessagePayload
        );
    }

    // TS 23.040 §9.2.3.24.15/16: national language single/locking shift IE (IEI 0x24/0x25,
    // length 1, Turkish = 1 per TS 23.038 §6.2.1.2.4); §9.2.3.24.1: a long text's parts carry
    // IEI 0, length 3 and the reference given.
    #[test]
    fn accepts_national_text_with_shift_ie_and_reference() {
        let one = submit_sm_national_parts(
            &template(),
            "Günaydın, İstanbul! Şimdi ğ",
            NationalLanguage::Turkish,
            1,
        )
        .unwrap();
        assert_eq!(one.len(), 1);
        let sm = &one[0];
        assert_eq!(sm.data_coding, DataCoding::SMSC_DEFAULT);
        assert_eq!(sm.destination_addr, template().destination_addr);
        assert!(sm.esm_class.udhi());
        let udh = sm.short_message.as_bytes();
        let ies = &udh[1..=usize::from(udh[0])];
        assert!(
            ies.windows(3)
                .any(|w| w == [0x24, 0x01, 0x01] || w == [0x25, 0x01, 0x01]),
            "{ies:?}"
        );
        let text = "Günaydın! Şifreniz: 4821. ".repeat(8);
        let long =
            submit_sm_national_parts(&template(), &text, NationalLanguage::Turkish, 9).unwrap();
        assert!(long.len() > 1);
        for sm in &long {
            let udh = sm.short_message.as_bytes();
            let ies = &udh[1..=usize::from(udh[0])];
            assert!(ies.windows(3).any(|w| w == [0, 3, 9]), "{ies:?}");
        }
    }

    // oracles/samples/pdus.txt submit_sm_gsm7_escape: short_message 1b65 20 3130 20 1b3c 78
    // 1b3e, tshark (GSM 7-bit) shows "€ 10 [x]".
    #[test]
    fn accepts_gsm7_unpacked_with_escapes() {
        let text = decode_text(
            DataCoding::SMSC_DEFAULT,
            EsmClass::DEFAULT,
            &[
                0x1b, 0x65, 0x20, 0x31, 0x30, 0x20, 0x1b, 0x3c, 0x78, 0x1b, 0x3e,
            ],
        );
        assert_eq!(text.unwrap(), "€ 10 [x]");
    }

    // oracles/samples/pdus.txt submit_sm_ucs2: tshark shows "Привет €".
    #[test]
    fn accepts_ucs2() {
        let m = [
            0x04, 0x1f, 0x04, 0x40, 0x04, 0x38, 0x04, 0x32, 0x04, 0x35, 0x04, 0x42, 0x00, 0x20,
            0x20, 0xac,
        ];
        assert_eq!(
            decode_text(DataCoding::UCS2, EsmClass::DEFAULT, &m).unwrap(),
            "Привет €"
        );
    }

    // oracles/samples/pdus.txt submit_sm_udh: UDH 050003a50201 then "Hello".
    #[test]
    fn accepts_udh_set_apart() {
        let m = [
            0x05, 0x00, 0x03, 0xa5, 0x02, 0x01, b'H', b'e', b'l', b'l', b'o',
        ];
        assert_eq!(
            decode_text(DataCoding::SMSC_DEFAULT, EsmClass::UDHI, &m).unwrap(),
            "Hello"
        );
        let (udh, _) = split_udh(EsmClass::UDHI, &m).unwrap();
        assert_eq!(udh, &m[..6]);
        assert_eq!(
            split_udh(EsmClass::UDHI, &[9, 0, 3]),
            Err(TextError::BadUdh { udhl: 9, len: 3 })
        );
        assert_eq!(
            decode_text(DataCoding::BINARY, EsmClass::DEFAULT, b"x"),
            Err(TextError::UnsupportedDataCoding(DataCoding::BINARY))
        );
    }

    // TS 23.038 §6.1.2.1 / TS 23.040 §9.2.3.24.1: 153 septets per part with a 6-octet UDH.
    #[test]
    fn roundtrip_udh8_parts() {
        let text = "a".repeat(200);
        let opts = TextOptions {
            data_coding: CodingChoice::Auto,
            concat: ConcatMethod::Udh8(0x42),
        };
        let parts = submit_sm_parts(&template(), &text, &opts).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            &parts[0].short_message.as_bytes()[..6],
            &[5, 0, 3, 0x42, 2, 1]
        );
        assert_eq!(parts[0].short_message.len(), 6 + 153);
        assert_eq!(parts[0].esm_class, EsmClass::UDHI);
        assert_eq!(parts[1].concat(), Concat::new(0x42, false, 2, 2));
        let joined: String = parts.iter().map(|p| p.text().unwrap()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn roundtrip_sar_and_payload() {
        let text = "Привет ".repeat(20);
        let sar = TextOptions {
            data_coding: CodingChoice::Auto,
            concat: ConcatMethod::SarTlv(0x1234),
        };
        let parts = submit_sm_parts(&template(), &text, &sar).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1].tlvs.sar(), Some((0x1234, 3, 2)));
        assert_eq!(parts[1].concat(), Concat::new(0x1234, true, 3, 2));
        assert_eq!(parts[1].data_coding, DataCoding::UCS2);
        assert_eq!(parts[1].esm_class, EsmClass::DEFAULT);
        let joined: String = parts.iter().map(|p| p.text().unwrap()).collect();
        assert_eq!(joined, text);

        let payload = TextOptions {
            data_coding: CodingChoice::Auto,
            concat: ConcatMethod::MessagePayload,
        };
        let parts = submit_sm_parts(&template(), &text, &payload).unwrap();
        assert_eq!(parts.len(), 1);
        assert!(parts[0].short_message.is_empty());
        assert_eq!(parts[0].text().unwrap(), text);
    }

    #[test]
    fn accepts_fixed_latin1() {
        let opts = TextOptions {
            data_coding: CodingChoice::Fixed(DataCoding::LATIN1),
            concat: ConcatMethod::Udh8(1),
        };
        let parts = submit_sm_parts(&template(), "café", &opts).unwrap();
        assert_eq!(parts[0].short_message.as_bytes(), b"caf\xe9");
        assert_eq!(parts[0].data_coding, DataCoding::LATIN1);
    }

    // shared/oracles/samples/pdus.txt submit_sm_udh: UDH 05 00 03 a5 02 01, then "Hello"
    // (tshark: msg_id 165, msg_parts 2, msg_part 1).
    #[test]
    fn accepts_udh8_concat() {
        let m = [0x05, 0x00, 0x03, 0xa5, 0x02, 0x01, b'H', b'i'];
        let c = concat_of(EsmClass::UDHI, &m, &Tlvs::new()).unwrap();
        assert_eq!(
            (c.reference, c.total, c.seq, c.sixteen_bit),
            (0xa5, 2, 1, false)
        );
        // Without UDHI the same octets are text.
        assert_eq!(concat_of(EsmClass::DEFAULT, &m, &Tlvs::new()), None);
    }

    // TS 23.040 §9.2.3.24.8: IEI 08, length 4, 16-bit reference; after a national
    // language single shift IE (IEI 0x24, §9.2.3.24.15) that comes first.
    #[test]
    fn accepts_udh16_concat_after_other_ies() {
        let m = [
            0x09, 0x24, 0x01, 0x01, 0x08, 0x04, 0x12, 0x34, 0x03, 0x02, b'x',
        ];
        let c = concat_of(EsmClass::UDHI, &m, &Tlvs::new()).unwrap();
        assert_eq!(
            (c.reference, c.total, c.seq, c.sixteen_bit),
            (0x1234, 3, 2, true)
        );
    }

    #[test]
    fn rejects_truncated_udh_concat() {
        assert_eq!(
            concat_of(EsmClass::UDHI, &[0x05, 0x00, 0x03, 0xa5], &Tlvs::new()),
            None
        );
        assert_eq!(
            concat_of(EsmClass::UDHI, &[0x03, 0x00, 0x05, 0xa5], &Tlvs::new()),
            None
        );
    }

    // SMPP 3.4 §5.3.2.22–24: sar_msg_ref_num, sar_total_segments, sar_segment_seqnum.
    #[test]
    fn accepts_sar_tlvs() {
        let mut t = Tlvs::new();
        t.push_u16(TlvTag::SAR_MSG_REF_NUM, 7).unwrap();
        t.push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2).unwrap();
        t.push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 2).unwrap();
        let c = concat_of(EsmClass::DEFAULT, b"part two", &t).unwrap();
        assert_eq!((c.reference, c.total, c.seq), (7, 2, 2));
    }
}
