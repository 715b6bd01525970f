//! A hostile corpus as regular tests: what a broken or malicious peer can put on the wire,
//! each answered by the documented typed error (kind, field, offset) or, in lenient mode,
//! the documented quirk. Byte layouts follow SMPP v3.4 §3.2 (header), §4 (bodies) and §5.3
//! (TLVs); the sections are quoted at each case. Well-formed starting points are the oracle
//! samples of `/work/shared/oracles/samples/pdus.txt` (confirmed by tshark, smpp.pdu3,
//! smpplib and node-smpp).
#![allow(missing_docs)]

use smpp::{
    CommandId, CommandStatus, DEFAULT_MAX_COMMAND_LENGTH, DecodeErrorKind, DecodeOptions,
    InterfaceVersion, Pdu, QuirkKind, Rule, TlvTag, decode, peek_command_length,
};

use test_support::hex;

/// A PDU: v3.4 §3.2 header (command_length computed) + body.
fn pdu(command_id: u32, status: u32, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&(16 + body.len() as u32).to_be_bytes());
    v.extend_from_slice(&command_id.to_be_bytes());
    v.extend_from_slice(&status.to_be_bytes());
    v.extend_from_slice(&seq.to_be_bytes());
    v.extend_from_slice(body);
    v
}

/// submit_sm body (v3.4 §4.4.1) from the oracle sample `submit_sm_vendor_tlv` without its
/// TLV: service_type "", source 1/1 "123", dest 1/1 "456", esm_class 0, protocol_id 0,
/// priority 0, schedule "", validity "", registered_delivery 1, replace 0, data_coding 0,
/// sm_default_msg_id 0, sm_length 2 "hi".
const SUBMIT_BODY: &str = "000101313233000101343536000000000000010000000268 69";

fn submit_body() -> Vec<u8> {
    hex(&SUBMIT_BODY.replace(' ', ""))
}

fn strict() -> DecodeOptions {
    DecodeOptions::strict()
}

fn lenient() -> DecodeOptions {
    DecodeOptions::lenient()
}

#[test]
fn rejects_zero_command_length() {
    // v3.4 §3.2: the header alone is 16 octets, so no command_length can be below 16.
    let buf = hex("00000000000000150000000000000001");
    let e = peek_command_length(&buf, &strict()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooShort { command_length: 0 }
    );
    assert_eq!((e.field(), e.offset()), ("command_length", 0));
    assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVCMDLEN);
    let e = decode(&buf, &strict()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooShort { command_length: 0 }
    );
    // The header travels in the error so the answer can echo the sequence number.
    assert_eq!(e.header().map(|h| h.sequence_number), Some(1));
}

#[test]
fn rejects_command_length_below_header() {
    let e = peek_command_length(&hex("0000000f"), &strict()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooShort { command_length: 15 }
    );
    // Only 4 octets: no header to carry yet.
    assert_eq!(e.header(), None);
}

#[test]
fn rejects_huge_command_length_before_allocating() {
    // 0xFFFFFFFF is refused from the first 4 octets alone: nothing sized by it is reserved.
    let e = peek_command_length(&hex("ffffffff"), &strict()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooLong {
            command_length: u32::MAX,
            max: DEFAULT_MAX_COMMAND_LENGTH
        }
    );
    assert_eq!((e.field(), e.offset()), ("command_length", 0));
    assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVCMDLEN);
    // Just above a configured maximum.
    let opts = strict().with_max_command_length(64);
    let e = peek_command_length(&65u32.to_be_bytes(), &opts).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::CommandLengthTooLong {
            command_length: 65,
            max: 64
        }
    );
    assert_eq!(
        peek_command_length(&64u32.to_be_bytes(), &opts),
        Ok(Some(64))
    );
}

#[test]
fn accepts_partial_header_as_need_more() {
    // Fewer than 4 octets is "need more", never an error (httparse's Partial).
    for n in 0..4 {
        assert_eq!(peek_command_length(&[0u8; 3][..n], &strict()), Ok(None));
    }
}

