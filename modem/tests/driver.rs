//! The driver against a scripted modem on a simulated clock.
//!
//! Sources of the device replies and PDUs:
//! - python-gsmmodem (github faucamp/python-gsmmodem, LGPL-3.0-or-later; the replies are used
//!   as test data, no code is taken): `test/fakemodems.py` (HuaweiK3715, HuaweiE1752,
//!   WavecomMultiband900E1800, QualcommM6280, ZteK3565Z, NokiaN79 reply tables) and
//!   `test/test_modem.py` (`TestStoredSms.initFakeModemResponses` +CMGL/+CMGR PDUs,
//!   `TestSmsStatusReports` +CDSI and +CMGR status reports, `test_sendSms_waitForDeliveryReport`
//!   `> `, `+CMGS: 183`).
//! - `/work/shared/vectors/gsm-vectors.json` ids named at each use (node-pdu, ModemManager,
//!   Gammu `tests/at-sms` captures).
#![allow(missing_docs)]

mod common;

use std::time::Duration;

use common::{Fake, Pair, SECOND, hex, to_hex};
use gsm_pdu::SubmitOptions;
use modem::{CmsError, Config, Event, ModemError, Profile};

/// python-gsmmodem fakemodems.py, HuaweiK3715: the replies our start-up asks for.
fn huawei_k3715() -> Fake {
    Fake::with_responses(&[
        ("AT+CGMI", "huawei\r\nOK\r\n"),
        ("AT+CGMM", "K3715\r\nOK\r\n"),
        ("AT+CGMR", "11.104.05.00.00\r\nOK\r\n"),
        ("AT+CIMI", "111111111111111\r\nOK\r\n"),
        ("AT+CGSN", "111111111111111\r\nOK\r\n"),
        (
            "AT+CPMS=?",
            "+CPMS: (\"ME\",\"MT\",\"SM\",\"SR\"),(\"ME\",\"MT\",\"SM\",\"SR\"),(\"ME\",\"MT\",\"SM\",\"SR\")\r\nOK\r\n",
        ),
        ("AT+CPIN?", "+CPIN: READY\r\nOK\r\n"),
    ])
}

/// python-gsmmodem fakemodems.py, WavecomMultiband900E1800: `+CPIN: READY` with no `OK`, two
/// `+CPMS` memories only (three: `ERROR`), `AT+CNMI=2,1,0,2` accepted, leading spaces.
fn wavecom() -> Fake {
    let mut f = Fake::with_responses(&[
        ("AT+CGMI", " WAVECOM MODEM\r\nOK\r\n"),
        ("AT+CGMM", " MULTIBAND  900E  1800\r\nOK\r\n"),
        ("AT+CGMR", "ERROR\r\n"),
        ("AT+CIMI", "111111111111111\r\nOK\r\n"),
        ("AT+CGSN", "111111111111111\r\nOK\r\n"),
        ("AT+CPMS=\"SM\",\"SM\",\"SR\"", "ERROR\r\n"),
        (
            "AT+CPMS=?",
            "+CPMS: ((\"SM\",\"BM\",\"SR\"),(\"SM\"))\r\nOK\r\n",
        ),
        ("AT+CPMS=\"SM\",\"SM\"", "+CPMS: 14,50,14,50\r\nOK\r\n"),
        ("AT+CNMI=2,1,0,2", "OK\r\n"),
        ("AT+CPIN?", "+CPIN: READY\r\n"),
    ]);
    // The device refuses three memories (the recorded AT+CPMS="SM","SM","SR"); our
    // three-memory form gets the same answer.
    f.responses
        .insert("AT+CPMS=\"SM\",\"SM\",\"SM\"".into(), "ERROR\r\n".into());
    f
}

/// python-gsmmodem fakemodems.py, NokiaN79: "SMS reading and notifications not supported":
/// `AT+CNMI` and `AT+CPMS` refused, `AT+CPMS=?` empty.
fn nokia_n79() -> Fake {
    let mut f = Fake::with_responses(&[
        ("AT+CGMI", "Nokia\r\nOK\r\n"),
        ("AT+CGMM", "Nokia N79\r\nOK\r\n"),
        (
            "AT+CGMR",
            "V ICPR72_08w44.1\r\n24-11-08\r\nRM-348\r\n(c) Nokia\r\n11.049\r\nOK\r\n",
        ),
        ("AT+CNMI=?", "ERROR\r\n"),
        ("AT+CPMS=?", "+CPMS: (),(),()\r\nOK\r\n"),
        ("AT+CPMS?", "+CPMS: ,,,,,,,,\r\nOK\r\n"),
        ("AT+CPMS=\"SM\",\"SM\"", "ERROR\r\n"),
        ("AT+CPIN?", "+CPIN: READY\r\nOK\r\n"),
    ]);
    for p in Profile::nokia().cnmi_ladder {
        f.responses
            .insert(format!("AT+CNMI={p}"), "ERROR\r\n".into());
    }
    for c in ["AT+CPMS=\"SM\",\"SM\",\"SM\"", "AT+CPMS=\"SM\""] {
        f.responses.insert(c.into(), "ERROR\r\n".into());
    }
    f
}

