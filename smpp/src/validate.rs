//! Validation: what the spec forbids in a PDU that decoded (its structure held), each
//! violation with the field, its offset and the `command_status` the spec prescribes
//! (SMPP v3.4 §5.1.3, v5.0 §4.7.6), judged against the bind's interface version.
//!
//! Decoding and validating are two steps on purpose: a carrier's MO deliver_sm whose
//! sequence_number has bit 31 set, a TON outside the table or a password one octet over its
//! maximum still decode, so an ESME can take the message and report the deviation, while an
//! SMSC answers the request with the status below instead of accepting it.
//!
//! ```
//! use smpp::{decode, CommandStatus, DecodeOptions, InterfaceVersion, Rule};
//!
//! // submit_sm with priority_flag 5 (v3.4 §5.2.14 allows 0–3).
//! let wire = [
//!     0, 0, 0, 0x23, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, // header
//!     0, 1, 1, b'1', 0, 1, 1, b'2', 0, // service_type, source, destination
//!     0, 0, 5, 0, 0, 0, 0, 0, 0, 0, // esm_class … sm_length
//! ];
//! let frame = decode(&wire, &DecodeOptions::default())?;
//! let v = frame.validate(InterfaceVersion::V34);
//! assert_eq!(v.len(), 1);
//! assert_eq!((v[0].rule, v[0].field, v[0].offset), (Rule::PriorityFlag, "priority_flag", 27));
//! assert_eq!(v[0].status, CommandStatus::ESME_RINVPRTFLG);
//! # Ok::<(), smpp::DecodeError>(())
//! ```

use alloc::vec::Vec;
use core::fmt;

use crate::broadcast::{BROADCAST_SM_MANDATORY, QUERY_BROADCAST_SM_RESP_MANDATORY};
use crate::tlv::{length_fits, value_fits};
use crate::{CommandId, CommandStatus, Frame, InterfaceVersion, Pdu, TlvTag, Tlvs};

/// The rule a [`Violation`] breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// v3.4 §5.1.4: sequence_number in 0x00000001–0x7FFFFFFF (generic_nack may carry 0).
    SequenceNumber,
    /// v3.4 §5.1.2.1, v5.0 §4.7.5: a command_id the version defines.
    CommandId,
    /// v3.4 §3.1 and the field tables: a C-Octet string within its maximum, NUL included.
    StringTooLong,
    /// v3.4 §5.2.5: TON from the table.
    Ton,
    /// v3.4 §5.2.6: NPI from the table.
    Npi,
    /// v3.4 §7.1.1: absolute time `YYMMDDhhmmsstnn±` with calendar values.
    AbsoluteTime,
    /// v3.4 §7.1.2: relative time `YYMMDDhhmmss000R`.
    RelativeTime,
    /// v3.4 §5.2.21: sm_length 0 to 254.
    SmLength,
    /// v3.4 §5.2.14 (0–3), v5.0 priority_flag (0–4).
    PriorityFlag,
    /// v3.4 §5.2.17: registered_delivery reserved bits clear.
    RegisteredDelivery,
    /// v3.4 §5.2.18: replace_if_present_flag 0 or 1.
    ReplaceIfPresent,
    /// v3.4 §5.2.12: esm_class message type one the PDU allows.
    EsmClass,
    /// v3.4 §4.5.1: submit_multi does not support transaction mode.
    EsmClassTransactionMode,
    /// v3.4 §4.5.1: number_of_dests 1 to 254.
    NumberOfDests,
    /// v3.4 §5.3.2.32: short_message and message_payload not both.
    ShortMessageAndPayload,
    /// v3.4 §4 PDU tables, v5.0 §4.8.1: a TLV the PDU does not define.
    TlvNotAllowed,
    /// v5.0 §4.8.1: a TLV introduced by v5.0 on an older bind.
    TlvNotInVersion,
    /// v3.4 §5.3.2, v5.0 §4.8.4: a TLV's length as its definition gives.
    TlvLength,
    /// v3.4 §5.3.2, v5.0 §4.8.4: a TLV's value within its definition's range.
    TlvValue,
    /// v3.4 §3.2.4, v5.0 §4.8: a TLV appears at most once unless defined as repeatable.
    TlvDuplicate,
    /// v5.0 §4.4.1.1, §4.6.1.3: a mandatory TLV present.
    MandatoryTlv,
}

