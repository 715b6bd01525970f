//! The emulator against the exact bytes real clients sent (shared/oracles/README.md §7–§10,
//! recorded from gammu 1.42, gammu-smsd 1.42, smstools3 3.1.21 and python-gsmmodem-new 0.13)
//! and the rules of TS 27.005.

use std::time::{Duration, Instant};

use gsm_pdu::{DecodeOptions, Direction, Tpdu, decode_with_smsc};

use super::*;

/// smstools3's SMS-SUBMIT for "Hello from smsd" to 447700900123 (README §8 `pdus`): SMSC
/// address `00`, fo 0x11, VP FF.
const SMSD_PDU: &str = "0011000C914477000910320000FF0FC8329BFD0699E5EF3668DE9E9301";

struct Harness {
    emu: Emulator,
    t: Instant,
}

impl Harness {
    fn new(cfg: Config) -> Self {
        let t = Instant::now();
        Self {
            emu: Emulator::new(cfg, t),
            t,
        }
    }

    fn generic() -> Self {
        Self::new(Config::default())
    }

    fn output(&mut self) -> String {
        let bytes: Vec<u8> = std::iter::from_fn(|| self.emu.poll_output())
            .flatten()
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn events(&mut self) -> Vec<Event> {
        std::iter::from_fn(|| self.emu.poll_event()).collect()
    }

    /// Writes `bytes`, returns what the device answered at once.
    fn send(&mut self, bytes: &str) -> String {
        self.emu.handle_input(self.t, bytes.as_bytes());
        self.output()
    }

    /// Lets `ms` pass, waking the emulator whenever it asks; returns what it wrote.
    fn wait(&mut self, ms: u64) -> String {
        let end = self.t + Duration::from_millis(ms);
        while let Some(t) = self.emu.poll_timeout().filter(|t| *t <= end) {
            self.t = t.max(self.t);
            self.emu.handle_timeout(self.t);
        }
        self.t = end;
        self.emu.handle_timeout(end);
        self.output()
    }

    /// Echo off, numeric +CMS errors.
    fn quiet(&mut self) {
        assert!(self.send("ATE0\r").ends_with("\r\nOK\r\n"));
        assert_eq!(self.send("AT+CMEE=1\r"), "\r\nOK\r\n");
    }

    /// The PDU line after a `+CMGR` / `+CMT` / `+CDS` line in `out`, decoded.
    fn pdu_after(out: &str, head: &str) -> Tpdu<'static> {
        let mut lines = out.split("\r\n").filter(|l| !l.is_empty());
        lines.find(|l| l.starts_with(head)).expect(head);
        let hex = lines.next().expect("PDU line");
        let bytes = parse_hex(hex).unwrap();
        decode_with_smsc(&bytes, Direction::MobileTerminated, DecodeOptions::strict())
            .unwrap()
            .tpdu
            .into_owned()
    }
}