#[test]
fn rejects_length_past_the_end() {
    // command_length says 100 but only the 16-octet header is there.
    let mut buf = pdu(0x15, 0, 1, &[]);
    buf[..4].copy_from_slice(&100u32.to_be_bytes());
    let e = decode(&buf, &strict()).unwrap_err();
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LengthMismatch {
            command_length: 100,
            actual: 16
        }
    );
    assert_eq!(e.field(), "command_length");
    assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVCMDLEN);
}

#[test]
fn rejects_truncated_header() {
    let e = decode(&hex("000000100000001500"), &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::UnexpectedEnd { needed: 7 });
    assert_eq!((e.field(), e.offset()), ("header", 9));
}

#[test]
fn rejects_missing_nul() {
    // As oracle sample bad_unterminated_system_id (whose command_length is one short): a
    // bind_transmitter whose system_id "smppclient1" runs to the end of the PDU without its
    // NUL (v3.4 §3.1: C-Octet String).
    let buf = pdu(2, 0, 1, b"smppclient1");
    let e = decode(&buf, &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::CStringUnterminated);
    assert_eq!((e.field(), e.offset()), ("system_id", 16));
    assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVSYSID);
}

#[test]
fn accepts_overlong_string_and_validation_reports_it() {
    // Oracle sample bad_strict_sysid_16chars: system_id of 16 characters, v3.4 §4.1.1
    // allows 15 + NUL. Terminated, so the structure holds: it decodes, and validation says
    // ESME_RINVSYSID at the field.
    let buf =
        hex("0000002900000002000000000000000541414141414141414141414141414141007077000034000000");
    let f = decode(&buf, &strict()).unwrap();
    assert!(f.quirks.is_empty());
    let Pdu::BindTransmitter(b) = &f.pdu else {
        panic!("{:?}", f.pdu)
    };
    assert_eq!(b.system_id.as_bytes(), b"AAAAAAAAAAAAAAAA");
    let v = f.validate(InterfaceVersion::V34);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].rule, v[0].field, v[0].offset),
        (Rule::StringTooLong, "system_id", 16)
    );
    assert_eq!(v[0].status, CommandStatus::ESME_RINVSYSID);
}

#[test]
fn accepts_overlong_password_and_validation_reports_it() {
    // Oracle sample bad_strict_pw_9chars: password of 9 characters (max 8 + NUL).
    let buf = hex("0000002300000002000000000000000473797300313233343536373839000034000000");
    let f = decode(&buf, &strict()).unwrap();
    let v = f.validate(InterfaceVersion::V34);
    assert_eq!((v[0].field, v[0].offset), ("password", 20));
    assert_eq!(v[0].status, CommandStatus::ESME_RINVPASWD);
}

#[test]
fn rejects_tlv_length_overrun_and_lenient_drops_it() {
    // v3.4 §5.3: a TLV is tag(2) length(2) value(length). Here user_message_reference
    // announces 8 octets but the PDU holds 2.
    let mut body = submit_body();
    body.extend_from_slice(&hex("0204 0008 0001".replace(' ', "").as_str()));
    let buf = pdu(4, 0, 1, &body);
    let e = decode(&buf, &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TlvOverrun { tag: 0x0204 });
    assert!(
        e.offset() >= 16 + submit_body().len() && e.offset() <= buf.len(),
        "{e:?}"
    );
    assert_eq!(
        CommandStatus::from(&e),
        CommandStatus::ESME_RINVOPTPARSTREAM
    );

    let f = decode(&buf, &lenient()).unwrap();
    assert!(f.quirks.contains(QuirkKind::TlvOverrun));
    let Pdu::SubmitSm(sm) = &f.pdu else { panic!() };
    assert!(sm.tlvs.is_empty(), "the overrunning TLV is dropped");
}

