//! Delivery receipts as an SMSC sends them: SMPP 3.4 Appendix B text in `short_message`
//! plus the `receipted_message_id` and `message_state` TLVs (SMPP 3.4 §5.3.2.12,
//! §5.3.2.35), in a deliver_sm with esm_class "SMSC Delivery Receipt" (§5.2.12).

use dlr::State;
use smpp::bytes::{Bytes, BytesMut};
use smpp::{CommandStatus, DeliverSm, Npi, Pdu, TlvTag, Ton};

use super::rng::Rng;

/// esm_class xx0001xx: SMSC Delivery Receipt (SMPP 3.4 §5.2.12).
pub(crate) const ESM_CLASS_RECEIPT: u8 = 0x04;

/// Which final state receipts report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DlrStat {
    /// Always this state.
    Fixed(State),
    /// Mostly delivered, sometimes not: 94% DELIVRD, 3% UNDELIV, 2% EXPIRED, 1% REJECTD.
    Random,
}

impl DlrStat {
    /// Parses `--dlr-stat`: an Appendix B Table B-2 word (`DELIVRD`, `UNDELIV`, …, any
    /// case) or `random`.
    pub(crate) fn parse(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("random") {
            return Ok(Self::Random);
        }
        match State::from_stat(s.to_ascii_uppercase().as_bytes()) {
            Some((state, _)) => Ok(Self::Fixed(state)),
            None => Err(format!(
                "--dlr-stat {s:?}: expected DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, \
                 REJECTD, ENROUTE, SKIPPED or random"
            )),
        }
    }

    /// The state of the next receipt.
    pub(crate) fn choose(self, rng: &mut Rng) -> State {
        match self {
            Self::Fixed(s) => s,
            Self::Random => match rng.below(100) {
                0..=93 => State::Delivered,
                94..=96 => State::Undeliverable,
                97..=98 => State::Expired,
                _ => State::Rejected,
            },
        }
    }
}

/// `YYMMDDhhmm` (Appendix B `submit date` / `done date`) of a UTC time in seconds since
/// the Unix epoch.
pub(crate) fn receipt_date(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{:02}{:02}{:02}{:02}{:02}",
        y % 100,
        m,
        d,
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// Year, month, day of a day count since 1970-01-01 (H. Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms", `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// The first 20 characters of the message for `text:` (Appendix B: "the first 20
/// characters of the short message"), kept to the characters GSM 7 bit and ASCII code
/// alike so the receipt reads the same whatever the ESME takes data_coding 0 to be;
/// anything else becomes `?`.
pub(crate) fn receipt_text_head(text: &str) -> String {
    text.chars()
        .take(20)
        .map(|c| match c {
            ' '..='#' | '%'..='?' | 'A'..='Z' | 'a'..='z' => c,
            _ => '?',
        })
        .collect()
}

/// An address: TON, NPI, digits or text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub(crate) ton: Ton,
    pub(crate) npi: Npi,
    pub(crate) addr: String,
}

/// Everything a receipt says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Receipt {
    /// The id the submit_sm_resp carried.
    pub(crate) message_id: String,
    /// The submission's source (the receipt's destination).
    pub(crate) originator: Address,
    /// The submission's destination (the receipt's source: the handset reports).
    pub(crate) recipient: Address,
    /// When the submission arrived (Unix seconds).
    pub(crate) submitted: u64,
    /// The final state.
    pub(crate) state: State,
    /// The start of the message text ([`receipt_text_head`]).
    pub(crate) text: String,
}

impl Receipt {
    /// The Appendix B text, `done` being when the final state was reached:
    /// `id:… sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD
    /// err:000 text:…`.
    pub(crate) fn text(&self, done: u64) -> String {
        let delivered = u8::from(self.state == State::Delivered);
        let err = if self.state.is_success() { 0 } else { 1 };
        format!(
            "id:{} sub:001 dlvrd:{:03} submit date:{} done date:{} stat:{} err:{:03} text:{}",
            self.message_id,
            delivered,
            receipt_date(self.submitted),
            receipt_date(done),
            self.state.stat_word(),
            err,
            self.text
        )
    }

    /// The deliver_sm carrying it, encoded (sequence number 0: the session sets its own).
    pub(crate) fn encode(&self, done: u64) -> Result<Bytes, String> {
        let text = self.text(done);
        let mut sm = DeliverSm {
            source_addr_ton: self.recipient.ton,
            source_addr_npi: self.recipient.npi,
            source_addr: self.recipient.addr.as_str().try_into().map_err(field)?,
            dest_addr_ton: self.originator.ton,
            dest_addr_npi: self.originator.npi,
            destination_addr: self.originator.addr.as_str().try_into().map_err(field)?,
            esm_class: smpp::EsmClass(ESM_CLASS_RECEIPT),
            short_message: text.as_bytes().try_into().map_err(field)?,
            ..DeliverSm::default()
        };
        sm.tlvs
            .push(TlvTag::RECEIPTED_MESSAGE_ID, self.message_id.as_bytes())
            .map_err(field)?;
        sm.tlvs
            .push_u8(TlvTag::MESSAGE_STATE, self.state.message_state().0)
            .map_err(field)?;
        Ok(encode(&Pdu::DeliverSm(sm)))
    }
}