fn submitted(events: &[Event]) -> Vec<Submitted> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Submitted(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn echo_is_on_at_power_up_and_follows_ate() {
    // gammu needs the echo of its exact command line (README §7).
    let mut h = Harness::generic();
    assert_eq!(h.send("AT\r"), "AT\r\r\nOK\r\n");
    assert_eq!(h.send("ATE0\r"), "ATE0\r\r\nOK\r\n");
    assert_eq!(h.send("AT\r"), "\r\nOK\r\n");
    assert_eq!(h.send("ATE1\r"), "\r\nOK\r\n");
    assert_eq!(h.send("AT\r"), "AT\r\r\nOK\r\n");
}

#[test]
fn gammu_preamble_esc_cr_is_ignored_and_unknown_commands_error() {
    let mut h = Harness::generic();
    assert_eq!(h.send("\x1b\r"), "\r");
    h.send("ATE0\r");
    // gammu's vendor probes (README §7): ERROR, not OK.
    assert_eq!(h.send("AT+SYNCML=?\r"), "\r\nERROR\r\n");
    assert_eq!(h.send("AT$TSSPCSW=?\r"), "\r\nERROR\r\n");
    let mut huawei = Harness::new(Config {
        profile: Profile::HUAWEI_E1752,
        ..Config::default()
    });
    huawei.send("ATE0\r");
    // python-gsmmodem fakemodems.py HuaweiE1752: 'AT+WIND?\r' → 'COMMAND NOT SUPPORT'.
    assert_eq!(huawei.send("AT+WIND?\r"), "\r\nCOMMAND NOT SUPPORT\r\n");
}

#[test]
fn compound_line_and_numeric_results() {
    let mut h = Harness::generic();
    h.send("ATE0\r");
    // smstools3 sends this compound line (README §8).
    assert_eq!(h.send("AT+CMEE=1;+CREG=2\r"), "\r\nOK\r\n");
    assert_eq!(
        h.send("AT+CREG?\r"),
        "\r\n+CREG: 2,1,\"00C3\",\"0010A5B3\",2\r\n\r\nOK\r\n"
    );
    // V.250 §5.7.1: V0 gives "<text><CR><LF>" and the numeric code "0<CR>".
    assert_eq!(h.send("ATV0\r"), "0\r");
    assert_eq!(h.send("AT+CSQ\r"), "+CSQ: 21,99\r\n0\r");
    assert_eq!(h.send("AT+NOPE\r"), "4\r");
}

#[test]
fn identification_of_profiles() {
    // python-gsmmodem fakemodems.py WavecomMultiband900E1800: ' WAVECOM MODEM', CGMR ERROR,
    // +CPIN? without OK.
    let mut h = Harness::new(Config {
        profile: Profile::WAVECOM,
        ..Config::default()
    });
    h.send("ATE0\r");
    assert_eq!(h.send("AT+CGMI\r"), "\r\n WAVECOM MODEM\r\n\r\nOK\r\n");
    assert_eq!(h.send("AT+CGMR\r"), "\r\nERROR\r\n");
    assert_eq!(h.send("AT+CPIN?\r"), "\r\n+CPIN: READY\r\n");
    // Nokia N79: +CNMI not supported.
    let mut n = Harness::new(Config {
        profile: Profile::NOKIA,
        ..Config::default()
    });
    n.send("ATE0\r");
    assert_eq!(n.send("AT+CNMI=2,1,0,2\r"), "\r\nERROR\r\n");
    assert_eq!(
        n.send("AT+CGMR\r"),
        "\r\nV ICPR72_08w44.1\r\n\r\n24-11-08\r\n\r\nRM-348\r\n\r\n(c) Nokia\r\n\r\n11.049\r\n\r\nOK\r\n"
    );
    assert!(Profile::by_name("quectel").is_some());
    assert!(Profile::by_name("nope").is_none());
}

#[test]
fn cops_answers_in_the_format_asked() {
    // gammu-smsd 1.42 crashes unless AT+COPS=3,2 gives the numeric form (README §9).
    let mut h = Harness::generic();
    h.send("ATE0\r");
    h.send("AT+COPS=3,2\r");
    assert_eq!(
        h.send("AT+COPS?\r"),
        "\r\n+COPS: 0,2,\"00101\",2\r\n\r\nOK\r\n"
    );
    h.send("AT+COPS=3,0\r");
    assert!(
        h.send("AT+COPS?\r")
            .contains("+COPS: 0,0,\"Emulated Network\",2")
    );
}

#[test]
fn cmgs_with_the_smstools3_pdu() {
    let mut h = Harness::generic();
    h.quiet();
    // 58 hex digits = 29 octets, 1 of them the SMSC length octet: AT+CMGS=28.
    assert_eq!(h.send("AT+CMGS=28\r"), "\r\n> ");
    let out = h.send(&format!("{SMSD_PDU}\x1a"));
    assert_eq!(out, "\r\n+CMGS: 1\r\n\r\nOK\r\n");
    let s = submitted(&h.events());
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].to, "+447700900123");
    assert_eq!(s[0].text.as_deref(), Some("Hello from smsd"));
    assert_eq!(s[0].message.as_deref(), Some("Hello from smsd"));
    assert_eq!((s[0].mr, s[0].part, s[0].parts), (1, 1, 1));
    assert!(!s[0].report_requested);
    // The next one gets the next TP-MR; Ctrl-Z ~0.6 s later as a separate write (gammu).
    h.send("AT+CMGS=28\r");
    assert_eq!(h.send(SMSD_PDU), "");
    h.wait(600);
    assert_eq!(h.send("\x1a"), "\r\n+CMGS: 2\r\n\r\nOK\r\n");
}