#[test]
fn rejects_truncated_tlv_header() {
    // Three octets of TLV: the length field itself is cut.
    let mut body = submit_body();
    body.extend_from_slice(&hex("020400"));
    let e = decode(&pdu(4, 0, 1, &body), &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TlvOverrun { tag: 0x0204 });
    assert_eq!(e.offset(), 16 + submit_body().len());
    // One octet: the tag itself is cut (reported as tag 0).
    let mut body = submit_body();
    body.push(0x02);
    let e = decode(&pdu(4, 0, 1, &body), &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TlvOverrun { tag: 0 });
}

#[test]
fn accepts_tlv_of_wrong_length_and_validation_reports_it() {
    // user_message_reference is an Integer(2) (v3.4 §5.3.2.17); here it has 3 octets. The
    // layout holds (the TLV ends inside the PDU): kept raw, reported ESME_RINVPARLEN.
    let mut body = submit_body();
    body.extend_from_slice(&hex("020400030000 01".replace(' ', "").as_str()));
    let buf = pdu(4, 0, 1, &body);
    let f = decode(&buf, &strict()).unwrap();
    let v = f.validate(InterfaceVersion::V34);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].rule, v[0].offset),
        (Rule::TlvLength, 16 + submit_body().len())
    );
    assert_eq!(v[0].status, CommandStatus::ESME_RINVPARLEN);
    let mut out = Vec::new();
    f.encode(&mut out);
    assert_eq!(out, buf);
}

#[test]
fn accepts_duplicate_tlv_and_validation_reports_it() {
    let mut body = submit_body();
    body.extend_from_slice(&hex("0204000200010204000200 02".replace(' ', "").as_str()));
    let buf = pdu(4, 0, 1, &body);
    let f = decode(&buf, &strict()).unwrap();
    let Pdu::SubmitSm(sm) = &f.pdu else { panic!() };
    assert_eq!(sm.tlvs.len(), 2, "both kept, in wire order");
    let v = f.validate(InterfaceVersion::V34);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].rule, v[0].offset),
        (Rule::TlvDuplicate, 16 + submit_body().len() + 6)
    );
}

#[test]
fn accepts_unknown_tlv_and_roundtrips_it() {
    // Oracle sample submit_sm_vendor_tlv: vendor tag 0x1501, length 1, value 07.
    let buf = hex(
        "0000002e000000040000000000000001000101313233000101343536000000000000010000000268691501000107",
    );
    let f = decode(&buf, &strict()).unwrap();
    let Pdu::SubmitSm(sm) = &f.pdu else { panic!() };
    assert_eq!(sm.tlvs.get_bytes(TlvTag(0x1501)), Some(&[7u8][..]));
    let mut wire = Vec::new();
    f.encode(&mut wire);
    assert_eq!(wire, buf);
}

#[test]
fn accepts_v50_tlv_in_a_response() {
    // A 5.0 TLV (congestion_state 0x0428, v5.0 §4.8.4.19, Integer(1)) in a submit_sm_resp
    // from a 5.0 SMSC: decoded, not refused.
    let buf = pdu(0x8000_0004, 0, 2, &hex("3100042800010a"));
    let f = decode(&buf, &strict()).unwrap();
    let Pdu::SubmitSmResp(r) = &f.pdu else {
        panic!()
    };
    assert_eq!(r.tlvs.congestion_state(), Some(10));
}

#[test]
fn accepts_unknown_command_id_and_roundtrips_it() {
    let buf = pdu(0x0001_2345, 0, 3, b"vendor");
    let f = decode(&buf, &strict()).unwrap();
    assert_eq!(f.pdu.command_id(), CommandId(0x0001_2345));
    assert!(matches!(&f.pdu, Pdu::Unknown { body, .. } if &body[..] == b"vendor"));
    let mut wire = Vec::new();
    f.encode(&mut wire);
    assert_eq!(wire, buf);
}

#[test]
fn accepts_unknown_status_and_roundtrips_it() {
    let buf = hex("00000010800000000000abcd0000000a");
    let f = decode(&buf, &strict()).unwrap();
    assert_eq!(f.header.command_status, CommandStatus(0xabcd));
    assert_eq!(f.header.command_status.name(), None);
    let mut wire = Vec::new();
    f.encode(&mut wire);
    assert_eq!(wire, buf);
}

