//! Receipts in the `smpp` crate's deliver_sm and data_sm. Reading: the TLVs first, the text
//! of `short_message` (or `message_payload`) second, reconciled into one [`DeliveryReport`].
//! Writing: [`ReceiptFields::to_deliver_sm`], the receipt deliver_sm an SMSC sends.

use alloc::vec::Vec;

use compact_str::CompactString;
use smpp::{DataSm, DeliverSm, EsmClass, OctetString, TlvError, TlvTag, Tlvs};

use crate::codes::DeliveryFailureReason;
use crate::error::ParseError;
use crate::receipt::Quirk;
use crate::receipt::{self, DecodeOptions, Receipt, ReceiptFields, WriteError};
use crate::report::{DeliveryReport, NetworkErrorCode, ReceiptTlvs, ReportError};
use crate::state::{MessageState, State};

/// Why a deliver_sm or data_sm gave no report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SmppReportError {
    /// esm_class does not flag a receipt and the options do not forgive it
    /// ([`DecodeOptions::allow_unflagged_receipts`]).
    #[error("esm_class 0x{:02X} does not flag a delivery receipt", .0.0)]
    NotAReceipt(EsmClass),
    /// The receipt text could not be parsed and the TLVs do not carry the report alone.
    #[error("receipt text: {0}")]
    Text(#[from] ParseError),
    /// Neither TLVs nor text identify the message.
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl<'a> ReceiptTlvs<'a> {
    /// The receipt TLVs of an SMPP TLV list: the first of each tag, read in one walk.
    pub fn from_smpp(tlvs: &'a Tlvs<'_>) -> Self {
        Self::from_smpp_raw(tlvs.as_bytes()).0.id_unterminated()
    }

    /// [`from_smpp`](Self::from_smpp) over the TLV octets, and the `message_payload` met on
    /// the way (the receipt text when short_message is empty), with `receipted_message_id`
    /// as received ([`id_unterminated`](Self::id_unterminated) reads it). Each other TLV is
    /// read as the `smpp` crate's `Tlv` reads it (SMPP 3.4 §5.3.2): the one-octet integers
    /// only when one octet long, `network_error_code` only when three.
    fn from_smpp_raw(mut raw: &'a [u8]) -> (Self, Option<&'a [u8]>) {
        let mut found = Self::default();
        let mut payload = None;
        // Which tags were met: a later TLV with the same tag does not count (the first is the
        // one `Tlvs::get` gives), even when the first's value was unusable.
        let mut seen = 0u8;
        // A short tail ends the walk, as `TlvIter` does.
        while let Some((&[a, b, c, d], rest)) = raw.split_first_chunk::<4>() {
            let Some((value, rest)) =
                rest.split_at_checked(usize::from(u16::from_be_bytes([c, d])))
            else {
                break;
            };
            raw = rest;
            let octet = match *value {
                [v] => Some(v),
                _ => None,
            };
            // Each tag's bit in `seen`, and what it gives.
            match TlvTag(u16::from_be_bytes([a, b])) {
                TlvTag::RECEIPTED_MESSAGE_ID if seen & 1 == 0 => {
                    seen |= 1;
                    found.receipted_message_id = Some(value);
                }
                TlvTag::MESSAGE_STATE if seen & 2 == 0 => {
                    seen |= 2;
                    found.message_state = octet.map(MessageState);
                }
                TlvTag::NETWORK_ERROR_CODE if seen & 4 == 0 => {
                    seen |= 4;
                    found.network_error_code = NetworkErrorCode::from_bytes(value);
                }
                TlvTag::DELIVERY_FAILURE_REASON if seen & 8 == 0 => {
                    seen |= 8;
                    found.delivery_failure_reason = octet.map(DeliveryFailureReason);
                }
                TlvTag::MESSAGE_PAYLOAD if seen & 16 == 0 => {
                    seen |= 16;
                    payload = Some(value);
                }
                _ => {}
            }
        }
        (found, payload)
    }
}

impl<'a> ReceiptTlvs<'a> {
    /// [`from_smpp_raw`](Self::from_smpp_raw) for the TLV region most receipts carry:
    /// `receipted_message_id` then a one-octet `message_state` (SMPP 3.4 §4.6.1 lists them
    /// in that order), and nothing else. The walk would find just those two: no other tag,
    /// no repeat, no payload. Compared as two fixed headers, no loop; `None` for any other
    /// region.
    #[inline(always)]
    fn from_usual_region(raw: &'a [u8]) -> Option<Self> {
        let ([0x00, 0x1E, hi, lo], rest) = raw.split_first_chunk::<4>()? else {
            return None;
        };
        let (id, rest) = rest.split_at_checked(usize::from(u16::from_be_bytes([*hi, *lo])))?;
        // `message_state`, length 1, compared as one word.
        let (&header, &[state]) = rest.split_first_chunk::<4>()? else {
            return None;
        };
        if u32::from_be_bytes(header) != 0x0427_0001 {
            return None;
        }
        Some(Self {
            receipted_message_id: Some(id),
            message_state: Some(MessageState(state)),
            network_error_code: None,
            delivery_failure_reason: None,
        })
    }

    /// The receipt TLVs and payload of `raw`: [`from_usual_region`](Self::from_usual_region)
    /// when it reads them, else [`from_smpp_raw`](Self::from_smpp_raw).
    #[inline(always)]
    fn read_raw(raw: &'a [u8]) -> (Self, Option<&'a [u8]>) {
        match Self::from_usual_region(raw) {
            Some(found) => (found, None),
            None => Self::from_smpp_raw(raw),
        }
    }
}

impl ReceiptTlvs<'_> {
    /// These TLVs with `receipted_message_id` as received read as the `smpp` crate's `Tlv`
    /// reads it (SMPP 3.4 §5.3.2.12, a C-Octet String): without its final NUL, or as the
    /// octets received when they are not one C-Octet String.
    fn id_unterminated(mut self) -> Self {
        if let Some([s @ .., 0]) = self.receipted_message_id
            && !has_nul(s)
        {
            self.receipted_message_id = Some(s);
        }
        self
    }
}

