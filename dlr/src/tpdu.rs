//! GSM SMS-STATUS-REPORTs (3GPP TS 23.040 §9.2.2.3) from the `gsm-pdu` crate, mapped to the
//! same [`DeliveryReport`] model as SMPP receipts.

use gsm_pdu::{SmsStatusReport, Timestamp};

use crate::date::ReceiptDate;
use crate::report::DeliveryReport;

impl ReceiptDate {
    /// A TP-SCTS or TP-DT (§9.2.3.11) with its offset; `None` when a field is out of range
    /// (a leniently decoded time stamp can be).
    pub fn from_tp_timestamp(ts: &Timestamp) -> Option<Self> {
        let d = ts.fields();
        let mut date = Self::new(
            ts.full_year(),
            d.month,
            d.day,
            d.hour,
            d.minute,
            Some(d.second),
        )?;
        date.utc_offset_minutes = Some(i16::from(d.tz_quarters) * 15);
        Some(date)
    }
}

impl DeliveryReport {
    /// The report of an SMS-STATUS-REPORT: TP-MR as the id (decimal), TP-ST mapped by
    /// [`State::from_tp_status`](crate::State::from_tp_status), TP-SCTS as the submit date,
    /// TP-DT as the done date and TP-RA as the recipient.
    pub fn from_status_report(sr: &SmsStatusReport<'_>) -> Self {
        let mut report = Self::from_status_report_fields(
            sr.mr,
            sr.st.0,
            ReceiptDate::from_tp_timestamp(&sr.scts),
            ReceiptDate::from_tp_timestamp(&sr.dt),
        );
        report.recipient = Some(compact_str::ToCompactString::to_compact_string(&sr.ra));
        report
    }
}
