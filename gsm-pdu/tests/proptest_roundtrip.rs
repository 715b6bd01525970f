//! The law decode ∘ encode = id for every TPDU type of TS 23.040 §9.2.2 (SMS-DELIVER,
//! SMS-DELIVER-REPORT, SMS-SUBMIT, SMS-SUBMIT-REPORT, SMS-STATUS-REPORT, SMS-COMMAND), over
//! generated values covering every field: addresses (BCD and alphanumeric, §9.1.2.5), time
//! stamps (§9.2.3.11), all four validity period formats (§9.2.3.3, .12), any TP-DCS with user
//! data shaped by it (septets or octets, §9.2.3.16), user data headers (§9.2.3.24), TP-FCS
//! (§9.2.3.22) and TP-PI (§9.2.3.27). And encode ∘ decode = id on the octets produced, with and
//! without the SMSC address prefix of AT PDU mode.
#![allow(missing_docs)]

use std::borrow::Cow;

use gsm_pdu::{
    Address, CommandType, DataCodingScheme, DateTime, DecodeOptions, Direction, FailureCause, Ie,
    NumberingPlan, OptionalParameters, ProtocolIdentifier, SmsCommand, SmsDeliver,
    SmsDeliverReport, SmsStatusReport, SmsSubmit, SmsSubmitReport, Status, Timestamp, Tpdu,
    TypeOfNumber, UserData, UserDataHeader, ValidityPeriod, decode, decode_with_smsc,
    encode_with_smsc,
};
use proptest::prelude::*;

fn address() -> impl Strategy<Value = Address<'static>> {
    prop_oneof![
        // TON other than 101 (alphanumeric), any NPI, 0-20 BCD digits.
        (0u8..8, 0u8..16, "[0-9*#abc]{0,20}").prop_filter_map("not alphanumeric", |(t, n, d)| {
            (t != 5).then(|| Address::from_digits(TypeOfNumber(t), NumberingPlan(n), &d).ok())?
        }),
        "[A-Za-z0-9 ]{0,11}".prop_map(|s| Address::alphanumeric(&s).unwrap()),
    ]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (
        0u8..100,
        1u8..13,
        1u8..32,
        0u8..24,
        0u8..60,
        0u8..60,
        -79i8..80,
    )
        .prop_map(|(year, month, day, hour, minute, second, tz_quarters)| {
            Timestamp::new(DateTime {
                year,
                month,
                day,
                hour,
                minute,
                second,
                tz_quarters,
            })
            .unwrap()
        })
}

/// A user data header of known IEs (concatenation, ports, national shifts) or none.
fn header() -> impl Strategy<Value = Vec<u8>> {
    let ie = prop_oneof![
        (any::<u16>(), 1u8..=255, any::<bool>()).prop_flat_map(
            |(reference, total, sixteen_bit)| {
                (1u8..=total).prop_map(move |seq| {
                    Ie::Concat(gsm_pdu::Concat {
                        reference: if sixteen_bit {
                            reference
                        } else {
                            reference & 0xFF
                        },
                        sixteen_bit,
                        total,
                        seq,
                    })
                })
            }
        ),
        (any::<u16>(), any::<u16>()).prop_map(|(destination, source)| Ie::Ports {
            destination,
            source,
            sixteen_bit: true,
        }),
        (1u8..14).prop_map(Ie::NationalSingleShift),
        (1u8..14).prop_map(Ie::NationalLockingShift),
    ];
    prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(ie, 1..4).prop_map(|ies| UserDataHeader::build(&ies).unwrap()),
    ]
}

/// TP-DCS (any value) and user data shaped as it says: septets or octets, with or without a
/// header, up to the 160-septet / 140-octet maximum.
fn dcs_and_ud() -> impl Strategy<Value = (DataCodingScheme, UserData<'static>)> {
    (any::<u8>(), header()).prop_flat_map(|(dcs, header)| {
        let dcs = DataCodingScheme(dcs);
        if dcs.udl_in_septets() {
            let room = 160
                - if header.is_empty() {
                    0
                } else {
                    (header.len() * 8).div_ceil(7)
                };
            proptest::collection::vec(0u8..0x80, 0..=room)
                .prop_map(move |s| (dcs, UserData::gsm7(&header, &s).unwrap()))
                .boxed()
        } else {
            proptest::collection::vec(any::<u8>(), 0..=140 - header.len())
                .prop_map(move |o| (dcs, UserData::octets(&header, &o).unwrap()))
                .boxed()
        }
    })
}