fn config(profile: Profile) -> Config {
    let mut c = Config::default();
    c.profile = profile;
    c
}

fn started(profile: Profile, fake: Fake) -> Pair {
    let mut p = Pair::new(config(profile), fake);
    p.run(30 * SECOND);
    assert!(p.ready().is_some(), "not ready: {:?}", p.fake.log);
    p
}

#[test]
fn accepts_huawei_k3715_start_up() {
    let p = started(Profile::huawei(), huawei_k3715());
    let caps = p.ready().unwrap();
    assert_eq!(caps.storage, vec!["SM", "SM", "SM"]);
    assert_eq!(caps.readable_memories, vec!["ME", "MT", "SM", "SR"]);
    assert_eq!(caps.cnmi.as_deref(), Some("2,1,0,2,0"));
    assert!(caps.csms_phase2_plus);
    let log = p.fake.commands();
    assert_eq!(
        &log[..6],
        [
            "AT",
            "ATE0V1",
            "AT^CURC=0",
            "AT+CMEE=1",
            "AT+CPIN?",
            "AT+CMGF=0"
        ]
    );
    // The start-up sweep lists the receive storage, the device's own memory and the
    // status-report memory.
    assert!(log.contains(&"AT+CPMS=\"ME\""));
    assert!(log.contains(&"AT+CPMS=\"SR\""));
    assert_eq!(log.iter().filter(|c| **c == "AT+CMGL=4").count(), 3);
}

#[test]
fn accepts_wavecom_cpin_without_ok_and_two_memories() {
    let p = started(Profile::wavecom(), wavecom());
    let caps = p.ready().unwrap();
    assert_eq!(caps.storage, vec!["SM", "SM"]);
    assert_eq!(caps.storage_usage, Some((14, 50)));
    assert_eq!(caps.cnmi.as_deref(), Some("2,1,0,2"));
    assert_eq!(caps.readable_memories, vec!["SM", "BM", "SR"]);
}

