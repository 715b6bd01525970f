//! A hostile corpus as regular tests: TPDUs a broken modem, SIM or SMSC can hand us, each
//! answered by the documented typed error (field and offset) or, leniently, the documented
//! quirk. The well-formed starting point is AOSP GsmSmsTest.testAddressing's SMS-DELIVER
//! (AOSP frameworks/opt/telephony, confirmed by python-gammu, smspdudecoder, python-gsmmodem
//! and tshark; `shared/vectors/gsm-vectors.json` id aosp-addressing-1) without its SMSC
//! prefix; the TS 23.040 section is quoted at each change.
#![allow(missing_docs)]

use gsm_pdu::{
    Concat, DecodeError, DecodeOptions, Direction, Quirk, Tpdu, UserData, UserDataHeader, decode,
    decode_with_smsc,
};

const MT: Direction = Direction::MobileTerminated;
const MO: Direction = Direction::MobileOriginated;

use test_support::hex;

/// SMS-DELIVER: first octet, TP-OA (11 digits, TOA 91), TP-PID, TP-DCS, TP-SCTS; TP-UDL and
/// TP-UD are appended by each test. TP-UDL sits at offset 18.
const DELIVER_HEAD: &str = "04 0B 91 6105551511F1 00 00 6060605130308A";
const UDL_AT: usize = 18;

fn deliver(first: u8, dcs: u8, udl_and_ud: &str) -> Vec<u8> {
    let mut b = hex(DELIVER_HEAD);
    b[0] = first;
    b[10] = dcs;
    b.extend_from_slice(&hex(udl_and_ud));
    b
}

fn strict() -> DecodeOptions {
    DecodeOptions::strict()
}

fn lenient() -> DecodeOptions {
    DecodeOptions::lenient()
}

#[test]
fn accepts_the_unmodified_vector() {
    let b = deliver(0x04, 0x00, "04 D4F29C0E");
    let d = decode(&b, MT, strict()).unwrap();
    let Tpdu::Deliver(m) = &d.tpdu else { panic!() };
    assert_eq!(m.text().unwrap().as_deref(), Some("Test"));
}

#[test]
fn rejects_septet_count_past_the_data() {
    // §9.2.3.16: TP-UDL 160 septets need 140 octets; 4 are there.
    let b = deliver(0x04, 0x00, "A0 D4F29C0E");
    let e = decode(&b, MT, strict()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::BadLength {
            field: "TP-UDL",
            offset: UDL_AT,
            length: 160,
            reason: "is more than the TPDU holds"
        }
    );
    let d = decode(&b, MT, lenient()).unwrap();
    assert_eq!(
        d.quirks,
        [Quirk::UdlOverrun {
            offset: UDL_AT,
            declared: 140,
            available: 4
        }]
    );
}