fn validity() -> impl Strategy<Value = Option<ValidityPeriod>> {
    prop_oneof![
        Just(None),
        any::<u8>().prop_map(|v| Some(ValidityPeriod::Relative(v))),
        timestamp().prop_map(|t| Some(ValidityPeriod::Absolute(t))),
        any::<[u8; 7]>().prop_map(|e| Some(ValidityPeriod::Enhanced(e))),
    ]
}

/// TP-PI with its reserved bits 3-6 (kept) and the fields it announces.
fn params() -> impl Strategy<Value = OptionalParameters<'static>> {
    (
        0u8..16,
        proptest::option::of(any::<u8>()),
        proptest::option::of(dcs_and_ud()),
        any::<bool>(),
    )
        .prop_map(|(reserved, pid, dcs_ud, dcs_alone)| {
            let (dcs, ud) = match dcs_ud {
                // TP-UD without TP-DCS is coded in the default alphabet (§9.2.3.27).
                Some((dcs, ud)) if dcs_alone || !ud.is_septets() => (Some(dcs), Some(ud)),
                Some((_, ud)) => (None, Some(ud)),
                None => (None, None),
            };
            let pi = reserved << 3
                | u8::from(pid.is_some())
                | u8::from(dcs.is_some()) << 1
                | u8::from(ud.is_some()) << 2;
            OptionalParameters {
                pi,
                pid: pid.map(ProtocolIdentifier),
                dcs,
                ud,
            }
        })
}

/// TP-FCS values are 0x80-0xFF (§9.2.3.22: 0x00-0x7F reserved).
fn fcs() -> impl Strategy<Value = Option<FailureCause>> {
    proptest::option::of((0x80u8..=0xFF).prop_map(FailureCause))
}

fn deliver() -> impl Strategy<Value = Tpdu<'static>> {
    (
        any::<[bool; 4]>(),
        address(),
        any::<u8>(),
        timestamp(),
        dcs_and_ud(),
    )
        .prop_map(|([mms, lp, sri, rp], oa, pid, scts, (dcs, ud))| {
            Tpdu::Deliver(SmsDeliver {
                mms,
                lp,
                sri,
                rp,
                oa,
                pid: ProtocolIdentifier(pid),
                dcs,
                scts,
                ud,
            })
        })
}

fn submit() -> impl Strategy<Value = Tpdu<'static>> {
    (
        any::<[bool; 3]>(),
        any::<u8>(),
        address(),
        any::<u8>(),
        validity(),
        dcs_and_ud(),
    )
        .prop_map(|([rd, srr, rp], mr, da, pid, vp, (dcs, ud))| {
            Tpdu::Submit(SmsSubmit {
                rd,
                srr,
                rp,
                mr,
                da,
                pid: ProtocolIdentifier(pid),
                dcs,
                vp,
                ud,
            })
        })
}

fn deliver_report() -> impl Strategy<Value = Tpdu<'static>> {
    (fcs(), params())
        .prop_map(|(fcs, params)| Tpdu::DeliverReport(SmsDeliverReport { fcs, params }))
}

fn submit_report() -> impl Strategy<Value = Tpdu<'static>> {
    (fcs(), timestamp(), params())
        .prop_map(|(fcs, scts, params)| Tpdu::SubmitReport(SmsSubmitReport { fcs, scts, params }))
}

fn status_report() -> impl Strategy<Value = Tpdu<'static>> {
    (
        any::<[bool; 3]>(),
        any::<u8>(),
        address(),
        timestamp(),
        timestamp(),
        any::<u8>(),
        proptest::option::of(params()),
    )
        .prop_map(|([mms, lp, srq], mr, ra, scts, dt, st, params)| {
            Tpdu::StatusReport(SmsStatusReport {
                mms,
                lp,
                srq,
                mr,
                ra,
                scts,
                dt,
                st: Status(st),
                params,
            })
        })
}

fn command() -> impl Strategy<Value = Tpdu<'static>> {
    (
        any::<[bool; 2]>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        address(),
        proptest::collection::vec(any::<u8>(), 0..=gsm_pdu::MAX_COMMAND_DATA),
    )
        .prop_map(|([srr, udhi], mr, pid, ct, mn, da, cd)| {
            Tpdu::Command(SmsCommand {
                srr,
                udhi,
                mr,
                pid: ProtocolIdentifier(pid),
                ct: CommandType(ct),
                mn,
                da,
                cd: Cow::Owned(cd),
            })
        })
}

