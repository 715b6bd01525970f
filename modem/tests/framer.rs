//! The framer on device output recorded by other projects.
//!
//! Sources: python-gsmmodem (github faucamp/python-gsmmodem, LGPL-3.0-or-later; replies used
//! as test data, no code taken) `test/fakemodems.py` (HuaweiE1752, ZteK3565Z,
//! WavecomMultiband900E1800 reply tables) and `test/test_modem.py` (`test_supportedCommands`,
//! `test_smsc`, `test_sendSms_waitForDeliveryReport`, `TestSmsStatusReports`,
//! `TestStoredSms`); `/work/shared/vectors/gsm-vectors.json` `aosp-addressing-1` (AOSP
//! GsmSmsTest.testAddressing) as the PDU of a `+CMT`; V.250 §5.7 for the numeric forms.
#![allow(missing_docs)]

use modem::{CmeError, CmsError, Expect, Final, Frame, Framer, MAX_LINE, ModemError, Profile, Urc};
use proptest::prelude::*;

fn frames(profile: Profile, expect: Option<&str>, input: &[u8]) -> Vec<Frame> {
    let mut f = Framer::new(profile);
    if let Some(cmd) = expect {
        f.begin(Expect::command(cmd));
    }
    f.push(input);
    std::iter::from_fn(|| f.next_frame()).collect()
}

fn info(s: &str) -> Frame {
    Frame::Info(s.into())
}

const OK: Frame = Frame::Final(Final::Ok);

#[test]
fn accepts_huawei_e1752_clac_with_cr_cr_lf() {
    // fakemodems.py HuaweiE1752 'AT+CLAC\r': "extra \r added to each line".
    let got = frames(
        Profile::huawei(),
        Some("AT+CLAC"),
        b"&C\r\r\n&D\r\r\n&F\r\r\n+CMGS\r\r\n^DTMF\r\r\n^WPDCP\r\r\nOK\r\n",
    );
    assert_eq!(
        got,
        [
            info("&C"),
            info("&D"),
            info("&F"),
            info("+CMGS"),
            info("^DTMF"),
            info("^WPDCP"),
            OK
        ]
    );
}

#[test]
fn accepts_supported_commands_forms() {
    // test_modem.py test_supportedCommands: ZTE-like lines and Huawei's \r\r\n.
    let got = frames(
        Profile::generic(),
        Some("AT+CLAC"),
        b"A\r\nBCD\r\nEFGH\r\nOK\r\n",
    );
    assert_eq!(got, [info("A"), info("BCD"), info("EFGH"), OK]);
    let got = frames(
        Profile::generic(),
        Some("AT+CLAC"),
        b"Q\r\r\nQWERTY\r\r\n^DTMF\r\r\nOK\r\n",
    );
    assert_eq!(got, [info("Q"), info("QWERTY"), info("^DTMF"), OK]);
}

#[test]
fn accepts_wavecom_leading_spaces_and_cpin_without_ok() {
    // fakemodems.py WavecomMultiband900E1800.
    let got = frames(
        Profile::wavecom(),
        Some("AT+CGMI"),
        b" WAVECOM MODEM\r\nOK\r\n",
    );
    assert_eq!(got, [info("WAVECOM MODEM"), OK]);
    let got = frames(Profile::wavecom(), Some("AT+CPIN?"), b"+CPIN: READY\r\n");
    assert_eq!(got, [info("+CPIN: READY")]);
}

#[test]
fn accepts_huawei_command_not_support() {
    // fakemodems.py HuaweiE1752: 'AT+WIND?\r': ['COMMAND NOT SUPPORT\r\n'].
    let got = frames(
        Profile::huawei(),
        Some("AT+WIND?"),
        b"COMMAND NOT SUPPORT\r\n",
    );
    assert_eq!(
        got,
        [Frame::Final(Final::Error(ModemError::Other(
            "COMMAND NOT SUPPORT".into()
        )))]
    );
}