#[test]
fn accepts_error_response_without_body() {
    // v3.4 §4.4.2: "The submit_sm_resp PDU body is not returned if the command_status field
    // contains a non-zero value."
    let buf = pdu(0x8000_0004, 0x45, 2, &[]);
    let f = decode(&buf, &strict()).unwrap();
    assert!(f.quirks.is_empty());
    assert!(matches!(&f.pdu, Pdu::SubmitSmResp(r) if r.message_id.as_bytes().is_empty()));
}

#[test]
fn accepts_error_response_with_a_body() {
    // Real SMSCs send the body anyway (an empty message_id) with an error status.
    let buf = pdu(0x8000_0004, 0x45, 2, &[0]);
    let f = decode(&buf, &strict()).unwrap();
    assert_eq!(f.header.command_status, CommandStatus(0x45));
    assert!(matches!(&f.pdu, Pdu::SubmitSmResp(_)));
}

#[test]
fn accepts_ok_response_without_body_only_leniently() {
    let buf = pdu(0x8000_0004, 0, 2, &[]);
    let e = decode(&buf, &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::UnexpectedEnd { needed: 1 });
    assert_eq!(e.field(), "body");
    let f = decode(&buf, &lenient()).unwrap();
    assert!(f.quirks.contains(QuirkKind::MissingBody));
}

#[test]
fn rejects_trailing_octets() {
    // enquire_link has no body (v3.4 §4.11.1); one extra octet.
    let buf = pdu(0x15, 0, 9, &[0]);
    let e = decode(&buf, &strict()).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TrailingData { len: 1 });
    assert_eq!(e.offset(), 16);
    assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVCMDLEN);
    let f = decode(&buf, &lenient()).unwrap();
    assert!(f.quirks.contains(QuirkKind::TrailingData));
}

#[test]
fn accepts_sequence_number_out_of_range_and_validation_reports_it() {
    // v3.4 §5.1.4: "The allowed sequence_number range is from 0x00000001 to 0x7FFFFFFF."
    // A value rule: carriers send bit 31 set; generic_nack may carry 0.
    for seq in [0, 0x8000_0000, u32::MAX] {
        let buf = pdu(0x15, 0, seq, &[]);
        let f = decode(&buf, &strict()).unwrap();
        let v = f.validate(InterfaceVersion::V34);
        assert_eq!(
            (v[0].rule, v[0].field, v[0].offset),
            (Rule::SequenceNumber, "sequence_number", 12)
        );
    }
    let nack = pdu(0x8000_0000, 3, 0, &[]);
    let nack = decode(&nack, &strict()).unwrap();
    assert!(nack.validate(InterfaceVersion::V34).is_empty());
}

#[test]
fn rejects_sm_length_past_the_end() {
    // sm_length 254 (the v3.4 §4.4.1 maximum) but 2 octets follow.
    let mut body = submit_body();
    let at = body.len() - 3;
    body[at] = 0xFE;
    let e = decode(&pdu(4, 0, 1, &body), &strict()).unwrap_err();
    assert!(
        matches!(e.kind(), DecodeErrorKind::UnexpectedEnd { .. }),
        "{e:?}"
    );
    assert_eq!(e.field(), "short_message");
    assert_eq!(CommandStatus::from(&e), CommandStatus::ESME_RINVMSGLEN);
    // 255 is above the maximum itself: with 255 octets there it decodes, and validation
    // says ESME_RINVMSGLEN at sm_length (v3.4 §5.2.21).
    body[at] = 0xFF;
    body.truncate(at + 1);
    body.extend_from_slice(&[b'x'; 255]);
    let buf = pdu(4, 0, 1, &body);
    let f = decode(&buf, &strict()).unwrap();
    let v = f.validate(InterfaceVersion::V34);
    assert_eq!(
        (v[0].rule, v[0].field, v[0].offset),
        (Rule::SmLength, "sm_length", 16 + at)
    );
    assert_eq!(v[0].status, CommandStatus::ESME_RINVMSGLEN);
    let mut out = Vec::new();
    f.encode(&mut out);
    assert_eq!(
        out, buf,
        "a decoded 255-octet short_message encodes back unchanged"
    );
}