impl Rule {
    /// What the rule says, in a few words.
    pub const fn reason(self) -> &'static str {
        match self {
            Self::SequenceNumber => "sequence_number outside 0x00000001..=0x7FFFFFFF",
            Self::CommandId => "command_id not defined in this interface version",
            Self::StringTooLong => "C-Octet string longer than its maximum",
            Self::Ton => "TON not in the table",
            Self::Npi => "NPI not in the table",
            Self::AbsoluteTime => "not an absolute time with calendar values",
            Self::RelativeTime => "not a relative time in its form",
            Self::SmLength => "sm_length above 254",
            Self::PriorityFlag => "priority_flag above the version's maximum",
            Self::RegisteredDelivery => "registered_delivery has reserved bits set",
            Self::ReplaceIfPresent => "replace_if_present_flag not 0 or 1",
            Self::EsmClass => "esm_class message type reserved for this PDU",
            Self::EsmClassTransactionMode => "transaction mode in submit_multi",
            Self::NumberOfDests => "number_of_dests not within 1..=254",
            Self::ShortMessageAndPayload => "short_message together with message_payload",
            Self::TlvNotAllowed => "TLV not allowed in this PDU",
            Self::TlvNotInVersion => "TLV not defined in this interface version",
            Self::TlvLength => "TLV length not allowed by its definition",
            Self::TlvValue => "TLV value out of its range",
            Self::TlvDuplicate => "TLV appears twice and is not repeatable",
            Self::MandatoryTlv => "mandatory TLV missing",
        }
    }

    /// The spec sections the rule comes from (v5.0 fields and TLVs by name: its §4.7 and
    /// §4.8.4 define them in alphabetical order).
    pub const fn section(self) -> &'static str {
        match self {
            Self::SequenceNumber => "v3.4 §5.1.4; v5.0 §4.7 sequence_number",
            Self::CommandId => "v3.4 §5.1.2.1; v5.0 §4.7.5",
            Self::StringTooLong => "v3.4 §3.1 and the §4 field tables; v5.0 §4",
            Self::Ton => "v3.4 §5.2.5; v5.0 §4.7 addr_ton",
            Self::Npi => "v3.4 §5.2.6; v5.0 §4.7 addr_npi",
            Self::AbsoluteTime => "v3.4 §7.1.1; v5.0 §4.7 time format",
            Self::RelativeTime => "v3.4 §7.1.2; v5.0 §4.7 time format",
            Self::SmLength => "v3.4 §5.2.21; v5.0 §4.7 sm_length",
            Self::PriorityFlag => "v3.4 §5.2.14; v5.0 §4.7 priority_flag",
            Self::RegisteredDelivery => "v3.4 §5.2.17; v5.0 §4.7 registered_delivery",
            Self::ReplaceIfPresent => "v3.4 §5.2.18; v5.0 §4.7 replace_if_present_flag",
            Self::EsmClass => "v3.4 §5.2.12; v5.0 §4.7 esm_class",
            Self::EsmClassTransactionMode => "v3.4 §4.5.1; v5.0 submit_multi esm_class",
            Self::NumberOfDests => "v3.4 §4.5.1; v5.0 submit_multi number_of_dests",
            Self::ShortMessageAndPayload => "v3.4 §5.3.2.32; v5.0 §4.8.4 message_payload",
            Self::TlvNotAllowed => "v3.4 §4 PDU tables; v5.0 §4.8.1",
            Self::TlvNotInVersion => "v5.0 §4.8.1, §4.8.4",
            Self::TlvLength => "v3.4 §5.3.2; v5.0 §4.8.4",
            Self::TlvValue => "v3.4 §5.3.2; v5.0 §4.8.4",
            Self::TlvDuplicate => "v3.4 §3.2.4; v5.0 §4.8",
            Self::MandatoryTlv => "v5.0 §4.4.1.1, §4.6.1.3",
        }
    }
}

/// One thing the spec forbids in a decoded PDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// The spec's name of the field (`"priority_flag"`, `"tlvs"`, …).
    pub field: &'static str,
    /// Byte offset from the start of the PDU where the field (or the TLV) starts.
    pub offset: usize,
    /// The `command_status` an SMSC answers a request breaking the rule with.
    pub status: CommandStatus,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at offset {}: {} ({}), {}",
            self.field,
            self.offset,
            self.rule.reason(),
            self.rule.section(),
            self.status
        )
    }
}

/// Every violation in `frame`, judged against `version`, in wire order of the fields (header,
/// body, then the PDU-wide rules). Empty for a PDU that follows the spec. Never panics.
///
/// The rules run twice only for a PDU that breaks one: a first pass only asks whether
/// anything is broken (no offsets recorded, nothing allocated), and only then does a second
/// pass of the same rules record where each field starts and build the report.
pub fn validate(frame: &Frame<'_>, version: InterfaceVersion) -> Vec<Violation> {
    if follows_spec(frame, version) {
        return Vec::new();
    }
    let mut c = Checker::new(version, frame.header.command_length as usize, true);
    check(frame, &mut c);
    c.out
}

/// Whether `frame` breaks none of the rules [`validate`] checks (the same rules, run without
/// recording offsets or allocating): `follows_spec(f, v) == validate(f, v).is_empty()`.
pub(crate) fn follows_spec(frame: &Frame<'_>, version: InterfaceVersion) -> bool {
    let mut c = Checker::new(version, frame.header.command_length as usize, false);
    check(frame, &mut c);
    !c.broken
}

/// Every rule, judged by `c` (which records, or only notes that something broke).
fn check(frame: &Frame<'_>, c: &mut Checker) {
    let h = frame.header;
    let version = c.version;
    let id = h.command_id;
    if !sequence_number_ok(&h) {
        // v3.4 §5.1.4: "The allowed sequence_number range is from 0x00000001 to
        // 0x7FFFFFFF." §5.1.3 has no dedicated status: ESME_RSYSERR.
        c.push(
            Rule::SequenceNumber,
            "sequence_number",
            12,
            CommandStatus::ESME_RSYSERR,
        );
    }
    let pdu = &frame.pdu;
    if matches!(pdu, Pdu::Unknown { .. }) || (version < InterfaceVersion::V50 && is_broadcast(id)) {
        // v3.4 §4.3: an unknown command_id is answered generic_nack ESME_RINVCMDID; the
        // broadcast family exists from v5.0 only.
        c.push(
            Rule::CommandId,
            "command_id",
            4,
            CommandStatus::ESME_RINVCMDID,
        );
        return;
    }
    if id.is_response() && h.command_length as usize <= crate::HEADER_LEN {
        // v3.4 §4.4.2 …: a response without its body (an error response, or an ESME_ROK one
        // forgiven leniently) has no fields to judge.
        return;
    }
    pdu.check_fields(c);
    check_pdu(pdu, c);
}