#[test]
fn accepts_nokia_without_cnmi_or_storage() {
    let mut p = started(Profile::nokia(), nokia_n79());
    let caps = p.ready().unwrap().clone();
    assert!(caps.storage.is_empty());
    assert_eq!(caps.cnmi, None);
    // Sending still works.
    let id = p.send_test_message();
    let sent = p.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(*sent[0].0, id);
    assert_eq!(sent[0].1[0].mr, Some(0));
    // Info: the N79's multi-line AT+CGMR reply gives its first line.
    p.modem.request_info(p.now);
    p.run(5 * SECOND);
    let info = p
        .events
        .iter()
        .find_map(|e| match e {
            Event::Info(i) => Some(i.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(info.manufacturer.as_deref(), Some("Nokia"));
    assert_eq!(info.model.as_deref(), Some("Nokia N79"));
    assert_eq!(info.revision.as_deref(), Some("V ICPR72_08w44.1"));
    assert_eq!(info.storage, None);
}

#[test]
fn accepts_pin_locked_device() {
    // python-gsmmodem fakemodems.py QualcommM6280/ZteK3565Z: "This modem requires the CPIN
    // command to be issued first" (commandsNoPinRequired = []).
    let mut fake = Fake::new();
    fake.lock("1234");
    let mut c = config(Profile::zte());
    c.pin = Some("1234".into());
    let mut p = Pair::new(c, fake);
    p.run(30 * SECOND);
    assert!(p.ready().is_some(), "{:?}", p.fake.log);
    assert!(p.fake.commands().contains(&"AT+CPIN=\"1234\""));

    let mut fake = Fake::new();
    fake.lock("1234");
    let mut p = Pair::new(config(Profile::generic()), fake);
    p.run(30 * SECOND);
    assert!(matches!(p.events.last(), Some(Event::Unusable(_))));
    assert!(
        p.modem
            .send(p.now, "+1555", "x", &SubmitOptions::default())
            .is_err()
    );
}

/// python-gsmmodem test_modem.py `initFakeModemResponses(textMode=False)`: three stored
/// messages, one unread.
const PGM_STORED: [(u32, u8, &str); 3] = [
    (
        0,
        0,
        "07917248014000F3240B917247587706F400003110824115248012C8329BFD06C9C373B8B82C97E741F034",
    ),
    (
        1,
        1,
        "07917248010080F020109172480010359099990000312070101344809FCEF21D14769341E8B2BC0CA2BF41737A381F0211DFEE131DA4AECFE92079798C0ECBCF65D0B40A0D0E9141E9B1080ABBC9A073990ECABFEB7290BC3C4687E5E73219144ECBE9E976796594168BA06199CD1E82E86FD0B0CC660F41EDB47B0E3281A6CDE97C659497CB2072981E06D1DFA0FABC0C0ABBF3F474BBEC02514D4350180E67E75DA06199CD060D01",
    ),
    (
        2,
        1,
        "07917248010080F0240B917248001064F30000312070604220809F537AD84D0ECBC92061D8BDD681B2EFBA1C141E8FDF75377D0E0ACBCB20F71BC47EBBCF6539C8981C0641E3771BCE4E87DD741708CA2E87E76590589E769F414922C80482CBDF6F33E86D06C9CBF334B9EC1E9741F43728ECCE83C4F2B07B8C06D1DF2079393CA6A7ED617A19947FD7E5A0F078FCAEBBE97317285A2FCBD3E5F90F04C3D96030D88C2693B900",
    ),
];

fn stored_fake() -> Fake {
    let mut f = huawei_k3715();
    for (i, stat, pdu) in PGM_STORED {
        f.store(i, stat, pdu);
    }
    f
}

#[test]
fn accepts_start_up_sweep_and_deletes_only_after_ack() {
    let mut fake = stored_fake();
    // python-gsmmodem inserts a garbage line after the first +CMGL header and still expects
    // three messages.
    let listing = {
        let mut s = String::new();
        for (n, (i, stat, pdu)) in PGM_STORED.iter().enumerate() {
            let len = pdu.len() / 2 - 8;
            s += &format!("+CMGL: {i},{stat},,{len}\r\n");
            if n == 0 {
                s += "AFSDLF SDKFJSKDLFJLKSDJF SJDLKFSKLDJFKSDFS\r\n";
            }
            s += &format!("{pdu}\r\n");
        }
        s + "OK\r\n"
    };
    fake.responses.insert("SM:AT+CMGL=4".into(), listing);
    let mut p = Pair::new(config(Profile::huawei()), fake);
    p.auto_ack = false;
    p.run(10 * SECOND);
    let got: Vec<(String, String, String)> = p
        .received()
        .iter()
        .map(|r| {
            (
                r.from.clone(),
                r.scts.clone().unwrap(),
                r.text.clone().unwrap(),
            )
        })
        .collect();
    // test_modem.py expectedMessages (number, time, text).
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, "+27748577604");
    assert_eq!(got[0].1, "2013-01-28T14:51:42+02:00");
    assert_eq!(got[0].2, "Hello raspberry pi");
    assert_eq!(got[1].0, "+2784000153099999");
    assert!(
        got[1]
            .2
            .starts_with("New and here to stay! Don't just recharge SUPACHARGE")
    );
    assert_eq!(got[2].0, "+27840001463");
    assert!(got[2].2.ends_with("Queries? 0860003422."));
    assert!(!p.fake.commands().iter().any(|c| c.starts_with("AT+CMGD")));

    // A second sweep before the host saved them delivers nothing again.
    p.run(61 * SECOND);
    assert_eq!(p.received().len(), 3);
    assert!(!p.fake.commands().iter().any(|c| c.starts_with("AT+CMGD")));

    let ids: Vec<_> = p.received().iter().map(|r| r.id).collect();
    for id in ids {
        p.modem.ack(p.now, id).unwrap();
    }
    p.run(5 * SECOND);
    let deletes: Vec<&str> = p
        .fake
        .commands()
        .into_iter()
        .filter(|c| c.starts_with("AT+CMGD"))
        .collect();
    assert_eq!(deletes, ["AT+CMGD=0", "AT+CMGD=1", "AT+CMGD=2"]);
    assert_eq!(p.modem.pending_acks(), 0);
    assert!(p.modem.ack(p.now, p.received()[0].id).is_err());
}

#[test]
fn accepts_cmti_then_reads_and_deletes() {
    let mut p = started(Profile::huawei(), huawei_k3715());
    let (_, _, pdu) = PGM_STORED[0];
    p.fake.store(5, 0, pdu);
    p.inject("\r\n+CMTI: \"SM\",5\r\n", 5 * SECOND);
    let r = p.received();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].text.as_deref(), Some("Hello raspberry pi"));
    assert!(p.fake.commands().contains(&"AT+CMGR=5"));
    assert!(p.fake.commands().contains(&"AT+CMGD=5"));
    assert!(p.fake.storage.is_empty());
    // The next sweep finds nothing new.
    p.run(61 * SECOND);
    assert_eq!(p.received().len(), 1);
}