/// Whether `s` holds a NUL: eight bytes at a time (a byte of `(v - 0x01…) & !v & 0x80…` has
/// its high bit set only if some byte of `v` is zero), the last eight overlapping the ones
/// before; core's short search below eight. The usual id is ten to twenty octets: two or three words,
/// without memchr's set-up.
#[inline(always)]
fn has_nul(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero = |w: &[u8; 8]| {
        let v = u64::from_le_bytes(*w);
        v.wrapping_sub(ONES) & !v & (0x80 * ONES) != 0
    };
    let Some(last) = s.last_chunk::<8>() else {
        return s.contains(&0);
    };
    let mut rest = s;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        if zero(chunk) {
            return true;
        }
        rest = tail;
    }
    zero(last)
}

impl ReceiptTlvs<'_> {
    /// Appends these TLVs to `tlvs` (the inverse of [`ReceiptTlvs::from_smpp`]), in the order
    /// SMPP 3.4 §4.6.1 lists them: `receipted_message_id`, `message_state`,
    /// `network_error_code`, `delivery_failure_reason`. Fails when `tlvs` already holds one of
    /// them or the id is longer than the 64 octets §5.3.2.12 allows.
    pub fn push_to(&self, tlvs: &mut Tlvs<'_>) -> Result<(), TlvError> {
        if let Some(id) = self.receipted_message_id {
            tlvs.push(TlvTag::RECEIPTED_MESSAGE_ID, id)?;
        }
        if let Some(state) = self.message_state {
            tlvs.push_u8(TlvTag::MESSAGE_STATE, state.0)?;
        }
        if let Some(n) = self.network_error_code {
            let [hi, lo] = n.error_code.to_be_bytes();
            tlvs.push(TlvTag::NETWORK_ERROR_CODE, &[n.network_type.0, hi, lo])?;
        }
        if let Some(reason) = self.delivery_failure_reason {
            tlvs.push_u8(TlvTag::DELIVERY_FAILURE_REASON, reason.0)?;
        }
        Ok(())
    }
}