#[test]
fn cmgs_with_a_full_smsc_address_like_gammu() {
    let mut h = Harness::generic();
    h.quiet();
    // gammu writes the SCA from +CSCA (07 91 447758100650) before the TPDU (README §7).
    let pdu = format!("0791447758100650{}", &SMSD_PDU[2..]);
    h.send("AT+CMGS=28\r");
    assert_eq!(h.send(&format!("{pdu}\x1a")), "\r\n+CMGS: 1\r\n\r\nOK\r\n");
}

#[test]
fn wrong_length_bad_hex_and_esc() {
    let mut h = Harness::generic();
    h.quiet();
    // TS 27.005 §3.5.1: <length> excludes the SMSC octets; 29 is one too many.
    h.send("AT+CMGS=29\r");
    assert_eq!(
        h.send(&format!("{SMSD_PDU}\x1a")),
        "\r\n+CMS ERROR: 304\r\n"
    );
    h.send("AT+CMGS=28\r");
    assert_eq!(h.send("00ZZ\x1a"), "\r\n+CMS ERROR: 304\r\n");
    h.send("AT+CMGS=28\r");
    assert_eq!(h.send("0011\x1b"), "\r\nOK\r\n");
    assert!(matches!(
        h.events()
            .iter()
            .filter(|e| matches!(e, Event::SubmitFailed { code: 304, .. }))
            .count(),
        1
    ));
    assert!(submitted(&h.events()).is_empty());
    assert_eq!(h.send("AT+CMGS=0\r"), "\r\n+CMS ERROR: 304\r\n");
}

#[test]
fn cpms_one_two_and_three_memories() {
    let mut h = Harness::generic();
    h.quiet();
    assert_eq!(
        h.send("AT+CPMS?\r"),
        "\r\n+CPMS: \"SM\",0,30,\"SM\",0,30,\"SM\",0,30\r\n\r\nOK\r\n"
    );
    // gammu's count query AT+CPMS="ME","ME" leaves <mem1> on ME (README §7).
    assert_eq!(
        h.send("AT+CPMS=\"ME\",\"ME\"\r"),
        "\r\n+CPMS: 0,100,0,100,0,30\r\n\r\nOK\r\n"
    );
    assert!(
        h.send("AT+CPMS?\r")
            .contains("\"ME\",0,100,\"ME\",0,100,\"SM\",0,30")
    );
    // python-gsmmodem: AT+CPMS="ME","ME","ME".
    assert_eq!(
        h.send("AT+CPMS=\"ME\",\"ME\",\"ME\"\r"),
        "\r\n+CPMS: 0,100,0,100,0,100\r\n\r\nOK\r\n"
    );
    assert_eq!(h.send("AT+CPMS=\"XX\"\r"), "\r\n+CMS ERROR: 302\r\n");
    assert_eq!(h.send("AT+CPMS=\"SM\",\"SR\"\r"), "\r\n+CMS ERROR: 302\r\n");
}

#[test]
fn mo_stored_announced_read_and_deleted() {
    let mut h = Harness::generic();
    h.quiet();
    // python-gsmmodem's set-up (README §10).
    h.send("AT+CPMS=\"ME\",\"ME\",\"ME\"\r");
    h.send("AT+CNMI=2,1,0,2\r");
    h.emu
        .deliver_mo(h.t, "+447700900999", "Hello listener")
        .unwrap();
    assert_eq!(h.output(), "", "no URC while the line was just busy");
    assert_eq!(h.wait(150), "\r\n+CMTI: \"ME\",1\r\n");
    assert!(h.send("AT+CPMS?\r").contains("\"ME\",1,100"));
    let out = h.send("AT+CMGR=1\r");
    assert!(out.starts_with("\r\n+CMGR: 0,,"), "{out}");
    let Tpdu::Deliver(d) = Harness::pdu_after(&out, "+CMGR:") else {
        panic!("{out}")
    };
    assert_eq!(number(&d.oa), "+447700900999");
    assert_eq!(d.text().unwrap().as_deref(), Some("Hello listener"));
    // Read once: REC READ now.
    assert!(h.send("AT+CMGR=1\r").starts_with("\r\n+CMGR: 1,,"));
    assert_eq!(h.send("AT+CMGD=1,0\r"), "\r\nOK\r\n");
    assert_eq!(h.send("AT+CMGR=1\r"), "\r\n+CMS ERROR: 321\r\n");
    let ev = h.events();
    assert!(ev.contains(&Event::Deleted {
        mem: Memory::Me,
        index: 1,
        kind: MessageKind::Sms
    }));
}