#[test]
fn accepts_error_codes_numeric_and_verbose() {
    // test_modem.py test_smsc: '+CMS ERROR: 330'; fakemodems.py '+CME ERROR: 11', 14, 515.
    let cases: [(&[u8], ModemError); 5] = [
        (
            b"+CMS ERROR: 330\r\n",
            ModemError::Cms(CmsError::SMSC_ADDRESS_UNKNOWN),
        ),
        (
            b"+CME ERROR: 11\r\n",
            ModemError::Cme(CmeError::SIM_PIN_REQUIRED),
        ),
        (
            b"+CME ERROR: 515\r\n",
            ModemError::Cme(CmeError::DEVICE_BUSY),
        ),
        (
            b"+CME ERROR: SIM busy\r\n",
            ModemError::Cme(CmeError::SIM_BUSY),
        ),
        (
            b"+CMS ERROR: Requested facility not subscribed\r\n",
            ModemError::Cms(CmsError::FACILITY_NOT_SUBSCRIBED),
        ),
    ];
    for (input, want) in cases {
        let got = frames(Profile::generic(), Some("AT+CSCA?"), input);
        assert_eq!(got, [Frame::Final(Final::Error(want))]);
    }
    let got = frames(Profile::generic(), None, b"+CMS ERROR: vendor says no\r\n");
    assert_eq!(
        got,
        [Frame::Final(Final::Error(ModemError::Unrecognised {
            prefix: "+CMS",
            text: "vendor says no".into()
        }))]
    );
}

#[test]
fn accepts_cmgs_prompt_and_mr() {
    // test_modem.py test_sendSms_waitForDeliveryReport: ['> \r\n', '+CMGS: 183\r\n', 'OK\r\n',
    // 0.1, '+CDSI: "SM",3\r\n'].
    let got = frames(
        Profile::generic(),
        Some("AT+CMGS=23"),
        b"> \r\n+CMGS: 183\r\nOK\r\n+CDSI: \"SM\",3\r\n",
    );
    assert_eq!(
        got,
        [
            Frame::Prompt,
            info("+CMGS: 183"),
            OK,
            Frame::Urc(Urc::Cdsi {
                mem: Some("SM".into()),
                index: 3
            })
        ]
    );
    // The prompt with no line end at all (TS 27.005 §3.5.1), after an echo.
    let got = frames(
        Profile::generic(),
        Some("AT+CMGS=23"),
        b"AT+CMGS=23\r\r\n> ",
    );
    assert_eq!(got, [Frame::Echo("AT+CMGS=23".into()), Frame::Prompt]);
    // Without a command that wants it, ">" is just a line.
    let got = frames(Profile::generic(), None, b"> x\r\n");
    assert_eq!(got, [info("> x")]);
}

#[test]
fn accepts_cmgr_status_report_and_urc_inside_cmgl() {
    // test_modem.py TestSmsStatusReports: '+CMGR: 0,,24' and the PDU; a +CMTI between the
    // +CMGL lines (TestStoredSms PDU).
    let got = frames(
        Profile::generic(),
        Some("AT+CMGR=3"),
        b"+CMGR: 0,,24\r\n07917248014000F506B70AA18092020000317071518590803170715185418000\r\nOK\r\n",
    );
    assert_eq!(
        got,
        [
            info("+CMGR: 0,,24"),
            info("07917248014000F506B70AA18092020000317071518590803170715185418000"),
            OK
        ]
    );
    let got = frames(
        Profile::generic(),
        Some("AT+CMGL=4"),
        b"+CMGL: 0,0,,35\r\n+CMTI: \"SM\",4\r\n07917248014000F3240B917247587706F400003110824115248012C8329BFD06C9C373B8B82C97E741F034\r\nOK\r\n",
    );
    assert_eq!(got.len(), 4);
    assert_eq!(
        got[1],
        Frame::Urc(Urc::Cmti {
            mem: Some("SM".into()),
            index: 4
        })
    );
}