impl ReceiptFields<'_> {
    /// The receipt TLVs these fields imply: `receipted_message_id` from `id`, `message_state`
    /// from `state`, and `network_error_code` when given (SMPP 3.4 §5.3.2.31; keep its code
    /// equal to `err`, or [`DeliveryReport::reconcile`] reports a conflict).
    pub fn tlvs(&self, network_error_code: Option<NetworkErrorCode>) -> ReceiptTlvs<'_> {
        ReceiptTlvs {
            receipted_message_id: self.id.map(str::as_bytes),
            message_state: self.state.map(State::message_state),
            network_error_code,
            delivery_failure_reason: None,
        }
    }

    /// The deliver_sm an SMSC sends for this receipt: esm_class "SMSC Delivery Receipt"
    /// (SMPP 3.4 §5.2.12, xx0001xx), the Appendix B text in `short_message` (in
    /// `message_payload` when longer than short_message's 254 octets, §5.3.2.32) and the
    /// receipt TLVs of [`ReceiptFields::tlvs`]. The addresses are left empty for the caller:
    /// the receipt's source is the submission's destination (the handset reports), its
    /// destination the submission's source (§4.6.1). [`DeliveryReport::from_deliver_sm`] reads
    /// it back.
    ///
    /// ```
    /// use dlr::{
    ///     DecodeOptions, DeliveryReport, NetworkErrorCode, NetworkType, ReceiptDate, ReceiptFields,
    ///     State,
    /// };
    /// let at = ReceiptDate::from_unix_seconds(1_795_924_080).unwrap().to_minute();
    /// let mut fields = ReceiptFields::new("17", State::Undeliverable, at, at);
    /// fields.err = Some(11);
    /// // GSM (network type 3) error 11, SMPP 3.4 §5.3.2.31.
    /// let nec = NetworkErrorCode { network_type: NetworkType::GSM, error_code: 11 };
    /// let mut sm = fields.to_deliver_sm(Some(nec))?;
    /// sm.source_addr = "447700900123".try_into()?;
    /// let report = DeliveryReport::from_deliver_sm(&sm, &DecodeOptions::strict())?;
    /// assert_eq!((report.state, report.error_code), (State::Undeliverable, Some(11)));
    /// assert_eq!(report.recipient.as_deref(), Some("447700900123"));
    /// assert!(report.conflicts.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_deliver_sm(
        &self,
        network_error_code: Option<NetworkErrorCode>,
    ) -> Result<DeliverSm<'static>, WriteError> {
        let mut text = Vec::with_capacity(160);
        self.write(&mut text)?;
        let mut sm = DeliverSm {
            esm_class: EsmClass::SMSC_DELIVERY_RECEIPT,
            ..DeliverSm::default()
        };
        let tlv_error = |e: TlvError| match e {
            TlvError::BadLength {
                tag: 0x0424, // message_payload
                ..
            } => WriteError::TooLong,
            _ => WriteError::IdTooLong,
        };
        self.tlvs(network_error_code)
            .push_to(&mut sm.tlvs)
            .map_err(tlv_error)?;
        if text.len() <= OctetString::MAX {
            sm.short_message = OctetString::try_from(text).map_err(|_| WriteError::TooLong)?;
        } else {
            sm.tlvs
                .push(TlvTag::MESSAGE_PAYLOAD, &text)
                .map_err(tlv_error)?;
        }
        Ok(sm.into_owned())
    }
}

/// The receipt's text: the short_message, or the message_payload TLV's value when the
/// short_message is empty (v3.4 §5.3.2.32: a PDU carries its message in one or the other).
#[inline(always)]
fn receipt_text<'a>(short_message: &'a [u8], payload: Option<&'a [u8]>) -> &'a [u8] {
    if short_message.is_empty() {
        payload.unwrap_or_default()
    } else {
        short_message
    }
}

impl DeliveryReport {
    /// The report a deliver_sm carries. See [`DeliveryReport::from_smpp_parts`].
    /// `recipient` is the deliver_sm's source_addr: the receipt comes from the handset the
    /// message was for (SMPP 3.4 §4.6.1).
    pub fn from_deliver_sm(
        sm: &DeliverSm<'_>,
        options: &DecodeOptions,
    ) -> Result<Self, SmppReportError> {
        Self::from_smpp(
            sm.esm_class,
            sm.short_message.as_bytes(),
            &sm.tlvs,
            Some(sm.source_addr.as_bytes()),
            options,
        )
    }