#[test]
fn rejects_every_truncation_with_a_typed_error() {
    // Every prefix of the bench deliver_sm receipt (command_length patched to fit) is
    // refused with an error that points inside the PDU, never a panic.
    let full = hex(
        "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102",
    );
    assert!(decode(&full, &strict()).is_ok());
    // Cuts between TLVs (after short_message at 174, after receipted_message_id at 189)
    // are whole PDUs: TLVs are optional.
    let boundaries = [174, 189];
    for n in 16..full.len() {
        let mut cut = full[..n].to_vec();
        cut[..4].copy_from_slice(&(n as u32).to_be_bytes());
        for opts in [strict(), lenient()] {
            if let Err(e) = decode(&cut, &opts) {
                assert!(e.offset() <= n, "{n}: {e:?}");
                assert_eq!(e.header().map(|h| h.command_length), Some(n as u32));
            } else {
                assert!(
                    !opts.is_strict() || boundaries.contains(&n),
                    "strict decode accepted a cut at {n}"
                );
            }
        }
    }
}

#[test]
fn rejects_garbage_without_panic() {
    // A deterministic pseudo-random stream of PDUs with random bodies: every decode returns.
    let mut x: u32 = 0x1234_5678;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    for _ in 0..20_000 {
        let id = CommandId::ALL[next() as usize % CommandId::ALL.len()];
        let len = next() as usize % 64;
        let body: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        let buf = pdu(id.0, next() % 3, 1 + next() % 100, &body);
        for opts in [strict(), lenient()] {
            if let Err(e) = decode(&buf, &opts) {
                assert!(e.offset() <= buf.len(), "{e:?}");
                let _ = CommandStatus::from(&e);
            }
        }
    }
}

// ---- the session facing the same bytes ---------------------------------------------------

mod session {
    use std::time::Instant;

    use smpp::session::{CloseReason, Config, Event, MessageIds, ProtocolError, Session};
    use smpp::{CommandId, CommandStatus, DecodeOptions, decode};

    use super::{hex, pdu};

    fn drain<T>(s: &mut Session<T>) -> (Vec<u8>, Vec<Event<T>>) {
        let mut tx = Vec::new();
        while s.poll_transmit(&mut tx) {}
        let events = std::iter::from_fn(|| s.poll_event()).collect();
        (tx, events)
    }

    /// An SMSC session that has accepted a bind_transceiver (v3.4 §4.1.5: system_id "esme",
    /// password "pw", system_type "", interface_version 0x34, addr_ton 0, addr_npi 0,
    /// address_range "").
    fn bound_smsc(now: Instant) -> Session<()> {
        let mut s: Session<()> = Session::smsc(
            Config::default(),
            now,
            |_, _: &smpp::Bind<'_>| CommandStatus::ESME_ROK,
            MessageIds::default(),
        );
        s.handle_input(now, &pdu(9, 0, 1, b"esme\0pw\0\0\x34\0\0\0"));
        let (tx, events) = drain(&mut s);
        let resp = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(resp.header.command_id, CommandId::BIND_TRANSCEIVER_RESP);
        assert!(events.iter().any(|e| matches!(e, Event::Bound { .. })));
        s
    }