/// python-gsmmodem test_modem.py TestSmsStatusReports: `+CDSI: "SM",3` then this +CMGR.
const PGM_SR: &str = "07917248014000F506B70AA18092020000317071518590803170715185418000";

#[test]
fn accepts_cdsi_report_matched_to_sent_part() {
    let mut f = huawei_k3715();
    f.next_mr = 183; // test_sendSms_waitForDeliveryReport: "+CMGS: 183"
    let mut p = started(Profile::huawei(), f);
    let opts = SubmitOptions {
        srr: true,
        ..SubmitOptions::default()
    };
    let id = p
        .modem
        .send(p.now, "0829200000", "Test message", &opts)
        .unwrap();
    p.run(5 * SECOND);
    assert_eq!(p.sent()[0].1[0].mr, Some(183));
    p.fake.store(3, 0, PGM_SR);
    p.inject("\r\n+CDSI: \"SM\",3\r\n", 5 * SECOND);
    let r = p.reports();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].mr, 183);
    assert_eq!(r[0].recipient, "0829200000");
    assert_eq!(r[0].sent, Some((id, 0)));
    assert_eq!(r[0].report.state, dlr::State::Delivered);
    assert!(p.fake.commands().contains(&"AT+CMGD=3"));
}

#[test]
fn accepts_zte_broken_status_report() {
    // test_modem.py test_receiveSmsPduMode_problemCases: "+CMGR: ,,27" from a ZTE modem, no
    // <stat>, a 'b' digit in the recipient.
    let mut p = started(Profile::zte(), Fake::new());
    p.fake.responses.insert(
        "AT+CMGR=1".into(),
        "+CMGR: ,,27\r\n0297F1061C0F910B487228297020F5317062419272803170624192138000\r\nOK\r\n"
            .into(),
    );
    p.inject("+CDSI: \"SM\",1\r\n", 5 * SECOND);
    let r = p.reports();
    assert_eq!(r.len(), 1, "{:?}", p.events);
    assert_eq!(r[0].mr, 28);
    assert_eq!(r[0].report.state, dlr::State::Delivered);
    assert_eq!(r[0].sent, None);
}

#[test]
fn accepts_single_send_with_tpdu_length() {
    let mut p = started(Profile::generic(), huawei_k3715());
    p.send_test_message();
    let log = p.fake.commands();
    let i = log.iter().position(|c| c.starts_with("AT+CMGS=")).unwrap();
    let len: usize = log[i]["AT+CMGS=".len()..].parse().unwrap();
    let pdu = log[i + 1].strip_prefix("PDU ").unwrap();
    // TS 27.005 §3.5.1: <length> is the TPDU's length; "00" (no SMSC) is not counted.
    assert!(pdu.starts_with("00"));
    assert_eq!(len, pdu.len() / 2 - 1);
    let bytes = hex(&pdu[2..]);
    let tpdu = gsm_pdu::decode(
        &bytes,
        gsm_pdu::Direction::MobileOriginated,
        gsm_pdu::DecodeOptions::strict(),
    )
    .unwrap();
    assert_eq!(tpdu.tpdu.text().unwrap().as_deref(), Some("Test message"));
}

#[test]
fn accepts_multipart_send_with_cmms() {
    let mut p = started(Profile::generic(), huawei_k3715());
    let text = "Long text. ".repeat(30);
    p.modem
        .send(p.now, "+15125551234", &text, &SubmitOptions::default())
        .unwrap();
    p.run(10 * SECOND);
    let log = p.fake.commands();
    let cmms = log.iter().position(|c| *c == "AT+CMMS=1").unwrap();
    let first = log.iter().position(|c| c.starts_with("AT+CMGS")).unwrap();
    assert!(cmms < first);
    let sent = p.sent();
    assert_eq!(sent.len(), 1);
    let mrs: Vec<_> = sent[0].1.iter().map(|o| o.mr).collect();
    assert_eq!(mrs, [Some(0), Some(1), Some(2)]);
    // The parts reassemble to the text (gsm7's reassembler, as a receiver would).
    let mut r = gsm7::Reassembler::new(gsm7::ReassemblyConfig::default());
    let mut done = None;
    for t in &p.fake.submits {
        let d = gsm_pdu::decode(
            t,
            gsm_pdu::Direction::MobileOriginated,
            gsm_pdu::DecodeOptions::strict(),
        )
        .unwrap();
        let (ud, _) = d.tpdu.user_data().unwrap();
        let h = ud.header().unwrap();
        let c = h.concat().unwrap();
        if let gsm7::Pushed::Complete(parts) =
            r.push(Duration::ZERO, (), c, d.tpdu.text().unwrap().unwrap())
        {
            done = Some(parts.concat());
        }
    }
    assert_eq!(done.as_deref(), Some(text.as_str()));
}

