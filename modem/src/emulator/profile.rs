//! Profiles of real devices, as data: what a device answers to the identification commands,
//! how it says "unknown command", which memories it has, where it stores status reports and
//! what it prints when it boots.
//!
//! Sources. The identification strings and quirks of the Huawei, Wavecom, ZTE, Qualcomm and
//! Nokia profiles are the replies recorded from those devices in python-gsmmodem's
//! `test/fakemodems.py` (github.com/faucamp/python-gsmmodem, LGPL-3.0; facts about the devices
//! are used, no code). The boot URCs of the Quectel and SIMCom profiles are those their AT
//! command manuals document (Quectel EC2x "RDY … +QIND: SMS DONE", SIMCom SIM800 "RDY …
//! SMS Ready"); `generic` is a plain TS 27.005/27.007 device that the four reference clients
//! (gammu, gammu-smsd, smstools3, python-gsmmodem; shared/oracles/README.md §7–§10) accept.

use super::Memory;

/// Where a device stores an SMS-STATUS-REPORT it does not route to the host directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStorage {
    /// In the memory for received messages (`<mem3>` of `+CPMS`), like an SMS.
    ReceivedMemory,
    /// In the status-report memory `SR`.
    StatusReportMemory,
}

/// A device's answers and habits.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The name `sms modem-sim --profile` takes.
    pub name: &'static str,
    /// Where the data comes from.
    pub source: &'static str,
    /// `AT+CGMI` / `AT+GMI` lines.
    pub manufacturer: &'static [&'static str],
    /// `AT+CGMM` / `AT+GMM` lines.
    pub model: &'static [&'static str],
    /// `AT+CGMR` / `AT+GMR` lines; `None`: the device answers `ERROR`.
    pub revision: Option<&'static [&'static str]>,
    /// `AT+CGSN` (IMEI).
    pub imei: &'static str,
    /// `AT+CIMI` (IMSI).
    pub imsi: &'static str,
    /// `ATI` lines.
    pub ati: &'static [&'static str],
    /// The final result for a command the device does not know (`ERROR`; Huawei E1752 says
    /// `COMMAND NOT SUPPORT`).
    pub unknown_command: &'static str,
    /// Whether `AT+CPIN?` ends with `OK` (old Wavecom modems send `+CPIN: READY` alone).
    pub cpin_ends_with_ok: bool,
    /// The `AT+CPMS=?` line.
    pub cpms_test: &'static str,
    /// The message memories and their capacities; the first is the power-up `<mem1..3>`.
    pub memories: &'static [(Memory, u16)],
    /// Where stored status reports go.
    pub report_storage: ReportStorage,
    /// Whether the SMS commands `+CNMI`, `+CPMS` (set), `+CMGL`, `+CMGR` work (Nokia S60
    /// phones answer `ERROR`).
    pub sms_storage_commands: bool,
    /// `+CNMI` at power-up.
    pub cnmi_at_boot: [u8; 5],
    /// The `AT+CNMI=?` line.
    pub cnmi_test: &'static str,
    /// Lines the device prints when it has booted.
    pub boot_urcs: &'static [&'static str],
    /// `AT+CLAC` lines (`None`: `ERROR`).
    pub clac: Option<&'static [&'static str]>,
    /// A vendor URC the device writes every so many milliseconds until `AT^CURC=0`
    /// (Huawei's `^RSSI`), whatever `+CNMI` says.
    pub periodic_urc: Option<(&'static str, u64)>,
}

const CPMS_3: &str = "+CPMS: (\"ME\",\"MT\",\"SM\",\"SR\"),(\"ME\",\"MT\",\"SM\",\"SR\"),(\"ME\",\"MT\",\"SM\",\"SR\")";
const CNMI_TEST: &str = "+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)";

impl Profile {
    /// A plain TS 27.005 / 27.007 device (the default).
    pub const GENERIC: Profile = Profile {
        name: "generic",
        source: "3GPP TS 27.005 / 27.007 defaults; accepted by gammu 1.42, gammu-smsd 1.42, smstools3 3.1.21, python-gsmmodem-new 0.13",
        manufacturer: &["sms-rs"],
        model: &["modem-sim"],
        revision: Some(&["1.0"]),
        imei: "490154203237518",
        imsi: "001010123456789",
        ati: &["sms-rs", "modem-sim", "Revision: 1.0"],
        unknown_command: "ERROR",
        cpin_ends_with_ok: true,
        cpms_test: "+CPMS: (\"SM\",\"ME\",\"SR\"),(\"SM\",\"ME\",\"SR\"),(\"SM\",\"ME\")",
        memories: &[(Memory::Sm, 30), (Memory::Me, 100), (Memory::Sr, 20)],
        report_storage: ReportStorage::ReceivedMemory,
        sms_storage_commands: true,
        cnmi_at_boot: [0, 0, 0, 0, 0],
        cnmi_test: CNMI_TEST,
        boot_urcs: &["RDY"],
        clac: None,
        periodic_urc: None,
    };