#[test]
fn cnmi_zero_stores_silently_and_cmgl_lists() {
    // smstools3 and the gammu CLI never set +CNMI; they poll +CPMS? / +CMGL=4.
    let mut h = Harness::generic();
    h.quiet();
    let long = "This message is longer than one SMS can carry, so the network sends it in two \
                parts that the host must join again with the concatenation header. 0123456789 0123456789 0123456789";
    h.emu.deliver_mo(h.t, "+447700900999", long).unwrap();
    assert_eq!(h.wait(2000), "");
    let out = h.send("AT+CPMS?\r");
    assert!(out.starts_with("\r\n+CPMS: \"SM\",2,30"), "{out}");
    let out = h.send("AT+CMGL=4\r");
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with("+CMGL:")).collect();
    assert_eq!(heads.len(), 2, "{out}");
    assert!(heads[0].starts_with("+CMGL: 1,0,,"));
    // Listed once: REC READ, so CMGL=0 (unread) lists nothing.
    assert_eq!(h.send("AT+CMGL=0\r"), "\r\nOK\r\n");
    assert_eq!(h.send("AT+CMGD=1,4\r"), "\r\nOK\r\n");
    assert!(h.send("AT+CPMS?\r").starts_with("\r\n+CPMS: \"SM\",0,30"));
}

#[test]
fn cmt_needs_cnma_in_phase_2_plus_and_times_out() {
    let mut h = Harness::generic();
    h.quiet();
    assert_eq!(h.send("AT+CSMS=1\r"), "\r\n+CSMS: 1,1,1\r\n\r\nOK\r\n");
    h.send("AT+CNMI=2,2,0,1,0\r");
    h.emu.deliver_mo(h.t, "+447700900999", "first").unwrap();
    h.emu.deliver_mo(h.t, "+447700900999", "second").unwrap();
    let out = h.wait(200);
    let Tpdu::Deliver(d) = Harness::pdu_after(&out, "+CMT: ,") else {
        panic!("{out}")
    };
    assert_eq!(d.text().unwrap().as_deref(), Some("first"));
    // No second +CMT before the first is acknowledged (TS 27.005 §3.4.1).
    assert_eq!(h.wait(2000), "");
    assert_eq!(h.send("AT+CNMA\r"), "\r\nOK\r\n");
    let out = h.wait(1000);
    let Tpdu::Deliver(d) = Harness::pdu_after(&out, "+CMT: ,") else {
        panic!("{out}")
    };
    assert_eq!(d.text().unwrap().as_deref(), Some("second"));
    // Not acknowledged: routing off, the message comes back and is stored silently.
    assert_eq!(h.wait(16_000), "");
    assert!(h.send("AT+CNMI?\r").contains("+CNMI: 2,0,0,0,0"));
    assert!(h.send("AT+CPMS?\r").starts_with("\r\n+CPMS: \"SM\",1,30"));
    assert_eq!(h.send("AT+CNMA\r"), "\r\n+CMS ERROR: 340\r\n");
    let ev = h.events();
    assert!(ev.contains(&Event::AckTimeout {
        kind: MessageKind::Sms
    }));
}

#[test]
fn status_report_stored_with_cdsi_and_matching_mr() {
    let mut h = Harness::generic();
    h.quiet();
    // gammu-smsd's +CNMI (README §9): reports stored, +CDSI.
    h.send("AT+CNMI=2,1,0,2,0\r");
    // The smstools3 PDU with TP-SRR set (fo 0x31, "Report: yes").
    let pdu = format!("0031{}", &SMSD_PDU[4..]);
    h.send("AT+CMGS=28\r");
    assert_eq!(h.send(&format!("{pdu}\x1a")), "\r\n+CMGS: 1\r\n\r\nOK\r\n");
    assert!(submitted(&h.events())[0].report_requested);
    assert_eq!(h.emu.reports_pending(), 1);
    let out = h.wait(1000);
    assert_eq!(out, "\r\n+CDSI: \"SM\",1\r\n");
    let out = h.send("AT+CMGR=1\r");
    let Tpdu::StatusReport(r) = Harness::pdu_after(&out, "+CMGR:") else {
        panic!("{out}")
    };
    assert_eq!(r.mr, 1);
    assert_eq!(number(&r.ra), "+447700900123");
    assert_eq!(r.st, Status::RECEIVED);
    assert_eq!(h.emu.reports_pending(), 0);
}

