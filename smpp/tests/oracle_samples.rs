//! Our decoder against the oracle samples (tests/data/oracle-pdus.txt, copied from
//! shared/oracles/samples/pdus.txt: hand-built PDUs that tshark 4.0.17 and python smpp.pdu3
//! 0.6 decoded; see shared/oracles/README.md). Valid samples decode strictly and re-encode
//! byte for byte; the `bad_*` ones fail with the field and status the spec prescribes.

use smpp::{
    CommandStatus, DecodeErrorKind, DecodeOptions, InterfaceVersion, Pdu, TlvTag, TlvValue, Ton,
    decode,
};

fn samples() -> Vec<(String, Vec<u8>)> {
    include_str!("data/oracle-pdus.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (name, hex) = l.split_once('\t').expect("name<TAB>hex");
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect();
            (name.to_owned(), bytes)
        })
        .collect()
}

fn sample(name: &str) -> Vec<u8> {
    samples()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sample {name}"))
        .1
}

/// Samples the oracles judged well-formed SMPP (smpp.pdu3 `same_fields: true`), plus the
/// two whose defect is not in the SMPP layer (a bad UDH inside short_message; a TLV tag no
/// spec defines, which v3.4 §3.2.4 says a receiver ignores, so we keep it raw).
const VALID_EXTRA: &[&str] = &["bad_udhl_too_short", "bad_strict_unknown_std_tlv"];

#[test]
fn roundtrip_every_valid_oracle_sample() {
    let mut n = 0;
    for (name, wire) in samples() {
        if name.starts_with("bad_") && !VALID_EXTRA.contains(&name.as_str()) {
            continue;
        }
        let frame =
            decode(&wire, &DecodeOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(frame.quirks.is_empty(), "{name}");
        assert!(!matches!(frame.pdu, Pdu::Unknown { .. }), "{name}");
        let mut out = Vec::new();
        frame.encode(&mut out);
        assert_eq!(out, wire, "{name}: re-encoded differently");
        n += 1;
    }
    assert_eq!(n, 25);
}

// tshark: smpp.system_id "smppclient1", smpp.password "password", interface_version 0x34.
#[test]
fn accepts_bind_transmitter_fields_as_tshark_shows() {
    let wire = sample("bind_transmitter");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    let Pdu::BindTransmitter(b) = f.pdu else {
        panic!()
    };
    assert_eq!(b.system_id.as_bytes(), b"smppclient1");
    assert_eq!(b.password.as_bytes(), b"password");
    assert_eq!(b.interface_version, InterfaceVersion::V34);
}

// tshark: receipted_message_id "0123456789", message_state 2.
#[test]
fn accepts_deliver_sm_receipt_tlvs_as_tshark_shows() {
    let wire = sample("deliver_sm_receipt");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    let Pdu::DeliverSm(d) = f.pdu else { panic!() };
    assert_eq!(d.esm_class, smpp::EsmClass(0x04));
    assert_eq!(d.tlvs.receipted_message_id(), Some(&b"0123456789"[..]));
    assert_eq!(d.tlvs.message_state().map(|s| s.0), Some(2));
    assert!(
        d.short_message
            .as_bytes()
            .starts_with(b"id:0123456789 sub:001")
    );
}

// tshark: sar_msg_ref_num 0x1234, total 2, seqnum 1 ("fragment 1 of 2").
#[test]
fn accepts_sar_tlvs() {
    let wire = sample("submit_sm_sar_tlvs");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    let Pdu::SubmitSm(s) = f.pdu else { panic!() };
    assert_eq!(s.tlvs.sar(), Some((0x1234, 2, 1)));
}

// smpp.pdu3 drops vendor TLV 0x1501; we keep it raw, in wire order.
#[test]
fn roundtrip_vendor_tlv_sample() {
    let wire = sample("submit_sm_vendor_tlv");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    let Pdu::SubmitSm(s) = f.pdu else { panic!() };
    let t = s.tlvs.iter().next().unwrap();
    assert_eq!((t.tag, t.value), (TlvTag(0x1501), TlvValue::Raw(&[7])));
}

// smpp.pdu3: a 9-char password / 16-char system_id / TON 7 are rejected; v3.4 §4.1.1 gives
// password max 9 and system_id max 16 octets including the NULL, §5.2.5 TON 0–6. The
// structure holds, so they decode by default (a carrier sending them is still heard), and
// validation names the field, its offset and the status an SMSC answers with.
#[test]
fn accepts_value_violations_and_validation_gives_prescribed_status() {
    let cases = [
        (
            "bad_strict_pw_9chars",
            "password",
            20,
            CommandStatus::ESME_RINVPASWD,
        ),
        (
            "bad_strict_sysid_16chars",
            "system_id",
            16,
            CommandStatus::ESME_RINVSYSID,
        ),
        (
            "bad_strict_ton",
            "source_addr_ton",
            17,
            CommandStatus::ESME_RINVSRCTON,
        ),
    ];
    for (name, field, offset, status) in cases {
        let wire = sample(name);
        let f = decode(&wire, &DecodeOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(f.quirks.is_empty(), "{name}");
        let v = f.validate(InterfaceVersion::V34);
        assert_eq!(v.len(), 1, "{name}: {v:?}");
        assert_eq!(
            (v[0].field, v[0].offset, v[0].status),
            (field, offset, status),
            "{name}"
        );
        let mut out = Vec::new();
        f.encode(&mut out);
        assert_eq!(out, wire, "{name}");
    }
    let wire = sample("bad_strict_ton");
    let f = decode(&wire, &DecodeOptions::default()).unwrap();
    let Pdu::SubmitSm(s) = f.pdu else { panic!() };
    assert_eq!(s.source_addr_ton, Ton(7));
}

/// The closing count of issue #14: every structurally sound sample (all but
/// `bad_unterminated_system_id`, whose command_length disagrees with its octets) decodes with
/// the default options, quirk-free, and re-encodes byte for byte.
#[test]
fn accepts_every_structurally_sound_sample_by_default() {
    let mut decoded = 0;
    for (name, wire) in samples() {
        match decode(&wire, &DecodeOptions::default()) {
            Ok(f) => {
                assert!(f.quirks.is_empty(), "{name}");
                let mut out = Vec::new();
                f.encode(&mut out);
                assert_eq!(out, wire, "{name}");
                decoded += 1;
            }
            Err(e) => assert_eq!(name, "bad_unterminated_system_id", "{e}"),
        }
    }
    assert_eq!(decoded, 28);
}

// The sample's command_length (26) is one less than its 27 octets; within those 26 the
// system_id has no NUL. smpp.pdu3: "Message Length is invalid: Unexpected EOF".
#[test]
fn rejects_unterminated_system_id() {
    let wire = sample("bad_unterminated_system_id");
    let e = decode(&wire, &DecodeOptions::default()).unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::LengthMismatch { .. }));
    let e = decode(&wire[..26], &DecodeOptions::default()).unwrap_err();
    assert_eq!((e.field(), e.offset()), ("system_id", 16));
    assert_eq!(e.command_status(), CommandStatus::ESME_RINVSYSID);
}