/// v3.4 §5.1.4: "The allowed sequence_number range is from 0x00000001 to 0x7FFFFFFF";
/// 0 only on a generic_nack answering a PDU whose header could not be read (v3.4 §4.3).
pub(crate) fn sequence_number_ok(h: &crate::Header) -> bool {
    h.sequence_number.wrapping_sub(1) < 0x7FFF_FFFF
        || (h.command_id == CommandId::GENERIC_NACK && h.sequence_number == 0)
}

fn is_broadcast(id: CommandId) -> bool {
    matches!(
        id.request(),
        CommandId::BROADCAST_SM | CommandId::QUERY_BROADCAST_SM | CommandId::CANCEL_BROADCAST_SM
    )
}

/// Walks a body's fields, knowing each one's offset. A recording checker keeps where each
/// field starts and every violation; a plain one only notes that a rule broke (the cheap first
/// pass of [`validate`]), so the rules are written once for both.
#[derive(Debug)]
pub(crate) struct Checker {
    pub(crate) version: InterfaceVersion,
    /// The PDU's length: no offset points past it (a string a lenient decode took without
    /// its NUL counts one octet more when re-measured).
    len: usize,
    offset: usize,
    /// Whether offsets and violations are recorded.
    recording: bool,
    /// Where each field starts, in walk order (recording only).
    offsets: Vec<(&'static str, usize)>,
    /// Where the TLVs start (every body names its TLV field `tlvs`): found without a search.
    tlvs: Option<usize>,
    /// A rule broke.
    broken: bool,
    out: Vec<Violation>,
}

/// Field offsets a recording [`Checker`] makes room for at once (a submit_sm body has 18
/// fields and its TLVs).
const EXPECTED_FIELDS: usize = 24;

impl Checker {
    fn new(version: InterfaceVersion, len: usize, recording: bool) -> Self {
        Self {
            version,
            len,
            offset: crate::HEADER_LEN,
            recording,
            offsets: if recording {
                Vec::with_capacity(EXPECTED_FIELDS)
            } else {
                Vec::new()
            },
            tlvs: None,
            broken: false,
            out: Vec::new(),
        }
    }

    /// The offset of the field about to be checked.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// Moves back (or on) to `offset`.
    pub(crate) fn set_offset(&mut self, offset: usize) {
        self.offset = offset;
    }

    /// Records where `name` starts (the current offset).
    pub(crate) fn at(&mut self, name: &'static str) {
        if self.recording {
            self.offsets.push((name, self.offset));
        }
    }

    /// Records that the TLVs start at the current offset.
    pub(crate) fn tlvs_here(&mut self) {
        if self.recording {
            self.tlvs.get_or_insert(self.offset);
        }
    }

    /// Moves past a field of `len` octets.
    pub(crate) fn advance(&mut self, len: usize) {
        self.offset += len;
    }

    fn offset_of(&self, name: &str) -> usize {
        self.offsets
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(crate::HEADER_LEN, |&(_, o)| o)
    }

    pub(crate) fn push(
        &mut self,
        rule: Rule,
        field: &'static str,
        offset: usize,
        status: CommandStatus,
    ) {
        self.broken = true;
        if !self.recording {
            return;
        }
        self.out.push(Violation {
            rule,
            field,
            offset: offset.min(self.len),
            status,
        });
    }

    fn flag(&mut self, rule: Rule, field: &'static str, status: CommandStatus) {
        if !self.recording {
            self.broken = true;
            return;
        }
        let offset = self.offset_of(field);
        self.push(rule, field, offset, status);
    }

    /// A C-Octet string of `len` octets (without NUL) in a field of maximum `max` (NUL
    /// included).
    pub(crate) fn string(&mut self, name: &'static str, len: usize, max: usize) {
        if len >= max {
            let at = self.offset;
            self.push(Rule::StringTooLong, name, at, field_status(name));
        }
    }

    /// A TON or NPI value checked against its table.
    pub(crate) fn code(&mut self, rule: Rule, name: &'static str, known: bool) {
        if !known {
            let at = self.offset;
            self.push(rule, name, at, field_status(name));
        }
    }

    /// An SMPP time (v3.4 §7.1.1): NULL, or 16 characters, absolute or relative.
    pub(crate) fn time(&mut self, name: &'static str, t: &[u8]) {
        if t.is_empty() {
            return;
        }
        let rule = match t.last() {
            Some(b'R') => (!relative_time_ok(t)).then_some(Rule::RelativeTime),
            _ => (!absolute_time_ok(t)).then_some(Rule::AbsoluteTime),
        };
        if let Some(rule) = rule {
            let at = self.offset;
            self.push(rule, name, at, field_status(name));
        }
    }