    /// The report a data_sm carries (text, if any, in `message_payload`).
    pub fn from_data_sm(sm: &DataSm<'_>, options: &DecodeOptions) -> Result<Self, SmppReportError> {
        Self::from_smpp(
            sm.esm_class,
            &[],
            &sm.tlvs,
            Some(sm.source_addr.as_bytes()),
            options,
        )
    }

    /// The report from an esm_class, a short_message and TLVs.
    ///
    /// The text is `short_message`, or `message_payload` when short_message is empty (SMPP
    /// 3.4 §5.3.2.32: the two are exclusive). TLVs come first, the text second
    /// ([`DeliveryReport::reconcile`]). When the options allow, a receipt whose esm_class
    /// does not say so is accepted with [`Quirk::NotFlaggedAsReceipt`], and text that does not
    /// parse is ignored when the TLVs alone carry the id (many SMSCs put free text there).
    pub fn from_smpp_parts(
        esm_class: EsmClass,
        short_message: &[u8],
        tlvs: &Tlvs<'_>,
        options: &DecodeOptions,
    ) -> Result<Self, SmppReportError> {
        Self::from_smpp(esm_class, short_message, tlvs, None, options)
    }

    /// [`from_smpp_parts`](Self::from_smpp_parts) with the report's `recipient`, built in
    /// place: inlined into each public caller.
    #[inline(always)]
    fn from_smpp(
        esm_class: EsmClass,
        short_message: &[u8],
        tlvs: &Tlvs<'_>,
        recipient: Option<&[u8]>,
        options: &DecodeOptions,
    ) -> Result<Self, SmppReportError> {
        let flagged = esm_class.is_receipt();
        let (received, payload) = ReceiptTlvs::read_raw(tlvs.as_bytes());
        let text = receipt_text(short_message, payload);
        // The receipt most SMSCs send, in Appendix B's layout, agreeing with its TLVs: the
        // report is built as the text is read, no Receipt built. The usual layout's reader is
        // inlined here, the field-by-field one is called. Anything they decline (another
        // layout, a conflict to list, an id to trim) takes the general path below.
        if flagged {
            if let Some(fixed) = receipt::fixed_layout(text) {
                if let Some(report) =
                    DeliveryReport::from_usual(&received, fixed.id, fixed.err(), recipient, &fixed)
                {
                    return Ok(report);
                }
            } else if let Some(report) =
                DeliveryReport::from_canonical_by_field(tlvs, text, recipient)
            {
                return Ok(report);
            }
        }
        Self::from_smpp_general(esm_class, short_message, tlvs, recipient, options)
    }

    /// The report of `text` read field by field, if it is canonical and agrees with `tlvs`
    /// ([`from_canonical`](Self::from_canonical)); out of line (the usual layout's reader takes
    /// the inlined one), reading the TLVs again rather than have its caller keep them.
    #[inline(never)]
    fn from_canonical_by_field(
        tlvs: &Tlvs<'_>,
        text: &[u8],
        recipient: Option<&[u8]>,
    ) -> Option<Self> {
        let canonical = receipt::canonical_by_field(text)?;
        let (received, _) = ReceiptTlvs::from_smpp_raw(tlvs.as_bytes());
        Self::from_canonical(&received, &canonical, recipient)
    }