fn any_tpdu() -> impl Strategy<Value = Tpdu<'static>> {
    prop_oneof![
        deliver(),
        submit(),
        deliver_report(),
        submit_report(),
        status_report(),
        command()
    ]
}

fn smsc() -> impl Strategy<Value = Option<Address<'static>>> {
    // The SMSC address holds at most 10 value octets after its TOA (TS 24.011 §8.2.5.1).
    proptest::option::of(
        (0u8..8, "[0-9]{1,20}").prop_filter_map("numeric", |(t, d)| {
            (t != 5).then(|| Address::from_digits(TypeOfNumber(t), NumberingPlan::ISDN, &d).ok())?
        }),
    )
}

/// encode, decode strictly, compare; and the octets re-encode identically.
fn check(tpdu: &Tpdu<'static>) -> Result<(), TestCaseError> {
    let wire = tpdu
        .to_vec()
        .map_err(|e| TestCaseError::fail(format!("encode: {e:?}")))?;
    let d = decode(&wire, tpdu.direction(), DecodeOptions::strict())
        .map_err(|e| TestCaseError::fail(format!("decode {wire:02X?}: {e:?}")))?;
    prop_assert_eq!(&d.tpdu, tpdu);
    prop_assert!(d.quirks.is_empty());
    prop_assert_eq!(d.tpdu.to_vec().unwrap(), wire);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn roundtrip_sms_deliver(t in deliver()) { check(&t)?; }

    #[test]
    fn roundtrip_sms_submit(t in submit()) { check(&t)?; }

    #[test]
    fn roundtrip_sms_deliver_report(t in deliver_report()) { check(&t)?; }

    #[test]
    fn roundtrip_sms_submit_report(t in submit_report()) { check(&t)?; }

    #[test]
    fn roundtrip_sms_status_report(t in status_report()) { check(&t)?; }

    #[test]
    fn roundtrip_sms_command(t in command()) { check(&t)?; }

    #[test]
    fn roundtrip_with_smsc_prefix(t in any_tpdu(), sc in smsc()) {
        let mut wire = Vec::new();
        let n = encode_with_smsc(sc.as_ref(), &t, &mut wire).unwrap();
        prop_assert_eq!(n, t.to_vec().unwrap().len(), "the TPDU length AT+CMGS wants");
        let d = decode_with_smsc(&wire, t.direction(), DecodeOptions::strict()).unwrap();
        prop_assert_eq!(d.smsc, sc);
        prop_assert_eq!(d.tpdu, t);
    }

    #[test]
    fn roundtrip_lenient_equals_strict(t in any_tpdu()) {
        // Leniency forgives deviations only: on well-formed octets it decodes the same.
        let wire = t.to_vec().unwrap();
        let d = decode(&wire, t.direction(), DecodeOptions::lenient()).unwrap();
        prop_assert!(d.quirks.is_empty());
        prop_assert_eq!(d.tpdu, t);
    }

    #[test]
    fn rejects_other_direction_or_decodes_cleanly(t in any_tpdu()) {
        // The same octets read in the other direction are another TPDU type: they decode or
        // fail with an error inside the input, never panic.
        let wire = t.to_vec().unwrap();
        let other = match t.direction() {
            Direction::MobileOriginated => Direction::MobileTerminated,
            Direction::MobileTerminated => Direction::MobileOriginated,
        };
        if let Err(e) = decode(&wire, other, DecodeOptions::strict()) {
            prop_assert!(e.offset() <= wire.len());
        }
    }
}

/// A UDH (§9.2.3.24) from wire-level IEs: any IEI with 0-9 octets of data, kept when the
/// strict parser takes it (a known IEI must have its length).
fn wire_header() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        (any::<u8>(), proptest::collection::vec(any::<u8>(), 0..10)),
        0..6,
    )
    .prop_map(|ies| {
        let mut h = vec![0u8];
        for (iei, data) in ies {
            h.push(iei);
            h.push(data.len() as u8);
            h.extend_from_slice(&data);
        }
        h[0] = (h.len() - 1) as u8;
        h
    })
    .prop_filter("strictly valid", |h| UserDataHeader::parse(h).is_ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn roundtrip_udh(h in wire_header()) {
        // parse → typed → build gives the same octets; every IE is seen in wire order.
        let parsed = UserDataHeader::parse(&h).unwrap();
        prop_assert_eq!(parsed.len(), h.len());
        let typed: Vec<Ie<'_>> = parsed.iter().map(|ie| ie.typed()).collect();
        prop_assert_eq!(UserDataHeader::build(&typed).unwrap(), h);
    }
}