    #[test]
    fn rejects_huge_command_length_and_closes() {
        // v3.4 §4.3: generic_nack ESME_RINVCMDLEN; the stream is out of step, so close.
        let now = Instant::now();
        let mut s = bound_smsc(now);
        s.handle_input(now, &hex("ffffffff000000040000000000000007"));
        let (tx, events) = drain(&mut s);
        let nack = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(nack.header.command_id, CommandId::GENERIC_NACK);
        assert_eq!(nack.header.command_status, CommandStatus::ESME_RINVCMDLEN);
        assert_eq!(nack.header.sequence_number, 7);
        assert!(events.iter().any(|e| matches!(
            e,
            Event::ProtocolError(ProtocolError::Malformed {
                answered: Some(CommandStatus::ESME_RINVCMDLEN),
                ..
            })
        )));
        assert!(matches!(
            events.last(),
            Some(Event::Closed(CloseReason::FramingLost))
        ));
        assert!(s.is_closed());
    }

    #[test]
    fn rejects_malformed_body_with_the_mapped_status_and_stays_up() {
        // submit_sm whose source_addr has no NUL before the end of the PDU (v3.4 §4.4.1):
        // the body ends inside its fields, a command_length fault: generic_nack
        // ESME_RINVCMDLEN (v3.4 §4.3.1).
        let now = Instant::now();
        let mut s = bound_smsc(now);
        let mut body = vec![0, 1, 1];
        body.extend_from_slice(&[b'1'; 30]);
        s.handle_input(now, &pdu(4, 0, 5, &body));
        let (tx, events) = drain(&mut s);
        let resp = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(resp.header.command_id, CommandId::GENERIC_NACK);
        assert_eq!(resp.header.command_status, CommandStatus::ESME_RINVCMDLEN);
        assert_eq!(resp.header.sequence_number, 5);
        assert!(events.iter().any(|e| matches!(
            e,
            Event::ProtocolError(ProtocolError::Malformed {
                answered: Some(CommandStatus::ESME_RINVCMDLEN),
                ..
            })
        )));
        // A TLV running past the end (v3.4 §5.3): submit_sm_resp ESME_RINVOPTPARSTREAM.
        let mut body = hex(&super::SUBMIT_BODY.replace(' ', ""));
        body.extend_from_slice(&[0x02, 0x04, 0x00, 0x08, 0x00]);
        s.handle_input(now, &pdu(4, 0, 7, &body));
        let (tx, _) = drain(&mut s);
        let resp = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(
            (
                resp.header.command_id,
                resp.header.command_status,
                resp.header.sequence_number
            ),
            (
                CommandId::SUBMIT_SM_RESP,
                CommandStatus::ESME_RINVOPTPARSTREAM,
                7
            )
        );
        assert!(!s.is_closed());
        // The link still works: enquire_link is answered.
        s.handle_input(now, &pdu(0x15, 0, 6, &[]));
        let (tx, _) = drain(&mut s);
        let resp = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(
            (resp.header.command_id, resp.header.sequence_number),
            (CommandId::ENQUIRE_LINK_RESP, 6)
        );
    }

    #[test]
    fn rejects_unknown_command_with_generic_nack() {
        // v3.4 §4.3: an unknown command_id is answered generic_nack ESME_RINVCMDID.
        let now = Instant::now();
        let mut s = bound_smsc(now);
        s.handle_input(now, &pdu(0x0001_2345, 0, 8, b"x"));
        let (tx, _) = drain(&mut s);
        let nack = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(nack.header.command_id, CommandId::GENERIC_NACK);
        assert_eq!(nack.header.command_status, CommandStatus::ESME_RINVCMDID);
        assert_eq!(nack.header.sequence_number, 8);
        assert!(!s.is_closed());
    }

    #[test]
    fn accepts_bytes_one_at_a_time() {
        // A PDU split at every octet is the same PDU (no "incomplete" taken as invalid).
        let now = Instant::now();
        let mut s = bound_smsc(now);
        for b in pdu(0x15, 0, 9, &[]) {
            s.handle_input(now, &[b]);
        }
        let (tx, _) = drain(&mut s);
        let resp = decode(&tx, &DecodeOptions::strict()).unwrap();
        assert_eq!(
            (resp.header.command_id, resp.header.sequence_number),
            (CommandId::ENQUIRE_LINK_RESP, 9)
        );
    }
}