    /// [`from_smpp`](Self::from_smpp) for every receipt: the text parsed into a [`Receipt`]
    /// and reconciled with the TLVs. Out of line, so the usual receipt's path keeps its
    /// registers.
    #[inline(never)]
    fn from_smpp_general(
        esm_class: EsmClass,
        short_message: &[u8],
        tlvs: &Tlvs<'_>,
        recipient: Option<&[u8]>,
        options: &DecodeOptions,
    ) -> Result<Self, SmppReportError> {
        let flagged = esm_class.is_receipt();
        if !flagged && !options.allows(&Quirk::NotFlaggedAsReceipt { esm_class }) {
            return Err(SmppReportError::NotAReceipt(esm_class));
        }
        let (received, payload) = ReceiptTlvs::from_smpp_raw(tlvs.as_bytes());
        let text = receipt_text(short_message, payload);
        let receipt_tlvs = received.id_unterminated();
        // Parsed in place and borrowed from here on (a Receipt is a few hundred octets).
        let parsed = (!text.is_empty()).then(|| Receipt::parse(text, options));
        let mut ignored = None;
        let receipt = match &parsed {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(e))
                if !options.allows(&Quirk::TextIgnored(*e))
                    || receipt_tlvs.receipted_message_id.is_none() =>
            {
                return Err((*e).into());
            }
            Some(Err(e)) => {
                ignored = Some(*e);
                None
            }
        };
        let mut report = DeliveryReport::reconcile(Some(&receipt_tlvs), receipt)?;
        if let Some(e) = ignored {
            report.quirks.push(Quirk::TextIgnored(e));
        }
        if !flagged {
            report.quirks.push(Quirk::NotFlaggedAsReceipt { esm_class });
        }
        report.recipient = recipient
            .and_then(|b| core::str::from_utf8(b).ok())
            .map(CompactString::new);
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    // Receipts in the usual layout (read inline), in other canonical layouts (read field by
    // field, out of line) and not canonical (the general parser): the report of the deliver_sm
    // is the one reconciled from the general parser's Receipt, in both modes. Values from
    // cloudhopper-smpp DeliveryReceiptTest and bench-pdus.md's deliver_sm.
    #[test]
    fn report_of_every_receipt_path_is_the_general_one() {
        for text in [
            "id:1234567890 sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:Your MyBrand verific",
            "id:0123456789 sub:2 dlvrd:1 submit date:100523203900 done date:100524233900 stat:UNDELIV err:12 Text:x",
            "id:7 sub:001 dlvrd:000 submit date:1005232039 done date:1005242339 stat:SCHEDULED err:000",
            "id:2E179B310EDE971B2760C72B7F026E1B submit date:20110314181534 done date:20110314181741 stat:DELIVRD err:0",
        ] {
            for options in [DecodeOptions::strict(), DecodeOptions::lenient()] {
                let mut sm = DeliverSm::new("447700900123", "MyBrand", text.as_bytes()).unwrap();
                sm.esm_class = EsmClass::SMSC_DELIVERY_RECEIPT;
                sm.tlvs
                    .push(TlvTag::RECEIPTED_MESSAGE_ID, b"1234567890")
                    .unwrap();
                sm.tlvs.push_u8(TlvTag::MESSAGE_STATE, 2).unwrap();
                let general = Receipt::parse(text.as_bytes(), &options).map(|receipt| {
                    let mut report = DeliveryReport::reconcile(
                        Some(&ReceiptTlvs::from_smpp(&sm.tlvs)),
                        Some(&receipt),
                    )
                    .unwrap();
                    report.recipient = Some("447700900123".into());
                    report
                });
                assert_eq!(
                    DeliveryReport::from_deliver_sm(&sm, &options).ok(),
                    general.ok(),
                    "{text}"
                );
            }
        }
    }

    // The one-pass path at every length of id (1 to 26 octets: the inline CompactString
    // holds 24) and source address (0 to 20): the report is the general path's, with and
    // without the id TLV. Receipt layout of bench-pdus.md's deliver_sm.
    #[test]
    fn report_of_every_id_and_address_length_is_the_general_one() {
        for id_len in 1..=26 {
            let id = &"0123456789abcdefghijklmnopqrstuvwxyz"[..id_len];
            let text = alloc::format!(
                "id:{id} sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:Your MyBrand verific"
            );
            for source_len in 0..=20 {
                for with_tlv in [false, true] {
                    let mut sm = DeliverSm::new("", "MyBrand", text.as_bytes()).unwrap();
                    sm.esm_class = EsmClass::SMSC_DELIVERY_RECEIPT;
                    sm.source_addr = "44770090012345678901"[..source_len].try_into().unwrap();
                    if with_tlv {
                        sm.tlvs
                            .push(TlvTag::RECEIPTED_MESSAGE_ID, id.as_bytes())
                            .unwrap();
                    }
                    let options = DecodeOptions::strict();
                    let report = DeliveryReport::from_deliver_sm(&sm, &options);
                    assert_eq!(
                        report,
                        DeliveryReport::from_smpp_general(
                            sm.esm_class,
                            sm.short_message.as_bytes(),
                            &sm.tlvs,
                            Some(sm.source_addr.as_bytes()),
                            &options,
                        ),
                        "{id} {source_len} {with_tlv}"
                    );
                    assert_eq!(report.unwrap().message_id, id);
                }
            }
        }
    }