    /// `sm_length` (v3.4 §5.2.21: 0 to 254).
    pub(crate) fn sm_length(&mut self, len: usize) {
        if len > crate::OctetString::MAX {
            let at = self.offset;
            self.push(
                Rule::SmLength,
                "sm_length",
                at,
                CommandStatus::ESME_RINVMSGLEN,
            );
        }
    }
}

/// The status an invalid value of a mandatory field earns (v3.4 §5.1.3 descriptions).
pub(crate) fn field_status(field: &str) -> CommandStatus {
    match field {
        "system_id" => CommandStatus::ESME_RINVSYSID,
        "password" => CommandStatus::ESME_RINVPASWD,
        "system_type" => CommandStatus::ESME_RINVSYSTYP,
        "service_type" => CommandStatus::ESME_RINVSERTYP,
        // The ESME's own addresses: a bind's address_range (v3.4 §5.2.7) serves as source.
        "source_addr" | "esme_addr" | "address_range" => CommandStatus::ESME_RINVSRCADR,
        "destination_addr" => CommandStatus::ESME_RINVDSTADR,
        "source_addr_ton" | "addr_ton" | "esme_addr_ton" => CommandStatus::ESME_RINVSRCTON,
        "source_addr_npi" | "addr_npi" | "esme_addr_npi" => CommandStatus::ESME_RINVSRCNPI,
        "dest_addr_ton" => CommandStatus::ESME_RINVDSTTON,
        "dest_addr_npi" => CommandStatus::ESME_RINVDSTNPI,
        "message_id" => CommandStatus::ESME_RINVMSGID,
        "schedule_delivery_time" => CommandStatus::ESME_RINVSCHED,
        "validity_period" => CommandStatus::ESME_RINVEXPIRY,
        "priority_flag" => CommandStatus::ESME_RINVPRTFLG,
        "registered_delivery" => CommandStatus::ESME_RINVREGDLVFLG,
        "replace_if_present_flag" => CommandStatus::ESME_RINVREPFLAG,
        "sm_default_msg_id" => CommandStatus::ESME_RINVDFTMSGID,
        "short_message" | "sm_length" => CommandStatus::ESME_RINVMSGLEN,
        "number_of_dests" => CommandStatus::ESME_RINVNUMDESTS,
        "dest_flag" => CommandStatus::ESME_RINVDESTFLAG,
        "dl_name" => CommandStatus::ESME_RINVDLNAME,
        "esm_class" => CommandStatus::ESME_RINVESMCLASS,
        _ => CommandStatus::ESME_RSYSERR,
    }
}

fn two(t: &[u8], i: usize) -> u32 {
    u32::from(t[i] - b'0') * 10 + u32::from(t[i + 1] - b'0')
}

/// v3.4 §7.1.1: `YYMMDDhhmmsstnnp`, `p` `+`/`-`, with calendar values: month 01–12, a day
/// the month has, hour 00–23, minute and second 00–59, `nn` (quarter hours from UTC) 00–48.
fn absolute_time_ok(t: &[u8]) -> bool {
    if t.len() != 16 || !t[..15].iter().all(u8::is_ascii_digit) || !matches!(t[15], b'+' | b'-') {
        return false;
    }
    let (year, month, day) = (2000 + two(t, 0), two(t, 2), two(t, 4));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
        && two(t, 6) <= 23
        && two(t, 8) <= 59
        && two(t, 10) <= 59
        && two(t, 13) <= 48
}

/// v3.4 §7.1.2: a relative time is `YYMMDDhhmmss` digits followed by
/// `000R` (tenths and the UTC offset do not apply to a duration).
fn relative_time_ok(t: &[u8]) -> bool {
    t.len() == 16 && t[..12].iter().all(u8::is_ascii_digit) && &t[12..] == b"000R"
}

/// The rules that look at more than one field, or at a PDU as a whole.
fn check_pdu(pdu: &Pdu<'_>, c: &mut Checker) {
    let v50 = c.version >= InterfaceVersion::V50;
    let max_priority = if v50 { 4 } else { 3 };
    // (priority_flag, registered_delivery, replace_if_present_flag, esm_class types allowed)
    let (priority, registered, replace, esm): Flags = match pdu {
        Pdu::SubmitSm(b) => (
            Some(b.priority_flag.0),
            Some(b.registered_delivery.0),
            Some(b.replace_if_present_flag),
            Some((b.esm_class.0, SUBMIT_TYPES)),
        ),
        Pdu::SubmitMulti(b) => (
            Some(b.priority_flag.0),
            Some(b.registered_delivery.0),
            Some(b.replace_if_present_flag),
            Some((b.esm_class.0, SUBMIT_TYPES)),
        ),
        Pdu::DeliverSm(b) => (
            Some(b.priority_flag.0),
            Some(b.registered_delivery.0),
            None,
            Some((b.esm_class.0, DELIVER_TYPES)),
        ),
        Pdu::DataSm(b) => (
            None,
            Some(b.registered_delivery.0),
            None,
            Some((b.esm_class.0, DATA_TYPES)),
        ),
        Pdu::ReplaceSm(b) => (None, Some(b.registered_delivery.0), None, None),
        Pdu::BroadcastSm(b) => (
            Some(b.priority_flag.0),
            None,
            Some(b.replace_if_present_flag),
            None,
        ),
        _ => (None, None, None, None),
    };
    if priority.is_some_and(|p| p > max_priority) {
        c.flag(
            Rule::PriorityFlag,
            "priority_flag",
            CommandStatus::ESME_RINVPRTFLG,
        );
    }
    // v3.4 §5.2.17: bits 1-0 value 3 and bits 7-5 are reserved.
    if registered.is_some_and(|r| r & 0xE0 != 0 || r & 0x03 == 0x03) {
        c.flag(
            Rule::RegisteredDelivery,
            "registered_delivery",
            CommandStatus::ESME_RINVREGDLVFLG,
        );
    }
    if replace.is_some_and(|r| r > 1) {
        c.flag(
            Rule::ReplaceIfPresent,
            "replace_if_present_flag",
            CommandStatus::ESME_RINVREPFLAG,
        );
    }
    if let Some((esm_class, types)) = esm
        && !types.contains(&(esm_class & 0x3C))
    {
        c.flag(
            Rule::EsmClass,
            "esm_class",
            CommandStatus::ESME_RINVESMCLASS,
        );
    }
    if let Pdu::SubmitMulti(b) = pdu {
        // v3.4 §4.5.1: submit_multi is store and forward (or datagram), not transaction.
        if b.esm_class.messaging_mode() == crate::MessagingMode::FORWARD {
            c.flag(
                Rule::EsmClassTransactionMode,
                "esm_class",
                CommandStatus::ESME_RINVESMCLASS,
            );
        }
        if b.dest_address.is_empty() || b.dest_address.len() > 254 {
            c.flag(
                Rule::NumberOfDests,
                "number_of_dests",
                CommandStatus::ESME_RINVNUMDESTS,
            );
        }
    }
    let short_message = match pdu {
        Pdu::SubmitSm(b) => Some(&b.short_message),
        Pdu::SubmitMulti(b) => Some(&b.short_message),
        Pdu::DeliverSm(b) => Some(&b.short_message),
        Pdu::ReplaceSm(b) => Some(&b.short_message),
        _ => None,
    };
    if let (Some(m), Some(tlvs)) = (short_message, pdu.tlvs())
        && !m.is_empty()
        && tlvs.message_payload().is_some()
    {
        // v3.4 §5.3.2.32: with message_payload "the sm_length field should be set to zero".
        c.flag(
            Rule::ShortMessageAndPayload,
            "sm_length",
            CommandStatus::ESME_RINVMSGLEN,
        );
    }
    if let Some(tlvs) = pdu.tlvs() {
        check_tlvs(pdu.command_id(), tlvs, c);
    }
}

/// The flag fields of a message PDU: priority_flag, registered_delivery,
/// replace_if_present_flag, and esm_class with the message types the PDU allows.
type Flags = (
    Option<u8>,
    Option<u8>,
    Option<u8>,
    Option<(u8, &'static [u8])>,
);

/// esm_class bits 5-2 (v3.4 §5.2.12): default, ESME delivery ack, manual/user ack.
const SUBMIT_TYPES: &[u8] = &[0x00, 0x08, 0x10];
/// …and for deliver_sm: SMSC delivery receipt, conversation abort, intermediate notification.
const DELIVER_TYPES: &[u8] = &[0x00, 0x04, 0x08, 0x10, 0x18, 0x20];
/// data_sm goes both ways.
const DATA_TYPES: &[u8] = DELIVER_TYPES;

fn check_tlvs(id: CommandId, tlvs: &Tlvs<'_>, c: &mut Checker) {
    let mandatory: &[TlvTag] = match id {
        CommandId::BROADCAST_SM => &BROADCAST_SM_MANDATORY,
        CommandId::QUERY_BROADCAST_SM_RESP => &QUERY_BROADCAST_SM_RESP_MANDATORY,
        _ => &[],
    };
    if tlvs.is_empty() && mandatory.is_empty() {
        // Nothing to judge (most responses): no field offsets looked up.
        return;
    }
    let base = match c.tlvs {
        Some(base) => base,
        None if c.recording => c.offset_of("tlvs"),
        None => crate::HEADER_LEN,
    };
    let mut at = base;
    let mut seen: u64 = 0;
    let allowed = allowed_tlvs(id);
    // Looked up only for a sar_segment_seqnum to judge.
    let total_segments = || tlvs.get_int(TlvTag::SAR_TOTAL_SEGMENTS);
    for t in tlvs.iter() {
        let here = at;
        at += 4 + t.raw().len();
        let Some((idx, kind)) = t.tag.spec() else {
            // v3.4 §3.2.4: an optional parameter the receiver does not know is ignored.
            continue;
        };
        if t.tag.is_v50() && c.version < InterfaceVersion::V50 {
            c.push(
                Rule::TlvNotInVersion,
                "tlvs",
                here,
                CommandStatus::ESME_ROPTPARNOTALLWD,
            );
        } else if let Some(allowed) = allowed
            && !allowed.contains(idx)
            // v5.0 §4.8.4 congestion_state: carried in responses.
            && !(t.tag == TlvTag::CONGESTION_STATE && id.is_response())
        {
            c.push(
                Rule::TlvNotAllowed,
                "tlvs",
                here,
                CommandStatus::ESME_ROPTPARNOTALLWD,
            );
        }
        let bit = 1u64 << idx;
        if seen & bit != 0 && !t.tag.is_repeatable() {
            c.push(
                Rule::TlvDuplicate,
                "tlvs",
                here,
                CommandStatus::ESME_RINVOPTPARSTREAM,
            );
        }
        seen |= bit;
        let raw = t.raw();
        if !length_fits(kind, raw.len().try_into().unwrap_or(u16::MAX)) {
            c.push(
                Rule::TlvLength,
                "tlvs",
                here,
                CommandStatus::ESME_RINVPARLEN,
            );
        } else if !value_fits(kind, raw) || !value_in_range(t.tag, t.as_int(), total_segments) {
            c.push(
                Rule::TlvValue,
                "tlvs",
                here,
                CommandStatus::ESME_RINVOPTPARAMVAL,
            );
        }
    }
    for &tag in mandatory {
        if tlvs.get(tag).is_none() {
            c.push(
                Rule::MandatoryTlv,
                "tlvs",
                base,
                CommandStatus::ESME_RMISSINGOPTPARAM,
            );
        }
    }
}

/// The integer TLVs whose definitions list their values (v3.4 §5.3.2, v5.0 §4.8.4).
fn value_in_range(
    tag: TlvTag,
    value: Option<u32>,
    total_segments: impl FnOnce() -> Option<u32>,
) -> bool {
    let Some(v) = value else { return true };
    match tag {
        TlvTag::DEST_ADDR_SUBUNIT | TlvTag::SOURCE_ADDR_SUBUNIT => v <= 4,
        TlvTag::DEST_NETWORK_TYPE | TlvTag::SOURCE_NETWORK_TYPE => v <= 8,
        TlvTag::DEST_BEARER_TYPE | TlvTag::SOURCE_BEARER_TYPE => v <= 9,
        TlvTag::PAYLOAD_TYPE
        | TlvTag::MORE_MESSAGES_TO_SEND
        | TlvTag::SET_DPF
        | TlvTag::DPF_RESULT
        | TlvTag::BROADCAST_CHANNEL_INDICATOR => v <= 1,
        TlvTag::PRIVACY_INDICATOR | TlvTag::DELIVERY_FAILURE_REASON => v <= 3,
        TlvTag::MS_AVAILABILITY_STATUS | TlvTag::DISPLAY_TIME => v <= 2,
        TlvTag::MESSAGE_STATE => v <= 9,
        TlvTag::CONGESTION_STATE => v <= 100,
        TlvTag::BROADCAST_AREA_SUCCESS => v <= 100 || v == 255,
        TlvTag::BROADCAST_MESSAGE_CLASS => v <= 3,
        TlvTag::NUMBER_OF_MESSAGES => v <= 99,
        TlvTag::ITS_REPLY_TYPE => v <= 8,
        // 4–15 and 20–31 reserved; 32 and above vendor-specific.
        TlvTag::USSD_SERVICE_OP => !(4..=15).contains(&v) && !(20..=31).contains(&v),
        TlvTag::SAR_TOTAL_SEGMENTS => v >= 1,
        TlvTag::SAR_SEGMENT_SEQNUM => v >= 1 && total_segments().is_none_or(|t| v <= t),
        _ => true,
    }
}

use TlvTag as T;

/// The TLVs of v5.0's "Message Submission TLVs" (§4.8.1; v3.4 §4.4.1 is a subset).
const SUBMISSION: &[TlvTag] = &[
    T::ALERT_ON_MESSAGE_DELIVERY,
    T::BILLING_IDENTIFICATION,
    T::CALLBACK_NUM,
    T::CALLBACK_NUM_ATAG,
    T::CALLBACK_NUM_PRES_IND,
    T::DEST_ADDR_NP_COUNTRY,
    T::DEST_ADDR_NP_INFORMATION,
    T::DEST_ADDR_NP_RESOLUTION,
    T::DEST_ADDR_SUBUNIT,
    T::DEST_BEARER_TYPE,
    T::DEST_NETWORK_ID,
    T::DEST_NETWORK_TYPE,
    T::DEST_NODE_ID,
    T::DEST_SUBADDRESS,
    T::DEST_TELEMATICS_ID,
    T::DESTINATION_PORT,
    T::DISPLAY_TIME,
    T::ITS_REPLY_TYPE,
    T::ITS_SESSION_INFO,
    T::LANGUAGE_INDICATOR,
    T::MESSAGE_PAYLOAD,
    T::MORE_MESSAGES_TO_SEND,
    T::MS_MSG_WAIT_FACILITIES,
    T::MS_VALIDITY,
    T::NUMBER_OF_MESSAGES,
    T::PAYLOAD_TYPE,
    T::PRIVACY_INDICATOR,
    T::QOS_TIME_TO_LIVE,
    T::SAR_MSG_REF_NUM,
    T::SAR_SEGMENT_SEQNUM,
    T::SAR_TOTAL_SEGMENTS,
    T::SET_DPF,
    T::SMS_SIGNAL,
    T::SOURCE_ADDR_SUBUNIT,
    T::SOURCE_BEARER_TYPE,
    T::SOURCE_NETWORK_ID,
    T::SOURCE_NETWORK_TYPE,
    T::SOURCE_NODE_ID,
    T::SOURCE_PORT,
    T::SOURCE_SUBADDRESS,
    T::SOURCE_TELEMATICS_ID,
    T::USER_MESSAGE_REFERENCE,
    T::USER_RESPONSE_CODE,
    T::USSD_SERVICE_OP,
];

/// v5.0 "Message Delivery TLVs" (§4.8.1; v3.4 §4.6.1), with the network and bearer types
/// carriers add to MO messages (v3.4 §4.7.1 defines them for data_sm in both directions).
const DELIVERY: &[TlvTag] = &[
    T::CALLBACK_NUM,
    T::CALLBACK_NUM_ATAG,
    T::CALLBACK_NUM_PRES_IND,
    T::DEST_ADDR_NP_COUNTRY,
    T::DEST_ADDR_NP_INFORMATION,
    T::DEST_ADDR_NP_RESOLUTION,
    T::DEST_ADDR_SUBUNIT,
    T::DEST_BEARER_TYPE,
    T::DEST_NETWORK_ID,
    T::DEST_NETWORK_TYPE,
    T::DEST_NODE_ID,
    T::DEST_SUBADDRESS,
    T::DEST_TELEMATICS_ID,
    T::DESTINATION_PORT,
    T::DPF_RESULT,
    T::ITS_REPLY_TYPE,
    T::ITS_SESSION_INFO,
    T::LANGUAGE_INDICATOR,
    T::MESSAGE_PAYLOAD,
    T::MESSAGE_STATE,
    T::NETWORK_ERROR_CODE,
    T::PAYLOAD_TYPE,
    T::PRIVACY_INDICATOR,
    T::RECEIPTED_MESSAGE_ID,
    T::SAR_MSG_REF_NUM,
    T::SAR_SEGMENT_SEQNUM,
    T::SAR_TOTAL_SEGMENTS,
    T::SOURCE_ADDR_SUBUNIT,
    T::SOURCE_BEARER_TYPE,
    T::SOURCE_NETWORK_ID,
    T::SOURCE_NETWORK_TYPE,
    T::SOURCE_NODE_ID,
    T::SOURCE_PORT,
    T::SOURCE_SUBADDRESS,
    T::SOURCE_TELEMATICS_ID,
    T::USER_MESSAGE_REFERENCE,
    T::USER_RESPONSE_CODE,
    T::USSD_SERVICE_OP,
];

/// data_sm (v3.4 §4.7.1, v5.0 §4.2.2): submission and delivery both, plus its own.
const DATA: &[&[TlvTag]] = &[SUBMISSION, DELIVERY];

/// v5.0 "Message Submission Response TLVs" (§4.8.1; v3.4 §4.7.2 for data_sm_resp).
const SUBMISSION_RESP: &[TlvTag] = &[
    T::ADDITIONAL_STATUS_INFO_TEXT,
    T::DELIVERY_FAILURE_REASON,
    T::DPF_RESULT,
    T::NETWORK_ERROR_CODE,
];

/// v5.0 §4.4.1.1 broadcast_sm.
const BROADCAST: &[TlvTag] = &[
    T::BROADCAST_AREA_IDENTIFIER,
    T::BROADCAST_CONTENT_TYPE,
    T::BROADCAST_REP_NUM,
    T::BROADCAST_FREQUENCY_INTERVAL,
    T::ALERT_ON_MESSAGE_DELIVERY,
    T::BROADCAST_CHANNEL_INDICATOR,
    T::BROADCAST_CONTENT_TYPE_INFO,
    T::BROADCAST_MESSAGE_CLASS,
    T::BROADCAST_SERVICE_GROUP,
    T::CALLBACK_NUM,
    T::CALLBACK_NUM_ATAG,
    T::CALLBACK_NUM_PRES_IND,
    T::DEST_ADDR_SUBUNIT,
    T::DEST_SUBADDRESS,
    T::DESTINATION_PORT,
    T::DISPLAY_TIME,
    T::LANGUAGE_INDICATOR,
    T::MESSAGE_PAYLOAD,
    T::MS_VALIDITY,
    T::PAYLOAD_TYPE,
    T::PRIVACY_INDICATOR,
    T::SMS_SIGNAL,
    T::SOURCE_PORT,
    T::SOURCE_SUBADDRESS,
    T::USER_MESSAGE_REFERENCE,
];

/// The TLVs a PDU defines, as one or more lists; `None` where the check does not apply.
fn allowed_tlvs(id: CommandId) -> Option<TagSet> {
    Some(match id {
        CommandId::SUBMIT_SM | CommandId::SUBMIT_MULTI => const { TagSet::of(&[SUBMISSION]) },
        CommandId::DELIVER_SM => const { TagSet::of(&[DELIVERY]) },
        CommandId::DATA_SM => const { TagSet::of(DATA) },
        CommandId::SUBMIT_SM_RESP | CommandId::SUBMIT_MULTI_RESP | CommandId::DATA_SM_RESP => {
            const { TagSet::of(&[SUBMISSION_RESP]) }
        }
        CommandId::DELIVER_SM_RESP => {
            const {
                TagSet::of(&[&[
                    T::ADDITIONAL_STATUS_INFO_TEXT,
                    T::DELIVERY_FAILURE_REASON,
                    T::NETWORK_ERROR_CODE,
                ]])
            }
        }
        CommandId::BIND_TRANSMITTER_RESP
        | CommandId::BIND_RECEIVER_RESP
        | CommandId::BIND_TRANSCEIVER_RESP => const { TagSet::of(&[&[T::SC_INTERFACE_VERSION]]) },
        CommandId::REPLACE_SM => const { TagSet::of(&[&[T::MESSAGE_PAYLOAD]]) },
        CommandId::ALERT_NOTIFICATION => const { TagSet::of(&[&[T::MS_AVAILABILITY_STATUS]]) },
        CommandId::BROADCAST_SM => const { TagSet::of(&[BROADCAST]) },
        CommandId::BROADCAST_SM_RESP => {
            const { TagSet::of(&[&[T::BROADCAST_ERROR_STATUS, T::BROADCAST_AREA_IDENTIFIER]]) }
        }
        CommandId::QUERY_BROADCAST_SM => const { TagSet::of(&[&[T::USER_MESSAGE_REFERENCE]]) },
        CommandId::QUERY_BROADCAST_SM_RESP => {
            const {
                TagSet::of(&[&[
                    T::MESSAGE_STATE,
                    T::BROADCAST_AREA_IDENTIFIER,
                    T::BROADCAST_AREA_SUCCESS,
                    T::BROADCAST_END_TIME,
                    T::USER_MESSAGE_REFERENCE,
                ]])
            }
        }
        CommandId::CANCEL_BROADCAST_SM => {
            const { TagSet::of(&[&[T::BROADCAST_CONTENT_TYPE, T::USER_MESSAGE_REFERENCE]]) }
        }
        _ => return None,
    })
}

/// A set of known TLV tags, one bit per tag's index in the tag table ([`TlvTag::spec`]):
/// a PDU's allowed TLVs, tested in one step.
#[derive(Clone, Copy, Debug)]
struct TagSet(u64);

impl TagSet {
    /// The tags of `lists` (each must be a known tag: checked when the set is built, at
    /// compile time).
    const fn of(lists: &[&[TlvTag]]) -> Self {
        let mut bits = 0u64;
        let mut i = 0;
        while i < lists.len() {
            let mut j = 0;
            while j < lists[i].len() {
                match lists[i][j].spec() {
                    Some((idx, _)) => bits |= 1 << idx,
                    None => panic!("an allowed TLV must be a known tag"),
                }
                j += 1;
            }
            i += 1;
        }
        Self(bits)
    }

    /// Whether the tag of table index `idx` is in the set.
    fn contains(self, idx: u8) -> bool {
        self.0 & (1 << idx) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DecodeOptions, decode};
    use proptest::prelude::*;

    /// ../shared/vectors/bench-pdus.md: the submit_sm (written by rusmpp 0.4.0) and the
    /// deliver_sm receipt peers were measured on.
    const SUBMIT_SM: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";
    const DELIVER_SM: &str = "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102";

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    const VERSIONS: [InterfaceVersion; 3] = [
        InterfaceVersion::V33,
        InterfaceVersion::V34,
        InterfaceVersion::V50,
    ];

    /// The cheap pass and the recording pass agree on `wire` (when it decodes at all).
    fn agree(wire: &[u8]) -> Result<(), TestCaseError> {
        for options in [DecodeOptions::lenient(), DecodeOptions::default()] {
            let Ok(frame) = decode(wire, &options) else {
                continue;
            };
            for v in VERSIONS {
                let report = validate(&frame, v);
                prop_assert_eq!(follows_spec(&frame, v), report.is_empty(), "{:?}", report);
            }
        }
        Ok(())
    }

    #[test]
    fn bench_pdus_are_clean_and_the_passes_agree() {
        for hex in [SUBMIT_SM, DELIVER_SM] {
            let wire = unhex(hex);
            let frame = decode(&wire, &DecodeOptions::default()).unwrap();
            assert!(follows_spec(&frame, InterfaceVersion::V34));
            assert!(validate(&frame, InterfaceVersion::V34).is_empty());
        }
        // priority_flag 5 (v3.4 §5.2.14 allows 0–3): both passes see it.
        let mut wire = unhex(SUBMIT_SM);
        wire[44] = 5; // header 16, service_type 1, source 2+8, destination 2+13, esm_class, protocol_id
        let frame = decode(&wire, &DecodeOptions::default()).unwrap();
        assert!(!follows_spec(&frame, InterfaceVersion::V34));
        let report = validate(&frame, InterfaceVersion::V34);
        assert_eq!(report.len(), 1);
        assert_eq!((report[0].rule, report[0].offset), (Rule::PriorityFlag, 44));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Bench PDUs with octets overwritten anywhere after the length: every variant that
        /// still decodes gets the same verdict from both passes.
        #[test]
        fn cheap_verdict_equals_full_verdict_on_mutated_pdus(
            deliver in any::<bool>(),
            edits in prop::collection::vec((4usize..198, any::<u8>()), 1..6),
        ) {
            let mut wire = unhex(if deliver { DELIVER_SM } else { SUBMIT_SM });
            for (at, byte) in edits {
                if let Some(b) = wire.get_mut(at) {
                    *b = byte;
                }
            }
            agree(&wire)?;
        }

        /// Random bodies under a header with a known command_id.
        #[test]
        fn cheap_verdict_equals_full_verdict_on_random_bodies(
            id in prop::sample::select(vec![
                0x0000_0004u32, 0x8000_0004, 0x0000_0005, 0x8000_0005, 0x0000_0103,
                0x8000_0103, 0x0000_0021, 0x0000_0007, 0x0000_0102, 0x0000_0111,
                0x0000_0002, 0x0000_0009, 0x8000_0009, 0x0000_0003, 0x0000_0112,
                0x8000_0112, 0x0000_0113, 0x8000_0000, 0x0000_0015,
            ]),
            sequence in prop::sample::select(vec![0u32, 1, 7, 0x7FFF_FFFF, 0x8000_0000]),
            body in prop::collection::vec(
                prop_oneof![Just(0u8), 1u8..=9, Just(b'R'), Just(b'1'), any::<u8>()],
                0..120,
            ),
        ) {
            let mut wire = Vec::with_capacity(16 + body.len());
            wire.extend_from_slice(&(16 + body.len() as u32).to_be_bytes());
            wire.extend_from_slice(&id.to_be_bytes());
            wire.extend_from_slice(&0u32.to_be_bytes());
            wire.extend_from_slice(&sequence.to_be_bytes());
            wire.extend_from_slice(&body);
            agree(&wire)?;
        }
    }
}