#[test]
fn reports_on_request_and_routed_as_cds() {
    let mut h = Harness::new(Config {
        report_delay: None,
        ..Config::default()
    });
    h.quiet();
    h.send("AT+CNMI=2,1,0,1,0\r");
    let pdu = format!("0031{}", &SMSD_PDU[4..]);
    for _ in 0..2 {
        h.send("AT+CMGS=28\r");
        h.send(&format!("{pdu}\x1a"));
    }
    assert_eq!(h.wait(3000), "");
    assert_eq!(h.emu.deliver_report(h.t, Some(2), Status(0x46)), 1);
    let out = h.wait(200);
    let Tpdu::StatusReport(r) = Harness::pdu_after(&out, "+CDS: ") else {
        panic!("{out}")
    };
    assert_eq!((r.mr, r.st), (2, Status(0x46)));
    assert_eq!(h.emu.reports_pending(), 1);
}

#[test]
fn long_submit_is_joined_and_mrs_increase() {
    let mut h = Harness::new(Config {
        last_mr: 254,
        ..Config::default()
    });
    h.quiet();
    // Build the two SMS-SUBMITs the way clients do (gsm-pdu, SCA 00).
    let text = "x".repeat(200);
    let da = Address::parse_number("+447700900123").unwrap();
    let opts = gsm_pdu::SubmitOptions {
        srr: true,
        ..Default::default()
    };
    for s in gsm_pdu::submit_text(&da, &text, &opts).unwrap() {
        let mut bytes = Vec::new();
        let len = gsm_pdu::encode_with_smsc(None, &Tpdu::Submit(s), &mut bytes).unwrap();
        h.send(&format!("AT+CMGS={len}\r"));
        h.send(&format!("{}\x1a", network::hex_upper(&bytes)));
    }
    let s = submitted(&h.events());
    // TP-MR wraps at 8 bits: 255, then 0.
    assert_eq!(s.iter().map(|s| s.mr).collect::<Vec<_>>(), [255, 0]);
    assert_eq!((s[1].part, s[1].parts), (2, 2));
    assert_eq!(s[0].message, None);
    assert_eq!(s[1].message.as_deref(), Some(text.as_str()));
}

#[test]
fn storage_full_holds_messages_in_the_network() {
    let mut h = Harness::new(Config {
        faults: Faults::NONE.with(Fault::StorageFull),
        ..Config::default()
    });
    h.quiet();
    h.send("AT+CNMI=2,1\r");
    for i in 0..4 {
        h.emu
            .deliver_mo(h.t, "+447700900999", &format!("m{i}"))
            .unwrap();
    }
    let out = h.wait(3000);
    assert_eq!(out.matches("+CMTI:").count(), 3, "{out}");
    assert!(h.send("AT+CPMS?\r").contains("\"SM\",3,3"));
    assert!(h.events().contains(&Event::StorageFull { mem: Memory::Sm }));
    h.send("AT+CMGD=2\r");
    assert_eq!(h.wait(1000), "\r\n+CMTI: \"SM\",2\r\n");
}

#[test]
fn urc_in_reply_fault_puts_the_urc_before_ok() {
    let mut h = Harness::new(Config {
        faults: Faults::NONE.with(Fault::UrcInReply),
        ..Config::default()
    });
    h.quiet();
    h.send("AT+CNMI=2,1\r");
    h.emu.deliver_mo(h.t, "+447700900999", "hi").unwrap();
    assert_eq!(h.wait(1000), "");
    // The python-gsmmodem failure case of README §10.
    assert_eq!(
        h.send("AT+CSQ\r"),
        "\r\n+CSQ: 21,99\r\n\r\n+CMTI: \"SM\",1\r\n\r\nOK\r\n"
    );
}

#[test]
fn lost_ok_echo_on_late_prompt_and_cms_error_faults() {
    let faults = Faults::parse_list("lost-ok,echo-on,late-prompt,cms-error").unwrap();
    let mut h = Harness::new(Config {
        faults,
        ..Config::default()
    });
    assert_eq!(h.send("ATE0\r"), "ATE0\r\r\nOK\r\n");
    assert_eq!(h.send("AT\r"), "AT\r\r\nOK\r\n", "echo stays on");
    h.send("AT\r");
    h.send("AT\r");
    assert_eq!(h.send("AT\r"), "AT\r", "5th OK lost");
    h.send("AT+CMEE=1\r");
    for i in 1..=3 {
        assert_eq!(h.send("AT+CMGS=28\r"), "AT+CMGS=28\r", "prompt is late");
        assert_eq!(h.wait(2000), "\r\n> ");
        let out = h.send(&format!("{SMSD_PDU}\x1a"));
        if i == 3 {
            assert!(out.ends_with("\r\n+CMS ERROR: 332\r\n"), "{out}");
        } else {
            assert!(out.contains(&format!("+CMGS: {i}")), "{out}");
        }
    }
}