    /// A TLV region of receipt tags (and one other), each with a short value that may or may
    /// not fit its definition: C-strings with and without their NUL, integers of the wrong
    /// length, tags repeated.
    fn receipt_tlv_region() -> impl Strategy<Value = Vec<u8>> {
        let tag = prop::sample::select(vec![0x001Eu16, 0x0427, 0x0423, 0x0425, 0x0424, 0x0204]);
        let value = prop::collection::vec(prop::sample::select(vec![0u8, 1, 2, b'7', 0xff]), 0..5);
        prop::collection::vec((tag, value), 0..6).prop_map(|tlvs| {
            let mut raw = Vec::new();
            for (tag, value) in tlvs {
                raw.extend_from_slice(&tag.to_be_bytes());
                raw.extend_from_slice(&(value.len() as u16).to_be_bytes());
                raw.extend_from_slice(&value);
            }
            raw
        })
    }

    /// TLV regions around a receipt whose id is `1234567890`: `receipted_message_id` that is
    /// the text's id with and without its NUL, another id, one to trim, empty, not UTF-8;
    /// every `message_state` (and a vendor one); `network_error_code` agreeing with `err:000`
    /// or not, of the wrong length; `delivery_failure_reason`; repeated tags.
    fn receipt_tlvs_around_the_bench_id() -> impl Strategy<Value = Vec<u8>> {
        let tlv = prop_oneof![
            prop::sample::select(vec![
                &b"1234567890\0"[..],
                b"1234567890",
                b"1234567891\0",
                b" 1234567890\0",
                b"\0",
                b"\xff\0",
                b"1234567890\0\0",
            ])
            .prop_map(|v| (0x001Eu16, v.to_vec())),
            (0u8..11).prop_map(|v| (0x0427, vec![if v == 10 { 0x42 } else { v }])),
            prop::sample::select(vec![&[3u8, 0, 0][..], &[3, 0, 5], &[3, 0]])
                .prop_map(|v| (0x0423, v.to_vec())),
            Just((0x0425, vec![2u8])),
        ];
        prop::collection::vec(tlv, 0..4).prop_map(|tlvs| {
            let mut raw = Vec::new();
            for (tag, value) in tlvs {
                raw.extend_from_slice(&tag.to_be_bytes());
                raw.extend_from_slice(&(value.len() as u16).to_be_bytes());
                raw.extend_from_slice(&value);
            }
            raw
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        // The report of a deliver_sm, from whichever path builds it (the usual layout read in
        // one pass, the field-by-field reader, the general parser), is the general path's:
        // bench-pdus.md's receipt deliver_sm with one byte of its text changed or its text cut
        // short, any of the TLV regions above, several source addresses (UTF-8 or not, up to
        // the 20 octets the smpp crate allows), flagged as a receipt or not, in both modes.
        #[test]
        fn report_of_any_deliver_sm_is_the_general_one(
            edit in prop::option::of((0usize..122, prop::sample::select(b"0129 :\t\0\xffaDT".to_vec()))),
            cut in prop::option::of(0usize..122),
            raw in receipt_tlvs_around_the_bench_id(),
            source in prop::sample::select(vec![&b"447700900123"[..], b"", b"\xe9t\xe9", b"\xc3\xa9", b"12345678901234567890"]),
            esm_class in prop::sample::select(vec![0x04u8, 0x00, 0x20]),
            lenient in any::<bool>(),
        ) {
            let mut text = b"id:1234567890 sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:Your MyBrand verific".to_vec();
            if let Some((at, byte)) = edit {
                text[at] = byte;
            }
            if let Some(len) = cut {
                text.truncate(len);
            }
            let mut sm = DeliverSm::new("", "MyBrand", &text).unwrap();
            sm.source_addr = source.try_into().unwrap();
            sm.esm_class = EsmClass(esm_class);
            sm.tlvs = Tlvs::from_wire(&raw).unwrap();
            let options = if lenient { DecodeOptions::lenient() } else { DecodeOptions::strict() };
            prop_assert_eq!(
                DeliveryReport::from_deliver_sm(&sm, &options),
                DeliveryReport::from_smpp_general(
                    sm.esm_class,
                    sm.short_message.as_bytes(),
                    &sm.tlvs,
                    Some(sm.source_addr.as_bytes()),
                    &options,
                )
            );
        }

        // The one walk over the TLVs finds what the smpp crate's `Tlvs::get` finds for each
        // receipt tag (the first TLV of the tag, read as its `Tlv` reads it), and the payload.
        #[test]
        fn receipt_tlvs_agree_with_tlvs_get(raw in receipt_tlv_region()) {
            let tlvs = Tlvs::from_wire(&raw).unwrap();
            let (found, payload) = ReceiptTlvs::from_smpp_raw(&raw);
            let found = found.id_unterminated();
            let get = |tag| tlvs.get(tag);
            prop_assert_eq!(
                found.receipted_message_id,
                get(TlvTag::RECEIPTED_MESSAGE_ID).map(|t| t.as_bytes())
            );
            prop_assert_eq!(
                found.message_state,
                get(TlvTag::MESSAGE_STATE).and_then(|t| t.as_int()).map(|v| MessageState(v as u8))
            );
            prop_assert_eq!(
                found.network_error_code,
                get(TlvTag::NETWORK_ERROR_CODE).and_then(|t| NetworkErrorCode::from_bytes(t.raw()))
            );
            prop_assert_eq!(
                found.delivery_failure_reason,
                get(TlvTag::DELIVERY_FAILURE_REASON)
                    .and_then(|t| t.as_int())
                    .map(|v| DeliveryFailureReason(v as u8))
            );
            prop_assert_eq!(payload, get(TlvTag::MESSAGE_PAYLOAD).map(|t| t.raw()));
            // The usual region's reader, where it reads, finds what the walk finds.
            prop_assert_eq!(ReceiptTlvs::read_raw(&raw), ReceiptTlvs::from_smpp_raw(&raw));
        }

        // The same for regions that start as the usual one does (an id TLV, then a state
        // TLV of 0 to 2 octets), its id length off by one or not, with any tail of TLVs or
        // loose octets: the usual reader takes only the exact two-TLV region, and agrees
        // with the walk there.
        #[test]
        fn usual_region_reader_agrees_with_the_walk(
            id in prop::collection::vec(prop::sample::select(vec![0u8, b'1', b'A']), 0..12),
            id_len_delta in -1i32..=1,
            state_len in 0u16..3,
            state in any::<u8>(),
            tail in receipt_tlv_region(),
            loose in prop::collection::vec(any::<u8>(), 0..3),
        ) {
            let mut raw = vec![0x00, 0x1E];
            let id_len = (id.len() as i32 + id_len_delta).max(0) as u16;
            raw.extend_from_slice(&id_len.to_be_bytes());
            raw.extend_from_slice(&id);
            raw.extend_from_slice(&[0x04, 0x27]);
            raw.extend_from_slice(&state_len.to_be_bytes());
            raw.extend(core::iter::repeat_n(state, usize::from(state_len)));
            raw.extend_from_slice(&tail);
            raw.extend_from_slice(&loose);
            let walk = ReceiptTlvs::from_smpp_raw(&raw);
            prop_assert_eq!(ReceiptTlvs::read_raw(&raw), walk);
        }

        // The word-at-a-time NUL test says what a byte-by-byte search says, at every length
        // and position (the ids of receipted_message_id are short: 0 to 40 octets here).
        #[test]
        fn has_nul_agrees_with_a_byte_search(
            bytes in prop::collection::vec(prop::sample::select(vec![0u8, 1, 0x7f, 0x80, 0xff, b'1']), 0..40),
        ) {
            prop_assert_eq!(has_nul(&bytes), bytes.contains(&0));
        }
    }
}
