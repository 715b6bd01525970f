//! The PDUs the session writes itself (binds, bind responses with
//! sc_interface_version, outbind, message responses with congestion_state, unbind)
//! checked by an independent decoder: Wireshark's SMPP dissector via
//! shared/oracles/smpp-dissect.sh. Fails in CI when tshark is absent; skips with a message
//! only outside CI.
#![allow(missing_docs)]

use std::time::Instant;

use smpp::session::{BindKind, Config, Event, InterfaceVersion, MessageIds, Session};
use smpp::{CommandId, CommandStatus};

#[path = "common/oracle.rs"]
mod oracle;
use oracle::dissect;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn accepts_session_pdus_in_wireshark() {
    let now = Instant::now();
    let mut esme: Session<()> = Session::esme(Config::default(), now);
    let mut sc = Config::default();
    sc.interface_version = InterfaceVersion::V50;
    sc.system_id = "SMSC".into();
    sc.auto_respond = true;
    let mut smsc: Session<()> = Session::smsc(
        sc,
        now,
        |_k: BindKind, _b: &smpp::Bind<'_>| CommandStatus::ESME_ROK,
        MessageIds::starting_at(42),
    );
    let mut outbinder: Session<()> = Session::smsc(
        Config::default(),
        now,
        |_k: BindKind, _b: &smpp::Bind<'_>| CommandStatus::ESME_ROK,
        MessageIds::default(),
    );
    outbinder.outbind(now, "opw").unwrap();
    let mut outbind = Vec::new();
    outbinder.poll_transmit(&mut outbind);

    let creds = smpp::Bind {
        system_id: "esme1".try_into().unwrap(),
        password: "secret".try_into().unwrap(),
        system_type: "VMS".try_into().unwrap(),
        interface_version: InterfaceVersion::V50,
        addr_ton: smpp::Ton::INTERNATIONAL,
        addr_npi: smpp::Npi::ISDN,
        address_range: "4477".try_into().unwrap(),
    };
    esme.bind(now, BindKind::Transceiver, &creds).unwrap();
    let mut bind = Vec::new();
    esme.poll_transmit(&mut bind);
    smsc.handle_input(now, &bind);
    let mut bind_resp = Vec::new();
    smsc.poll_transmit(&mut bind_resp);
    esme.handle_input(now, &bind_resp);
    assert!(matches!(esme.poll_event(), Some(Event::Bound { .. })));
    smsc.set_congestion(80);
    // submit_sm (3.4 §4.4.1): source 1/1 "1", dest 1/1 "2", short_message "x".
    let body = [
        0u8, 1, 1, b'1', 0, 1, 1, b'2', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, b'x',
    ];
    let mut submit = ((16 + body.len()) as u32).to_be_bytes().to_vec();
    submit.extend_from_slice(&CommandId::SUBMIT_SM.0.to_be_bytes());
    submit.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 9]);
    submit.extend_from_slice(&body);
    smsc.handle_input(now, &submit);
    let mut submit_resp = Vec::new();
    smsc.poll_transmit(&mut submit_resp);
    esme.unbind(now).unwrap();
    let mut unbind = Vec::new();
    esme.poll_transmit(&mut unbind);

    let Some(rows) = dissect(
        "smpp.command_id,smpp.sequence_number,smpp.system_id,smpp.password,smpp.system_type,smpp.interface_version,smpp.addr_ton,smpp.address_range,smpp.SC_interface_version,smpp.message_id,smpp.congestion_state",
        &[
            format!("s:{}", hex(&outbind)),
            format!("c:{}", hex(&bind)),
            format!("s:{}", hex(&bind_resp)),
            format!("s:{}", hex(&submit_resp)),
            format!("c:{}", hex(&unbind)),
        ],
    ) else {
        return;
    };
    let r = |i: usize, j: usize| rows[i].get(j).map(String::as_str).unwrap_or("");
    // outbind (3.4 §4.1.7): system_id, password.
    assert_eq!((r(0, 0), r(0, 2), r(0, 3)), ("0x0000000b", "smsc", "opw"));
    // bind_transceiver (3.4 §4.1.5) with interface_version 0x50 = 80.
    assert_eq!(
        (r(1, 0), r(1, 2), r(1, 3), r(1, 4), r(1, 5), r(1, 7)),
        ("0x00000009", "esme1", "secret", "VMS", "80", "4477")
    );
    // bind_transceiver_resp with sc_interface_version TLV 0x0210 = 0x50.
    // …and congestion_state 0 (v5.0 §4.8.4 congestion_state: in every response layout with
    // TLVs once both sides speak 5.0; issue #14).
    assert_eq!(
        (r(2, 0), r(2, 2), r(2, 8), r(2, 10)),
        ("0x80000009", "SMSC", "80", "0")
    );
    // submit_sm_resp echoing sequence 9, message_id "42", congestion_state 80 (5.0 §4.8.4.17).
    assert_eq!(
        (r(3, 0), r(3, 1), r(3, 9), r(3, 10)),
        ("0x80000004", "9", "42", "80")
    );
    assert_eq!(r(4, 0), "0x00000006");
}