#[test]
fn accepts_late_prompt_with_esc_and_retry() {
    let mut p = started(Profile::generic(), Fake::new());
    p.fake.drop_prompts = 1;
    p.modem
        .send(p.now, "+15125551234", "hi", &SubmitOptions::default())
        .unwrap();
    p.run(60 * SECOND);
    let log = p.fake.commands();
    let esc = log
        .iter()
        .position(|c| *c == "ESC")
        .expect("ESC after the prompt timeout");
    assert!(log[esc + 1..].iter().any(|c| c.starts_with("AT+CMGS")));
    assert_eq!(p.fake.submits.len(), 1);
    assert_eq!(p.sent()[0].1[0].mr, Some(0));
}

#[test]
fn accepts_lost_ok_after_cmgs() {
    let mut p = started(Profile::generic(), Fake::new());
    p.fake.lose_ok = 1;
    p.modem
        .send(p.now, "+15125551234", "hi", &SubmitOptions::default())
        .unwrap();
    p.run(120 * SECOND);
    assert_eq!(p.fake.submits.len(), 1, "sent once");
    assert_eq!(p.sent().len(), 1);
    assert_eq!(p.sent()[0].1[0].mr, Some(0));
}

#[test]
fn rejects_permanent_cms_error_and_retries_transient() {
    let mut p = started(Profile::generic(), Fake::new());
    p.fake
        .cmgs_errors
        .push_back("\r\n+CMS ERROR: 500\r\n".into());
    p.fake
        .cmgs_errors
        .push_back("\r\n+CMS ERROR: unknown error\r\n".into());
    p.modem
        .send(p.now, "+15125551234", "a", &SubmitOptions::default())
        .unwrap();
    p.run(30 * SECOND);
    assert_eq!(p.sent()[0].1[0].mr, Some(0));
    p.fake
        .cmgs_errors
        .push_back("\r\n+CMS ERROR: Unassigned (unallocated) number\r\n".into());
    p.modem
        .send(p.now, "+15125551234", "b", &SubmitOptions::default())
        .unwrap();
    p.run(30 * SECOND);
    let outcome = &p.sent()[1].1[0];
    assert_eq!(outcome.mr, None);
    assert_eq!(
        outcome.error,
        Some(ModemError::Cms(CmsError::UNASSIGNED_NUMBER))
    );
}

#[test]
fn accepts_urc_inside_cmgs_reply() {
    let mut p = started(Profile::generic(), Fake::new());
    // The +CMTI arrives between "+CMGS: 0" and OK.
    p.fake
        .cmgs_errors
        .push_back("\r\n+CMGS: 77\r\n\r\n+CMTI: \"SM\",4\r\n\r\nOK\r\n".into());
    p.fake.store(4, 0, PGM_STORED[0].2);
    p.modem
        .send(p.now, "+15125551234", "a", &SubmitOptions::default())
        .unwrap();
    p.run(10 * SECOND);
    assert_eq!(p.sent()[0].1[0].mr, Some(77));
    assert_eq!(p.received().len(), 1);
    assert!(p.fake.commands().contains(&"AT+CMGD=4"));
}

#[test]
fn accepts_echo_on() {
    let mut f = Fake::new();
    f.echo = true;
    let mut p = Pair::new(config(Profile::generic()), f);
    p.run(10 * SECOND);
    assert!(p.ready().is_some());
    p.modem
        .send(p.now, "+15125551234", "echo", &SubmitOptions::default())
        .unwrap();
    p.run(10 * SECOND);
    assert_eq!(p.sent()[0].1[0].mr, Some(0));
}

#[test]
fn accepts_numeric_results() {
    // V.250 §5.7: with ATV0 "0<CR>" is OK and "4<CR>" ERROR.
    let mut f = Fake::new();
    f.responses.insert("AT".into(), "0\r".into());
    f.responses.insert("ATE0V1".into(), "0\r".into());
    let p = started(Profile::generic(), f);
    assert!(p.ready().unwrap().numeric_results);
}

