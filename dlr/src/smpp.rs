//! Receipts out of the `smpp` crate's deliver_sm and data_sm: the TLVs first, the text of
//! `short_message` (or `message_payload`) second, reconciled into one [`DeliveryReport`].

use smpp::{DataSm, DeliverSm, TlvTag, Tlvs};

use crate::error::ParseError;
use crate::quirk::Quirk;
use crate::receipt_text::{Mode, Receipt};
use crate::report::{DeliveryReport, NetworkErrorCode, ReceiptTlvs, ReportError};
use crate::state::MessageState;

/// The esm_class message-type bits (SMPP 3.4 §5.2.12, bits 5–2).
const MESSAGE_TYPE_MASK: u8 = 0x3C;
/// xx0001xx: SMSC Delivery Receipt.
const SMSC_DELIVERY_RECEIPT: u8 = 0x04;
/// xx1000xx: Intermediate Delivery Notification.
const INTERMEDIATE_NOTIFICATION: u8 = 0x20;

/// Whether an esm_class flags an SMSC delivery receipt or an intermediate delivery
/// notification (SMPP 3.4 §5.2.12).
pub fn is_receipt_esm_class(esm_class: u8) -> bool {
    matches!(
        esm_class & MESSAGE_TYPE_MASK,
        SMSC_DELIVERY_RECEIPT | INTERMEDIATE_NOTIFICATION
    )
}

/// Why a deliver_sm or data_sm gave no report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SmppReportError {
    /// esm_class does not flag a receipt and (strict mode) that is not forgiven.
    #[error("esm_class 0x{0:02X} does not flag a delivery receipt")]
    NotAReceipt(u8),
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
        let mut found = Self::default();
        // Which tags were met: a later TLV with the same tag does not count (the first is the
        // one `Tlvs::get` gives), even when the first's value was unusable.
        let mut seen = 0u8;
        for tlv in tlvs.iter() {
            let bit = match tlv.tag {
                TlvTag::RECEIPTED_MESSAGE_ID => 1,
                TlvTag::MESSAGE_STATE => 2,
                TlvTag::NETWORK_ERROR_CODE => 4,
                TlvTag::DELIVERY_FAILURE_REASON => 8,
                _ => continue,
            };
            if seen & bit != 0 {
                continue;
            }
            seen |= bit;
            match bit {
                1 => found.receipted_message_id = Some(tlv.as_bytes()),
                2 => found.message_state = tlv.as_int().map(|v| MessageState(v as u8)),
                4 => found.network_error_code = NetworkErrorCode::from_bytes(tlv.as_bytes()),
                _ => found.delivery_failure_reason = tlv.as_int().map(|v| v as u8),
            }
        }
        found
    }
}

impl DeliveryReport {
    /// The report a deliver_sm carries. See [`DeliveryReport::from_smpp_parts`].
    /// `recipient` is the deliver_sm's source_addr: the receipt comes from the handset the
    /// message was for (SMPP 3.4 §4.6.1).
    pub fn from_deliver_sm(sm: &DeliverSm<'_>, mode: Mode) -> Result<Self, SmppReportError> {
        let mut report =
            Self::from_smpp_parts(sm.esm_class.0, sm.short_message.as_bytes(), &sm.tlvs, mode)?;
        report.recipient = sm.source_addr.as_str().map(Into::into);
        Ok(report)
    }

    /// The report a data_sm carries (text, if any, in `message_payload`).
    pub fn from_data_sm(sm: &DataSm<'_>, mode: Mode) -> Result<Self, SmppReportError> {
        let mut report = Self::from_smpp_parts(sm.esm_class.0, &[], &sm.tlvs, mode)?;
        report.recipient = sm.source_addr.as_str().map(Into::into);
        Ok(report)
    }

    /// The report from an esm_class, a short_message and TLVs.
    ///
    /// The text is `short_message`, or `message_payload` when short_message is empty (SMPP
    /// 3.4 §5.3.2.32: the two are exclusive). TLVs come first, the text second
    /// ([`DeliveryReport::reconcile`]). In lenient mode, a receipt whose esm_class does not
    /// say so is accepted with [`Quirk::NotFlaggedAsReceipt`], and text that does not parse
    /// is ignored when the TLVs alone carry the id (many SMSCs put free text there).
    pub fn from_smpp_parts(
        esm_class: u8,
        short_message: &[u8],
        tlvs: &Tlvs<'_>,
        mode: Mode,
    ) -> Result<Self, SmppReportError> {
        let flagged = is_receipt_esm_class(esm_class);
        if !flagged && mode == Mode::Strict {
            return Err(SmppReportError::NotAReceipt(esm_class));
        }
        let receipt_tlvs = ReceiptTlvs::from_smpp(tlvs);
        let text = if short_message.is_empty() {
            tlvs.message_payload().unwrap_or_default()
        } else {
            short_message
        };
        // Parsed in place and borrowed from here on (a Receipt is a few hundred octets).
        let parsed = (!text.is_empty()).then(|| Receipt::parse(text, mode));
        let mut ignored = None;
        let receipt = match &parsed {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(e)) if mode == Mode::Strict || receipt_tlvs.receipted_message_id.is_none() => {
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
        Ok(report)
    }
}