#[test]
fn reboot_resets_settings_keeps_storage_and_prints_boot_urcs() {
    let mut h = Harness::new(Config {
        profile: Profile::QUECTEL,
        ..Config::default()
    });
    h.quiet();
    h.emu.deliver_mo(h.t, "+447700900999", "kept").unwrap();
    h.wait(1000);
    let _ = h.output();
    h.emu.reboot(h.t);
    assert_eq!(h.send("AT\r"), "", "deaf while booting");
    assert_eq!(
        h.wait(1000),
        "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QIND: SMS DONE\r\n"
    );
    assert_eq!(h.send("AT\r"), "AT\r\r\nOK\r\n", "echo on again");
    assert!(h.send("AT+CPMS?\r").contains("\"ME\",1,255"));
    let mut f = Harness::new(Config {
        faults: Faults::NONE.with(Fault::Reboot),
        ..Config::default()
    });
    for _ in 0..39 {
        assert!(f.send("AT\r").ends_with("OK\r\n"));
    }
    assert_eq!(
        f.send("AT\r"),
        "AT\r",
        "40th line: reboot instead of an answer"
    );
    assert!(f.events().contains(&Event::Rebooted));
    assert_eq!(f.wait(1000), "\r\nRDY\r\n");
}

#[test]
fn cmgw_and_cmss() {
    let mut h = Harness::generic();
    h.quiet();
    assert_eq!(h.send("AT+CMGW=28\r"), "\r\n> ");
    assert_eq!(
        h.send(&format!("{SMSD_PDU}\x1a")),
        "\r\n+CMGW: 1\r\n\r\nOK\r\n"
    );
    assert_eq!(h.send("AT+CMSS=1\r"), "\r\n+CMSS: 1\r\n\r\nOK\r\n");
    assert!(h.send("AT+CMGL=4\r").starts_with("\r\n+CMGL: 1,3,,28\r\n"));
    assert_eq!(submitted(&h.events()).len(), 1);
}

#[test]
fn no_panic_on_hostile_bytes() {
    let mut h = Harness::generic();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let b = [(x & 0xFF) as u8, (x >> 8 & 0x7F) as u8, b'\r'];
        h.emu.handle_input(h.t, &b);
        h.t += Duration::from_millis(1);
        let _ = h.output();
        let _ = h.events();
    }
    for line in [
        "AT+CMGR=99999999999\r",
        "AT+CMGD=-1\r",
        "AT+CPMS=,,,,\r",
        "AT+CNMI=9\r",
    ] {
        h.send(line);
    }
}

#[test]
fn huawei_rssi_urcs_until_curc_0() {
    let mut h = Harness::new(Config {
        profile: Profile::HUAWEI_E1752,
        ..Config::default()
    });
    h.quiet();
    // Not governed by +CNMI (still 0,0,0,0,0 here).
    assert_eq!(h.wait(5_100), "\r\n^RSSI:21\r\n");
    assert_eq!(h.send("AT^CURC?\r"), "\r\n^CURC: 1\r\n\r\nOK\r\n");
    assert_eq!(h.send("AT^CURC=0\r"), "\r\nOK\r\n");
    assert_eq!(h.wait(20_000), "");
    // fakemodems.py HuaweiE1752 +CLAC: lines end in "\r\r\n".
    assert!(h.send("AT+CLAC\r").starts_with("\r\n&C\r\r\n\r\nE\r\r\n"));
    // Other profiles have no ^CURC.
    let mut g = Harness::generic();
    g.send("ATE0\r");
    assert_eq!(g.send("AT^CURC=0\r"), "\r\nERROR\r\n");
    assert_eq!(g.wait(20_000), "");
}