#[test]
fn accepts_cmt_direct_and_cnma_after_ack() {
    let mut c = config(Profile::generic());
    c.prefer_direct = true;
    let mut p = Pair::new(c, Fake::new());
    p.auto_ack = false;
    p.run(10 * SECOND);
    assert_eq!(p.ready().unwrap().cnmi.as_deref(), Some("2,2,0,1,0"));
    // gsm-vectors.json aosp-addressing-1 (AOSP GsmSmsTest.testAddressing).
    p.inject(
        "\r\n+CMT: ,23\r\n07914151551512F2040B916105551511F100006060605130308A04D4F29C0E\r\n",
        SECOND,
    );
    let r = p.received()[0].clone();
    assert_eq!(r.from, "+16505551111");
    assert_eq!(r.text.as_deref(), Some("Test"));
    assert!(!p.fake.commands().contains(&"AT+CNMA"));
    p.modem.ack(p.now, r.id).unwrap();
    p.run(SECOND);
    assert!(p.fake.commands().contains(&"AT+CNMA"));
    // The network redelivering it is not a second message.
    p.inject(
        "\r\n+CMT: ,23\r\n07914151551512F2040B916105551511F100006060605130308A04D4F29C0E\r\n",
        SECOND,
    );
    assert_eq!(p.received().len(), 1);
    assert_eq!(
        p.fake
            .commands()
            .iter()
            .filter(|c| **c == "AT+CNMA")
            .count(),
        2
    );
}

#[test]
fn accepts_long_message_across_storage_and_direct() {
    // gsm-vectors.json npdu-concat-1 and npdu-concat-2 (node-pdu tests/tests/parser/data.ts):
    // 16-bit reference 0x1234, "Hello," + " world!".
    let p1 = "07919730071111F1400B919746121611F10000811170021222230E06080412340201C8329BFD6601";
    let p2 = "07919730071111F1400B919746121611F10000811170021232230F06080412340202A0FB5BCE268700";
    let mut p = started(Profile::generic(), Fake::new());
    p.auto_ack = false;
    p.fake.store(9, 0, p2);
    p.inject("+CMTI: \"SM\",9\r\n", SECOND);
    assert!(p.received().is_empty());
    p.inject(
        &format!("\r\n+CMT: ,{}\r\n{p1}\r\n", p1.len() / 2 - 8),
        SECOND,
    );
    let r = p.received();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].text.as_deref(), Some("Hello, world!"));
    assert_eq!(r[0].parts, 2);
    let id = r[0].id;
    p.modem.ack(p.now, id).unwrap();
    p.run(SECOND);
    assert!(p.fake.commands().contains(&"AT+CMGD=9"));
    assert!(p.fake.storage.is_empty());
}

#[test]
fn accepts_reboot_mid_session() {
    let mut p = started(Profile::quectel(), Fake::new());
    p.fake.drop_prompts = 1; // the modem reboots instead of prompting
    p.modem
        .send(
            p.now,
            "+15125551234",
            "after reboot",
            &SubmitOptions::default(),
        )
        .unwrap();
    p.run(Duration::from_millis(50));
    p.inject("\r\nRDY\r\n", 30 * SECOND);
    assert!(p.events.iter().any(|e| matches!(e, Event::Restarted)));
    assert_eq!(
        p.events
            .iter()
            .filter(|e| matches!(e, Event::Ready(_)))
            .count(),
        2
    );
    assert_eq!(p.fake.submits.len(), 1);
    assert_eq!(p.sent().len(), 1);
    assert_eq!(p.sent()[0].1[0].error, None);
}

#[test]
fn accepts_report_matching_across_mr_wrap() {
    let mut f = Fake::new();
    f.next_mr = 255;
    let mut p = started(Profile::generic(), f);
    let opts = SubmitOptions {
        srr: true,
        ..SubmitOptions::default()
    };
    // Two messages to the same recipient get MR 255 and 0; after 256 more parts MR 255 is
    // reused: the report goes to the most recent part still waiting.
    let a = p.modem.send(p.now, "+4915259911630", "a", &opts).unwrap();
    p.run(SECOND);
    for _ in 0..256 {
        p.modem.send(p.now, "+4915259911630", "x", &opts).unwrap();
    }
    p.run(600 * SECOND);
    assert_eq!(p.sent().len(), 257);
    let last_255 = p
        .sent()
        .iter()
        .rev()
        .find(|(_, parts)| parts[0].mr == Some(255))
        .map(|(id, _)| **id)
        .unwrap();
    assert_ne!(last_255, a);
    // gsm-vectors.json ofono-sr-1 (oFono unit/test-sms.c test_sr_assembly) with TP-MR set to
    // 255: delivered, recipient +4915259911630.
    let sr = "0006FF0D91945152991136F00160124130340A0160124130940A00";
    p.fake.store(1, 0, sr);
    p.inject("+CDSI: \"SM\",1\r\n", SECOND);
    // The report of the older part: the same with TP-DT ten seconds later (an identical
    // TPDU would be the same report delivered twice, which is not passed on again).
    let sr2 = "0006FF0D91945152991136F00160124130340A0160124130950A00";
    p.fake.store(2, 0, sr2);
    p.inject("+CDSI: \"SM\",2\r\n", SECOND);
    let r = p.reports();
    assert_eq!(r.len(), 2, "{:?}", r);
    assert_eq!(r[0].sent, Some((last_255, 0)), "{:?}", r[0]);
    assert_eq!(r[1].sent, Some((a, 0)));
}