    /// Huawei E1752 USB stick (python-gsmmodem `HuaweiE1752`): `COMMAND NOT SUPPORT` for
    /// unknown commands, `+CLAC` lines without the `+CLAC:` prefix, `^BOOT`-style boot.
    pub const HUAWEI_E1752: Profile = Profile {
        name: "huawei",
        source: "python-gsmmodem test/fakemodems.py HuaweiE1752 (LGPL-3.0)",
        manufacturer: &["huawei"],
        model: &["E1752"],
        revision: Some(&["11.126.13.00.00"]),
        imei: "111111111111111",
        imsi: "111111111111111",
        ati: &[
            "Manufacturer: huawei",
            "Model: E1752",
            "Revision: 11.126.13.00.00",
            "IMEI: 111111111111111",
            "+GCAP: +CGSM,+DS,+ES",
        ],
        unknown_command: "COMMAND NOT SUPPORT",
        cpin_ends_with_ok: true,
        cpms_test: CPMS_3,
        memories: &[(Memory::Sm, 20), (Memory::Me, 50), (Memory::Sr, 20)],
        report_storage: ReportStorage::StatusReportMemory,
        sms_storage_commands: true,
        cnmi_at_boot: [0, 0, 0, 0, 0],
        cnmi_test: "+CNMI: (0,1,2),(0,1,2,3),(0,2),(0,1,2),(0,1)",
        boot_urcs: &["^BOOT:12345678,0,0,0,75", "^RSSI:21"],
        // The E1752's +CLAC: bare names, each line ended by "\r\r\n" (fakemodems.py).
        clac: Some(&[
            "&C\r",
            "E\r",
            "+CGMI\r",
            "+CGMM\r",
            "+CMGF\r",
            "+CMGS\r",
            "+CMGL\r",
            "+CMGR\r",
            "+CNMI\r",
            "+CPMS\r",
            "+CNMA\r",
            "+CMMS\r",
            "^CURC\r",
            "^USSDMODE\r",
        ]),
        // HUAWEI UMTS Datacard AT Command Interface Specification: ^RSSI is reported
        // unsolicited while ^CURC is 1 (the default).
        periodic_urc: Some(("^RSSI:21", 5_000)),
    };

    /// Old Wavecom serial modem (python-gsmmodem `WavecomMultiband900E1800`): leading spaces
    /// in `+CGMI`/`+CGMM`, `ERROR` for `+CGMR`, `+CPIN: READY` without `OK`, SM memory only.
    pub const WAVECOM: Profile = Profile {
        name: "wavecom",
        source: "python-gsmmodem test/fakemodems.py WavecomMultiband900E1800 (LGPL-3.0)",
        manufacturer: &[" WAVECOM MODEM"],
        model: &[" MULTIBAND  900E  1800"],
        revision: None,
        imei: "111111111111111",
        imsi: "111111111111111",
        ati: &["WAVECOM MODEM"],
        unknown_command: "ERROR",
        cpin_ends_with_ok: false,
        cpms_test: "+CPMS: ((\"SM\",\"BM\",\"SR\"),(\"SM\"))",
        memories: &[(Memory::Sm, 50), (Memory::Sr, 20)],
        report_storage: ReportStorage::StatusReportMemory,
        sms_storage_commands: true,
        cnmi_at_boot: [0, 0, 0, 0, 0],
        cnmi_test: "+CNMI: (0-3),(0-3),(0-3),(0,2),(0,1)",
        boot_urcs: &["+WIND: 3", "+WIND: 1", "+WIND: 7", "+WIND: 4"],
        clac: None,
        periodic_urc: None,
    };

    /// ZTE K3565-Z (python-gsmmodem `ZteK3565Z`).
    pub const ZTE: Profile = Profile {
        name: "zte",
        source: "python-gsmmodem test/fakemodems.py ZteK3565Z (LGPL-3.0)",
        manufacturer: &["ZTE INCORPORATED"],
        model: &["K3565-Z"],
        revision: Some(&["BD_P673A2V1.0.0B09"]),
        imei: "111111111111111",
        imsi: "111111111111111",
        ati: &["Manufacturer: ZTE INCORPORATED", "Model: K3565-Z"],
        unknown_command: "ERROR",
        cpin_ends_with_ok: true,
        cpms_test: CPMS_3,
        memories: &[(Memory::Sm, 20), (Memory::Me, 100), (Memory::Sr, 20)],
        report_storage: ReportStorage::ReceivedMemory,
        sms_storage_commands: true,
        cnmi_at_boot: [0, 0, 0, 0, 0],
        cnmi_test: CNMI_TEST,
        boot_urcs: &["+ZPASR: \"UMTS\""],
        clac: None,
        periodic_urc: None,
    };