#[test]
fn rejects_udl_above_the_maximum() {
    // §9.2.3.16: at most 160 septets / 140 octets.
    let e = decode(&deliver(0x04, 0x00, "A1 D4F29C0E"), MT, strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "TP-UDL",
                offset: UDL_AT,
                length: 161,
                ..
            }
        ),
        "{e:?}"
    );
    let e = decode(&deliver(0x04, 0x04, "8D 00"), MT, strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "TP-UDL",
                offset: UDL_AT,
                length: 141,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn rejects_udhl_past_the_user_data() {
    // TP-UDHI set (§9.2.3.23), 8-bit data, TP-UDL 3, but UDHL says 16 octets follow.
    let e = decode(&deliver(0x44, 0x04, "03 10 0000"), MT, strict()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::BadLength {
            field: "TP-UDHL",
            offset: UDL_AT + 1,
            length: 16,
            reason: "is more than the user data holds"
        }
    );
    assert!(decode(&deliver(0x44, 0x04, "03 10 0000"), MT, lenient()).is_err());
}

#[test]
fn rejects_udhl_past_the_septet_count() {
    // 7-bit: TP-UDL 2 septets cannot hold a 6-octet header (§9.2.3.24: UDL counts the header
    // septets).
    let e = decode(&deliver(0x44, 0x00, "02 05 0003 A50201"), MT, strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "TP-UDHL",
                length: 5,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.offset(), UDL_AT + 1, "{e:?}");
}

#[test]
fn rejects_ie_overrunning_the_header() {
    // UDHL 5, then IE 00 announcing 5 octets: only 3 remain in the header.
    let e = decode(&deliver(0x44, 0x04, "06 05 0005 A50201"), MT, strict()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::BadLength {
            field: "UDH IE length",
            offset: UDL_AT + 3,
            length: 5,
            reason: "overruns TP-UDHL"
        }
    );
}

#[test]
fn rejects_ie_with_its_length_cut() {
    // UDHL 1: an IEI with no length octet.
    let e = UserDataHeader::parse(&hex("01 00")).unwrap_err();
    assert_eq!(
        e,
        DecodeError::Truncated {
            field: "UDH IE length",
            offset: 2,
            needed: 1
        }
    );
}

#[test]
fn rejects_known_ie_of_the_wrong_length() {
    // §9.2.3.24.1: the 8-bit concatenation IE has 3 octets; here 2.
    let b = deliver(0x44, 0x04, "05 04 0002 A502");
    let e = decode(&b, MT, strict()).unwrap_err();
    assert!(
        matches!(e, DecodeError::BadLength { field: "UDH IE length", offset, length: 2, .. } if offset == UDL_AT + 3),
        "{e:?}"
    );
    let d = decode(&b, MT, lenient()).unwrap();
    assert!(
        d.quirks
            .iter()
            .any(|q| matches!(q, Quirk::InformationElementLength { iei: 0, .. })),
        "{:?}",
        d.quirks
    );
}

#[test]
fn accepts_duplicate_concat_ies_using_the_last() {
    // §9.2.3.24: "the last occurrence of the IE shall be used".
    let b = hex("0A 00 03 07 02 01 00 03 09 03 02");
    let h = UserDataHeader::parse(&b).unwrap();
    assert_eq!(
        h.concat(),
        Some(Concat {
            reference: 9,
            sixteen_bit: false,
            total: 3,
            seq: 2
        })
    );
}

#[test]
fn accepts_ignorable_concat_values_as_raw() {
    // §9.2.3.24.1: total 0 or sequence 0 means "ignore the whole IE"; kept raw, not typed.
    let b = hex("05 00 03 07 00 01");
    let h = UserDataHeader::parse(&b).unwrap();
    assert_eq!(h.concat(), None);
    let b = hex("05 00 03 07 02 03");
    let h = UserDataHeader::parse(&b).unwrap();
    assert_eq!(h.concat(), None, "sequence above total");
}

#[test]
fn rejects_lone_surrogates_in_ucs2_text() {
    // UCS2 (TP-DCS 08): a high surrogate alone, then a low one alone.
    for (ud, index, unit) in [("04 D800 0041", 0, 0xD800), ("04 0041 DC00", 2, 0xDC00)] {
        let b = deliver(0x04, 0x08, ud);
        let d = decode(&b, MT, strict()).unwrap();
        let Tpdu::Deliver(m) = &d.tpdu else { panic!() };
        assert_eq!(
            m.text(),
            Err(DecodeError::Text {
                source: gsm7::DecodeError::UnpairedSurrogate { index, unit }
            })
        );
    }
}

#[test]
fn rejects_odd_length_ucs2_text() {
    let b = deliver(0x04, 0x08, "03 0041 00");
    let d = decode(&b, MT, strict()).unwrap();
    let Tpdu::Deliver(m) = &d.tpdu else { panic!() };
    assert_eq!(
        m.text(),
        Err(DecodeError::Text {
            source: gsm7::DecodeError::OddLength { len: 3 }
        })
    );
}

#[test]
fn rejects_reserved_message_type() {
    // §9.2.3.1: TP-MTI 11 is reserved in both directions.
    for dir in [MT, MO] {
        let e = decode(&hex("03 00"), dir, strict()).unwrap_err();
        assert!(
            matches!(
                e,
                DecodeError::InvalidValue {
                    field: "TP-MTI",
                    offset: 0,
                    value: 3,
                    ..
                }
            ),
            "{e:?}"
        );
    }
    // After an SMSC prefix the offset counts it.
    let e = decode_with_smsc(&hex("00 03"), MT, strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::InvalidValue {
                field: "TP-MTI",
                offset: 1,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn rejects_address_longer_than_allowed() {
    // §9.1.2.5: at most 20 semi-octets; 0xFF announced.
    let mut b = deliver(0x04, 0x00, "04 D4F29C0E");
    b[1] = 0xFF;
    let e = decode(&b, MT, strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "TP-OA",
                offset: 1,
                length: 255,
                ..
            }
        ),
        "{e:?}"
    );
    // SMSC address: at most 11 octets after its length.
    let e = decode_with_smsc(&hex("FF 91 00"), MT, strict()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::BadLength {
                field: "SMSC address",
                offset: 0,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn rejects_trailing_octets_and_lenient_reports_them() {
    // SIM records are padded with FF after the TPDU.
    let b = deliver(0x04, 0x00, "04 D4F29C0E FFFF");
    let e = decode(&b, MT, strict()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::TrailingOctets {
            offset: 23,
            count: 2
        }
    );
    let d = decode(&b, MT, lenient()).unwrap();
    assert_eq!(
        d.quirks,
        [Quirk::TrailingOctets {
            offset: 23,
            count: 2
        }]
    );
}

#[test]
fn rejects_every_truncation_of_every_type() {
    // One TPDU of each type (§9.2.2): every proper prefix is refused with an error inside the
    // input (a cut exactly before optional parameters can be a whole shorter TPDU).
    let cases: [(&str, Direction); 6] = [
        ("04 0B 91 6105551511F1 00 00 6060605130308A 04 D4F29C0E", MT), // AOSP DELIVER
        (
            "01000B915155661632F400001954747A0E4ACF41F27298CDCE83C6EF371B0481402010",
            MO,
        ), // ModemManager SUBMIT (SMSC 00 dropped)
        ("06040D91945152991136F00160124130340A0160124130940A00", MT),   // oFono STATUS-REPORT
        ("00 FF 07 00 00 02 0041", MO), // DELIVER-REPORT: FCS FF, PI 07, PID, DCS, UD
        ("01 07 6060605130308A 00 04 01 41", MT), // SUBMIT-REPORT: PI 07, SCTS, PID, DCS, UD
        ("02 07 00 01 02 04 81 2143 03 010203", MO), // COMMAND: MR 7, PID, CT 1, MN 2, DA, CD
    ];
    for (h, dir) in cases {
        let full = hex(h);
        let d = decode(&full, dir, strict()).unwrap_or_else(|e| panic!("{h}: {e:?}"));
        for n in 0..full.len() {
            match decode(&full[..n], dir, strict()) {
                Err(e) => assert!(e.offset() <= n, "{} cut at {n}: {e:?}", d.tpdu.type_name()),
                Ok(short) => assert!(
                    !matches!(
                        short.tpdu,
                        Tpdu::Deliver(_) | Tpdu::Submit(_) | Tpdu::Command(_)
                    ),
                    "{} cut at {n} decoded",
                    d.tpdu.type_name()
                ),
            }
        }
    }
}

#[test]
fn roundtrip_udh_only_septet_user_data() {
    // Regression (found by tests/proptest_roundtrip.rs): 7-bit user data holding only a
    // header. TP-UDL counts the header's septets, fill bits included (§9.2.3.16, §9.2.3.24:
    // UDHL 3 → 4 octets → 5 septets), so ⌈5 × 7 / 8⌉ = 5 octets of TP-UD must follow.
    let ud = UserData::gsm7(&hex("03 24 01 01"), &[]).unwrap();
    assert_eq!(ud.udl(), 5);
    assert_eq!(ud.raw().len(), 5);
    let b = deliver(0x04, 0x00, "04 D4F29C0E");
    let Tpdu::Deliver(mut m) = decode(&b, MT, strict()).unwrap().tpdu.into_owned() else {
        panic!()
    };
    m.ud = ud;
    let wire = Tpdu::Deliver(m.clone()).to_vec().unwrap();
    let d = decode(&wire, MT, strict()).unwrap();
    assert_eq!(d.tpdu, Tpdu::Deliver(m));
    let Tpdu::Deliver(back) = &d.tpdu else {
        panic!()
    };
    assert_eq!(back.text().unwrap().as_deref(), Some(""));
}