#[test]
fn accepts_storage_full_urc_with_sweep() {
    let mut p = started(Profile::huawei(), huawei_k3715());
    p.fake.store(0, 1, PGM_STORED[0].2);
    let before = p
        .fake
        .commands()
        .iter()
        .filter(|c| **c == "AT+CMGL=4")
        .count();
    p.inject("\r\n^SMMEMFULL: \"SM\"\r\n", SECOND);
    assert!(
        p.events
            .iter()
            .any(|e| matches!(e, Event::StorageFull { .. }))
    );
    let after = p
        .fake
        .commands()
        .iter()
        .filter(|c| **c == "AT+CMGL=4")
        .count();
    assert!(after > before);
    assert!(
        p.fake.storage.is_empty(),
        "the message was saved and deleted"
    );
}

#[test]
fn written_bytes_are_whole_commands() {
    let mut p = started(Profile::generic(), Fake::new());
    p.modem
        .send(p.now, "+15125551234", "x", &SubmitOptions::default())
        .unwrap();
    p.run(5 * SECOND);
    let text = String::from_utf8_lossy(&p.written).to_string();
    assert!(text.starts_with("AT\rATE0V1\r"));
    let cmgs = text.find("AT+CMGS=").unwrap();
    let pdu = &text[cmgs..];
    let pdu = &pdu[pdu.find('\r').unwrap() + 1..];
    let end = pdu.find('\u{1a}').unwrap();
    assert!(pdu[..end].bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(pdu[..end].starts_with(&to_hex(&[0])));
}

#[test]
fn roundtrip_trace_replay() {
    // A session with a start-up, a send, a +CMTI read and a +CMT, recorded, written as text,
    // parsed and replayed: the driver writes the same bytes and reports the same messages.
    let mut c = config(Profile::huawei());
    c.prefer_direct = false;
    let mut p = Pair::new(c.clone(), stored_fake());
    p.auto_ack = false;
    p.run(10 * SECOND);
    p.send_test_message();
    let text = p.trace.to_string();
    let parsed = modem::Trace::parse(&text).unwrap();
    assert_eq!(parsed, p.trace);
    // The replay has no host: the send is not requested, so compare up to it.
    let replay = parsed.replay(c, p.start);
    let received = |events: &[Event]| {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Received(r) => r.text.clone(),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(received(&replay.events), received(&p.events));
    let cut = text.find("AT+CMGS").unwrap();
    let before: String = text[..cut]
        .lines()
        .filter(|l| l.contains(" > "))
        .map(|l| l.split_once(" > ").unwrap().1)
        .collect();
    let written = String::from_utf8_lossy(&replay.written).replace('\r', "\\r");
    assert!(written.starts_with(&before), "{written}\n{before}");
    assert!(
        !replay.matches(),
        "the recorded session also sent a message"
    );
}

#[test]
fn accepts_replay_of_recorded_start_up_and_sweep() {
    let c = config(Profile::huawei());
    let mut p = Pair::new(c.clone(), stored_fake());
    p.auto_ack = false;
    p.inject("\r\n+CMTI: \"SM\",1\r\n", 70 * SECOND);
    let replay = modem::Trace::parse(&p.trace.to_string())
        .unwrap()
        .replay(c, p.start);
    assert!(replay.matches());
    assert_eq!(replay.events, p.events);
}

#[test]
fn rejects_same_report_by_two_paths() {
    // A +CDS whose +CNMA a restart swallowed comes back stored: one report for the host.
    let mut c = config(Profile::generic());
    c.prefer_direct = true;
    let mut p = Pair::new(c, Fake::new());
    p.run(10 * SECOND);
    // gsm-vectors.json ofono-sr-1 (oFono unit/test-sms.c), SMSC 00 prefixed.
    let sr = "0006040D91945152991136F00160124130340A0160124130940A00";
    p.inject(&format!("\r\n+CDS: 26\r\n{sr}\r\n"), SECOND);
    assert_eq!(p.reports().len(), 1);
    p.fake.store(3, 0, sr);
    p.inject("\r\n+CDSI: \"SM\",3\r\n", SECOND);
    assert_eq!(p.reports().len(), 1);
    assert!(p.fake.storage.is_empty(), "the second copy is deleted");
}

#[test]
fn accepts_part_alone_after_reassembly_limit() {
    // gsm-vectors.json npdu-concat-1 (node-pdu): part 1 of 2; part 2 never comes.
    let p1 = "07919730071111F1400B919746121611F10000811170021222230E06080412340201C8329BFD6601";
    let mut c = config(Profile::generic());
    c.reassembly.max_age = Duration::from_secs(600);
    let mut p = Pair::new(c, Fake::new());
    p.run(10 * SECOND);
    p.fake.store(2, 0, p1);
    p.inject("+CMTI: \"SM\",2\r\n", 300 * SECOND);
    assert!(p.received().is_empty(), "waits for the other part");
    assert!(!p.fake.storage.is_empty());
    p.run(600 * SECOND);
    let r = p.received();
    assert_eq!(r.len(), 1, "handed over alone after the limit");
    assert_eq!(r[0].text.as_deref(), Some("Hello,"));
    assert!(p.fake.storage.is_empty(), "and deleted once saved");
}

#[test]
fn accepts_start_up_fallbacks() {
    // A device refusing the preferred settings: numeric errors, three and two memories, the
    // first rungs of the +CNMI ladder, +CSMS=1.
    let mut f = Fake::new();
    for c in [
        "AT+CMEE=1",
        "AT+CPMS=\"SM\",\"SM\",\"SM\"",
        "AT+CPMS=\"SM\",\"SM\"",
        "AT+CNMI=2,1,0,2,0",
        "AT+CNMI=2,1,0,1,0",
        "AT+CSMS=1",
    ] {
        f.responses.insert(c.into(), "\r\nERROR\r\n".into());
    }
    f.responses
        .insert("AT+CSCA?".into(), "\r\n+CMS ERROR: 330\r\n".into());
    let p = started(Profile::generic(), f);
    let caps = p.ready().unwrap();
    assert_eq!(caps.cmee, 2);
    assert_eq!(caps.storage, vec!["SM"]);
    assert_eq!(caps.cnmi.as_deref(), Some("1,1,0,2,0"));
    assert!(!caps.csms_phase2_plus);
    assert_eq!(caps.smsc, None);
    let log = p.fake.commands();
    assert!(log.contains(&"AT+CMEE=2"));
    assert!(log.contains(&"AT+CPMS=\"SM\""));
}

#[test]
fn accepts_cme_error_sim_busy_then_ready() {
    // python-gsmmodem fakemodems.py QualcommM6280: "+CME ERROR: 14" (SIM busy) before the SIM
    // answers; start-up waits and asks again.
    let mut f = Fake::new();
    f.responses
        .insert("AT+CPIN?".into(), "\r\n+CME ERROR: 14\r\n".into());
    let mut p = Pair::new(config(Profile::zte()), f);
    p.run(3 * SECOND);
    assert!(p.ready().is_none());
    let asked = p
        .fake
        .commands()
        .iter()
        .filter(|c| **c == "AT+CPIN?")
        .count();
    assert!(asked >= 2, "asked again after a pause");
    p.fake.responses.remove("AT+CPIN?");
    p.run(10 * SECOND);
    assert!(p.ready().is_some());
}

#[test]
fn accepts_restart_after_cmgs_before_ok() {
    // The device took the part (+CMGS: 4) and restarted before its OK: the part is sent, not
    // sent again, and its status report still finds it.
    let mut p = started(Profile::quectel(), Fake::new());
    p.fake
        .cmgs_errors
        .push_back("\r\n+CMGS: 4\r\n\r\nRDY\r\n".into());
    let opts = SubmitOptions {
        srr: true,
        ..SubmitOptions::default()
    };
    let id = p.modem.send(p.now, "+4915259911630", "x", &opts).unwrap();
    p.run(30 * SECOND);
    assert_eq!(p.fake.submits.len(), 1);
    assert_eq!(p.sent()[0].1[0].mr, Some(4));
    // gsm-vectors.json ofono-sr-1 (TP-MR 4, +4915259911630), SMSC 00 prefixed.
    p.fake.store(
        1,
        0,
        "0006040D91945152991136F00160124130340A0160124130940A00",
    );
    p.inject("+CMTI: \"SM\",1\r\n", SECOND);
    assert_eq!(p.reports()[0].sent, Some((id, 0)));
}