#[test]
fn accepts_two_line_urcs_anywhere() {
    // TS 27.005 §3.4.1 PDU mode: "+CMT: [<alpha>],<length><CR><LF><pdu>", here inside the
    // reply of another command; the PDU is gsm-vectors.json aosp-addressing-1.
    let cmt = "07914151551512F2040B916105551511F100006060605130308A04D4F29C0E";
    let input = format!("\r\n+CSQ: 18,99\r\n+CMT: ,23\r\n{cmt}\r\nOK\r\n");
    let got = frames(Profile::generic(), Some("AT+CSQ"), input.as_bytes());
    assert_eq!(got[0], info("+CSQ: 18,99"));
    let Frame::Urc(Urc::Cmt { length, pdu }) = &got[1] else {
        panic!("{got:?}")
    };
    assert_eq!(*length, Some(23));
    assert_eq!(pdu.len(), cmt.len() / 2);
    assert_eq!(got[2], OK);
    // A header whose PDU line never comes is reported, and the next line still counts.
    let got = frames(Profile::generic(), Some("AT"), b"+CDS: 25\r\nOK\r\n");
    assert_eq!(got, [Frame::Urc(Urc::Truncated("+CDS: 25".into())), OK]);
}

#[test]
fn accepts_own_prefix_as_reply_not_urc() {
    let got = frames(
        Profile::generic(),
        Some("AT+CPIN?"),
        b"+CPIN: READY\r\nOK\r\n",
    );
    assert_eq!(got, [info("+CPIN: READY"), OK]);
    let got = frames(Profile::generic(), Some("AT+CSQ"), b"+CPIN: READY\r\n");
    assert_eq!(got, [Frame::Urc(Urc::Restart("+CPIN: READY".into()))]);
    let got = frames(
        Profile::huawei(),
        None,
        b"^BOOT:12345678,0,0,0,75\r\n^RSSI:21\r\n",
    );
    assert_eq!(
        got,
        [
            Frame::Urc(Urc::Restart("^BOOT:12345678,0,0,0,75".into())),
            Frame::Urc(Urc::Other("^RSSI:21".into()))
        ]
    );
}

#[test]
fn accepts_numeric_results_only_when_enabled() {
    let mut f = Framer::new(Profile::generic());
    f.set_numeric(true);
    f.push(b"0\r4\r");
    assert_eq!(f.next_frame(), Some(OK));
    assert_eq!(
        f.next_frame(),
        Some(Frame::Final(Final::Error(ModemError::Error)))
    );
    let got = frames(Profile::generic(), Some("AT+CMGF?"), b"0\r\nOK\r\n");
    assert_eq!(got, [info("0"), OK]);
}

#[test]
fn rejects_overlong_line() {
    let mut input = vec![b'A'; MAX_LINE + 10];
    input.extend_from_slice(b"\r\nOK\r\n");
    let got = frames(Profile::generic(), None, &input);
    assert_eq!(got, [Frame::Discarded(MAX_LINE + 10), OK]);
}

/// Recorded transcripts above, as one corpus for the split law.
fn corpus() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("AT+CLAC", b"&C\r\r\n&D\r\r\nOK\r\n"),
        (
            "AT+CMGS=23",
            b"AT+CMGS=23\r\r\n> 0011\x1a\r\n+CMGS: 183\r\nOK\r\n+CDSI: \"SM\",3\r\n",
        ),
        (
            "AT+CGMI",
            b" WAVECOM MODEM\r\nOK\r\n\r\n+CMT: ,3\r\n000102\r\nRING\r\n",
        ),
        (
            "AT+CSQ",
            b"+CSQ: 18,99\r\n\r\n+CMTI: \"SM\",3\r\n+CMS ERROR: 500\r\n",
        ),
    ]
}

proptest! {
    /// The framer is split-invariant: any chunking of the input gives the same frames.
    #[test]
    fn roundtrip_split_invariance(which in 0usize..4, cuts in proptest::collection::vec(0usize..80, 0..12)) {
        let (cmd, input) = corpus()[which];
        let whole = frames(Profile::huawei(), Some(cmd), input);
        let mut f = Framer::new(Profile::huawei());
        f.begin(Expect::command(cmd));
        let mut points: Vec<usize> = cuts.into_iter().map(|c| c.min(input.len())).collect();
        points.sort_unstable();
        let mut got = Vec::new();
        let mut at = 0;
        for p in points.into_iter().chain([input.len()]) {
            f.push(&input[at..p]);
            at = p;
            got.extend(std::iter::from_fn(|| f.next_frame()));
        }
        prop_assert_eq!(got, whole);
    }
}