    /// Quectel EC25-style LTE module: boot URCs per its AT manual.
    pub const QUECTEL: Profile = Profile {
        name: "quectel",
        source: "Quectel EC2x AT Commands Manual: power-up URCs RDY, +CFUN: 1, +CPIN: READY, +QIND: SMS DONE",
        manufacturer: &["Quectel"],
        model: &["EC25"],
        revision: Some(&["Revision: EC25EFAR06A03M4G"]),
        imei: "866758040000000",
        imsi: "001010000000001",
        ati: &["Quectel", "EC25", "Revision: EC25EFAR06A03M4G"],
        unknown_command: "ERROR",
        cpin_ends_with_ok: true,
        cpms_test: "+CPMS: (\"SM\",\"ME\",\"MT\"),(\"SM\",\"ME\",\"MT\"),(\"SM\",\"ME\",\"MT\")",
        memories: &[(Memory::Me, 255), (Memory::Sm, 50)],
        report_storage: ReportStorage::ReceivedMemory,
        sms_storage_commands: true,
        cnmi_at_boot: [2, 1, 0, 0, 0],
        cnmi_test: "+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)",
        boot_urcs: &["RDY", "+CFUN: 1", "+CPIN: READY", "+QIND: SMS DONE"],
        clac: None,
        periodic_urc: None,
    };

    /// SIMCom SIM800-style module: boot URCs per its AT manual.
    pub const SIMCOM: Profile = Profile {
        name: "simcom",
        source: "SIMCom SIM800 Series AT Command Manual: power-up URCs RDY, +CFUN: 1, +CPIN: READY, Call Ready, SMS Ready",
        manufacturer: &["SIMCOM_Ltd"],
        model: &["SIMCOM_SIM800L"],
        revision: Some(&["Revision:1418B05SIM800L24"]),
        imei: "865067020000000",
        imsi: "001010000000002",
        ati: &["SIM800 R14.18"],
        unknown_command: "ERROR",
        cpin_ends_with_ok: true,
        cpms_test: "+CPMS: (\"SM\"),(\"SM\"),(\"SM\")",
        memories: &[(Memory::Sm, 50)],
        report_storage: ReportStorage::ReceivedMemory,
        sms_storage_commands: true,
        cnmi_at_boot: [2, 1, 0, 0, 0],
        cnmi_test: "+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)",
        boot_urcs: &["RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready"],
        clac: None,
        periodic_urc: None,
    };

    /// Nokia N79 (Symbian S60) as a modem (python-gsmmodem `NokiaN79`): sends SMS, but
    /// `+CNMI`, `+CPMS` storage selection and reading are not supported.
    pub const NOKIA: Profile = Profile {
        name: "nokia",
        source: "python-gsmmodem test/fakemodems.py NokiaN79 (LGPL-3.0)",
        manufacturer: &["Nokia"],
        model: &["Nokia N79"],
        revision: Some(&[
            "V ICPR72_08w44.1",
            "24-11-08",
            "RM-348",
            "(c) Nokia",
            "11.049",
        ]),
        imei: "111111111111111",
        imsi: "111111111111111",
        ati: &["Nokia"],
        unknown_command: "ERROR",
        cpin_ends_with_ok: true,
        cpms_test: "+CPMS: (),(),()",
        memories: &[(Memory::Me, 100)],
        report_storage: ReportStorage::ReceivedMemory,
        sms_storage_commands: false,
        cnmi_at_boot: [0, 0, 0, 0, 0],
        cnmi_test: "",
        boot_urcs: &[],
        clac: None,
        periodic_urc: None,
    };

    /// Every built-in profile.
    pub const ALL: &'static [Profile] = &[
        Self::GENERIC,
        Self::HUAWEI_E1752,
        Self::WAVECOM,
        Self::ZTE,
        Self::QUECTEL,
        Self::SIMCOM,
        Self::NOKIA,
    ];

    /// The built-in profile with this name.
    pub fn by_name(name: &str) -> Option<Profile> {
        Self::ALL.iter().find(|p| p.name == name).cloned()
    }

    /// The capacity of `mem`, `None` when the device does not have it.
    pub fn capacity(&self, mem: Memory) -> Option<u16> {
        self.memories
            .iter()
            .find(|(m, _)| *m == mem)
            .map(|&(_, n)| n)
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::GENERIC
    }
}