fn field(e: impl core::fmt::Display) -> String {
    e.to_string()
}

/// A PDU encoded with sequence number 0 and ESME_ROK.
pub(crate) fn encode(pdu: &Pdu<'_>) -> Bytes {
    let mut buf = BytesMut::with_capacity(16 + pdu.encoded_len());
    smpp::encode(0, CommandStatus::ESME_ROK, pdu, &mut buf);
    buf.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;
    use smpp::{DecodeOptions, decode};

    // 2026-11-29 03:48:00 UTC = 1795924080 (date -u -d @1795924080); the oracle smsc-sim.js
    // wrote "submit date:2611290348" for a receipt sent at that minute (oracles/README.md).
    #[test]
    fn accepts_appendix_b_dates() {
        assert_eq!(receipt_date(1_795_924_080), "2611290348");
        assert_eq!(receipt_date(0), "7001010000");
        // 2000-02-29 23:59 UTC = 951868740: leap day.
        assert_eq!(receipt_date(951_868_740), "0002292359");
    }

    fn receipt(state: State) -> Receipt {
        Receipt {
            message_id: "17".into(),
            originator: Address {
                ton: Ton::ALPHANUMERIC,
                npi: Npi::UNKNOWN,
                addr: "MyBrand".into(),
            },
            recipient: Address {
                ton: Ton::INTERNATIONAL,
                npi: Npi::ISDN,
                addr: "447700900123".into(),
            },
            submitted: 1_795_924_080,
            state,
            text: receipt_text_head("Hello [world] ünïcode text that is long"),
        }
    }

    // SMPP 3.4 Appendix B: "id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done
    // date:YYMMDDhhmm stat:DDDDDDD err:E Text: ..."; parsed back by the dlr crate.
    #[test]
    fn roundtrip_receipt_text_through_dlr() {
        let r = receipt(State::Delivered);
        let text = r.text(1_795_924_140);
        assert_eq!(
            text,
            "id:17 sub:001 dlvrd:001 submit date:2611290348 done date:2611290349 \
             stat:DELIVRD err:000 text:Hello ?world? ?n?cod"
        );
        let parsed = dlr::Receipt::parse_str(&text, dlr::Mode::Strict).unwrap();
        assert_eq!(parsed.state(), Some(State::Delivered));
        assert_eq!(parsed.id(), Some(&b"17"[..]));
    }

    // SMPP 3.4 §5.3.2.12 receipted_message_id, §5.3.2.35 message_state (5 = UNDELIVERABLE).
    #[test]
    fn roundtrip_receipt_deliver_sm_through_dlr() {
        let wire = receipt(State::Undeliverable).encode(1_795_924_140).unwrap();
        // Sequence number 0 until a session numbers it: lenient.
        let frame = decode(&wire, &DecodeOptions::lenient()).unwrap();
        let Pdu::DeliverSm(sm) = &frame.pdu else {
            panic!("not a deliver_sm")
        };
        assert_eq!(sm.esm_class, smpp::EsmClass(ESM_CLASS_RECEIPT));
        assert_eq!(sm.tlvs.receipted_message_id(), Some(&b"17"[..]));
        assert_eq!(sm.tlvs.message_state().map(|s| s.0), Some(5));
        let report = dlr::DeliveryReport::from_deliver_sm(sm, dlr::Mode::Strict).unwrap();
        assert_eq!(report.state, State::Undeliverable);
        assert_eq!(report.message_id, "17");
        assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    }

    #[test]
    fn accepts_dlr_stat_words_and_random() {
        assert_eq!(
            DlrStat::parse("DELIVRD"),
            Ok(DlrStat::Fixed(State::Delivered))
        );
        assert_eq!(
            DlrStat::parse("undeliv"),
            Ok(DlrStat::Fixed(State::Undeliverable))
        );
        assert_eq!(DlrStat::parse("random"), Ok(DlrStat::Random));
        assert!(DlrStat::parse("LOST").is_err());
        let mut rng = Rng::new(3);
        let delivered = (0..1000)
            .filter(|_| DlrStat::Random.choose(&mut rng) == State::Delivered)
            .count();
        assert!((900..980).contains(&delivered), "{delivered}");
    }
}