#[test]
fn every_profile_sends_and_stores() {
    for p in Profile::ALL {
        let mut h = Harness::new(Config {
            profile: p.clone(),
            ..Config::default()
        });
        h.quiet();
        h.send("AT^CURC=0\r");
        h.send("AT+CMGS=28\r");
        let out = h.send(&format!("{SMSD_PDU}\x1a"));
        assert!(out.contains("+CMGS: 1"), "{}: {out}", p.name);
        h.emu.deliver_mo(h.t, "+447700900999", "hi").unwrap();
        h.wait(1000);
        let first = p.memories[0].0;
        let stored = h.events().into_iter().any(|e| {
            e == Event::Stored {
                mem: first,
                index: 1,
                kind: MessageKind::Sms,
            }
        });
        assert!(stored, "{}", p.name);
        let list = h.send("AT+CMGL=4\r");
        assert_eq!(
            list.contains("+CMGL: 1,0,,"),
            p.sms_storage_commands,
            "{}: {list}",
            p.name
        );
    }
}

#[cfg(feature = "tokio")]
#[test]
fn runner_over_a_duplex_stream() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let session = async {
        let (mut client, device) = tokio::io::duplex(4096);
        let mut emu = Emulator::new(Config::default(), Instant::now());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            let mut events = Vec::new();
            run(&mut emu, device, &mut rx, |e| events.push(e))
                .await
                .unwrap();
            events
        });
        let mut buf = vec![0u8; 256];
        let mut got = String::new();
        client.write_all(b"ATE0\rAT+CNMI=2,1\r").await.unwrap();
        // The message is sent once +CNMI is set (both OKs read), so it is announced.
        while got.matches("OK").count() < 2 {
            let n = client.read(&mut buf).await.unwrap();
            got.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        tx.send(Control::Mo {
            from: "+447700900999".into(),
            text: "over tokio".into(),
        })
        .unwrap();
        while !got.contains("+CMTI: \"SM\",1") {
            let n = client.read(&mut buf).await.unwrap();
            got.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        assert_eq!(got, "ATE0\r\r\nOK\r\n\r\nOK\r\n\r\n+CMTI: \"SM\",1\r\n");
        drop(client);
        let events = task.await.unwrap();
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::Mo { text, .. } if text == "over tokio"))
        );
    };
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(20), session)
            .await
            .expect("the session ends within 20 s");
    });
}

#[test]
fn cnma_with_a_deliver_report_pdu() {
    let mut h = Harness::generic();
    h.quiet();
    h.send("AT+CSMS=1\r");
    h.send("AT+CNMI=2,2,0,0,0\r");
    h.emu.deliver_mo(h.t, "+447700900999", "one").unwrap();
    h.emu.deliver_mo(h.t, "+447700900999", "two").unwrap();
    assert!(h.wait(200).contains("+CMT: ,"));
    // TS 27.005 §3.4.4 "+CNMA=<n>,<length>" then the SMS-DELIVER-REPORT (TS 23.040
    // §9.2.2.1a): RP-ERROR with TP-FCS 0xD3 ("memory capacity exceeded") is "00D300".
    assert_eq!(h.send("AT+CNMA=2,3\r"), "\r\n> ");
    assert_eq!(h.send("00D300\x1a"), "\r\nOK\r\n");
    // Refused: the network sends "one" again after "two" is routed.
    let out = h.wait(1000);
    let Tpdu::Deliver(d) = Harness::pdu_after(&out, "+CMT: ,") else {
        panic!("{out}")
    };
    assert_eq!(d.text().unwrap().as_deref(), Some("two"));
    // RP-ACK: TP-MTI 00, TP-PI 00.
    assert_eq!(h.send("AT+CNMA=1,2\r"), "\r\n> ");
    assert_eq!(h.send("0000\x1a"), "\r\nOK\r\n");
    let out = h.wait(1000);
    let Tpdu::Deliver(d) = Harness::pdu_after(&out, "+CMT: ,") else {
        panic!("{out}")
    };
    assert_eq!(d.text().unwrap().as_deref(), Some("one"));
    // A wrong length is refused and the +CMT still waits.
    h.send("AT+CNMA=1,3\r");
    assert_eq!(h.send("0000\x1a"), "\r\n+CMS ERROR: 304\r\n");
    assert_eq!(h.send("AT+CNMA=0\r"), "\r\nOK\r\n");
    let acks = h
        .events()
        .into_iter()
        .filter(|e| matches!(e, Event::Acknowledged { .. }))
        .count();
    assert_eq!(acks, 2);
}
