//! Vendor profiles: what differs between modems, as data.
//!
//! A [`Profile`] lists a device family's extra URCs (so they are recognised in the middle of
//! a command's reply), the lines that mean it restarted, the lines that mean its storage is
//! full, the commands it wants after echo-off, its `AT+CNMI` ladder, its `+CNMA` form and
//! whether its `AT+CPIN?` omits the final `OK`. [`Profile::generic`] suits any TS 27.005
//! modem; [`Profile::by_name`] finds the others.

/// How a device wants `+CMT`/`+CDS` acknowledged (TS 27.005 §3.4.4 `AT+CNMA`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CnmaForm {
    /// `AT+CNMA`: the form TS 27.005 gives for both modes (Huawei, Quectel, SIMCom, Wavecom).
    Bare,
    /// `AT+CNMA=0`: PDU mode with `<n>` given ("command operates similarly as defined for
    /// the text mode"), required by some Telit and ZTE firmware.
    Zero,
}

/// A device family's quirks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// Short name (`generic`, `huawei`, …), as `--profile` takes it.
    pub name: &'static str,
    /// URC prefixes beyond TS 27.005/27.007's (compared up to the colon, without case).
    pub extra_urcs: &'static [&'static str],
    /// Lines (prefixes) that say the device restarted; the driver re-initialises on them.
    pub restart_markers: &'static [&'static str],
    /// Lines (prefixes) that say the message storage is full.
    pub storage_full_markers: &'static [&'static str],
    /// Vendor commands sent after echo-off; their errors are ignored.
    pub init_commands: &'static [&'static str],
    /// `AT+CNMI=` parameter sets to try in order, best first.
    pub cnmi_ladder: &'static [&'static str],
    /// The `+CNMA` form.
    pub cnma: CnmaForm,
    /// Words the device sends instead of `ERROR` (Huawei E1752: `COMMAND NOT SUPPORT`).
    pub extra_errors: &'static [&'static str],
}

/// The ladder of `AT+CNMI` settings (TS 27.005 §3.4.1): store and notify (`<mt>=1`, the
/// message survives a host crash), status reports stored (`<ds>=2`) or routed (`<ds>=1`),
/// then direct routing (`<mt>=2`, acknowledged with `+CNMA`), then fewer parameters for
/// devices that reject five.
const STANDARD_LADDER: &[&str] = &[
    "2,1,0,2,0",
    "2,1,0,1,0",
    "1,1,0,2,0",
    "1,1,0,1,0",
    "2,1,0,2",
    "2,1,0,1",
    "2,1",
    "1,1",
    "2,2,0,1,0",
    "2,2",
];

/// Lines every profile treats as a restart.
const STANDARD_RESTART: &[&str] = &["RDY", "+CPIN: READY", "+CFUN: 1", "^SYSSTART"];

impl Profile {
    /// Any TS 27.005 modem.
    pub const fn generic() -> Self {
        Self {
            name: "generic",
            extra_urcs: &[],
            restart_markers: STANDARD_RESTART,
            storage_full_markers: &[],
            init_commands: &[],
            cnmi_ladder: STANDARD_LADDER,
            cnma: CnmaForm::Bare,
            extra_errors: &[],
        }
    }

    /// Huawei USB sticks (E1752, K3715, E3372…): `^` URCs, `AT^CURC=0` to silence the
    /// periodic ones, `^BOOT` on restart, `^SMMEMFULL` on a full store, `COMMAND NOT SUPPORT`.
    pub const fn huawei() -> Self {
        Self {
            name: "huawei",
            extra_urcs: &[
                "^RSSI",
                "^MODE",
                "^BOOT",
                "^SRVST",
                "^SIMST",
                "^DSFLOWRPT",
                "^SMMEMFULL",
                "^CEND",
                "^ORIG",
                "^CONF",
                "^CONN",
                "^HCSQ",
                "^STIN",
                "^NDISSTAT",
                "^RSSILVL",
                "^NWTIME",
                "^TIME",
            ],
            restart_markers: &["RDY", "+CPIN: READY", "^BOOT", "^SYSSTART", "^SIMST: 1"],
            storage_full_markers: &["^SMMEMFULL"],
            init_commands: &["AT^CURC=0"],
            cnmi_ladder: STANDARD_LADDER,
            cnma: CnmaForm::Bare,
            extra_errors: &["COMMAND NOT SUPPORT", "TOO MANY PARAMETERS"],
        }
    }

    /// ZTE and Qualcomm-based ZTE sticks (K3565-Z, MF190, M6280): `+Z…` URCs.
    pub const fn zte() -> Self {
        Self {
            name: "zte",
            extra_urcs: &[
                "+ZPASR", "+ZUSIMR", "+ZDONR", "+ZEND", "+ZSTR", "+ZCPBR", "+ZRSSI",
            ],
            restart_markers: &["RDY", "+CPIN: READY", "+ZUSIMR: 2"],
            storage_full_markers: &["+ZSMSR"],
            init_commands: &[],
            cnmi_ladder: STANDARD_LADDER,
            cnma: CnmaForm::Zero,
            extra_errors: &["COMMAND NOT SUPPORT"],
        }
    }

    /// Wavecom and Sierra Wireless (Fastrack, Q24xx): `+WIND` indications, only two
    /// `+CPMS` memories, `AT+CPIN?` answered without `OK`.
    pub const fn wavecom() -> Self {
        Self {
            name: "wavecom",
            extra_urcs: &["+WIND", "+STIN"],
            restart_markers: &["+WIND: 3", "+WIND: 0", "RDY", "+CPIN: READY"],
            storage_full_markers: &["+WIND: 11"],
            init_commands: &[],
            cnmi_ladder: &["2,1,0,2", "2,1,0,1", "2,1", "1,1", "2,2,0,1"],
            cnma: CnmaForm::Bare,
            extra_errors: &[],
        }
    }

    /// Quectel (EC2x, UC20, M95, BG96): `+QIND`, `RDY` on restart.
    pub const fn quectel() -> Self {
        Self {
            name: "quectel",
            extra_urcs: &["+QIND", "+QUSIM", "+QSTK", "POWERED DOWN"],
            restart_markers: &["RDY", "+CPIN: READY", "+QUSIM: 1"],
            storage_full_markers: &["+QIND: SMSFULL", "+QIND: \"smsfull\""],
            init_commands: &[],
            cnmi_ladder: STANDARD_LADDER,
            cnma: CnmaForm::Bare,
            extra_errors: &[],
        }
    }

    /// SIMCom (SIM800, SIM900, SIM7600): `RDY`, `SMS Ready`, `Call Ready`, `*PSUTTZ`.
    pub const fn simcom() -> Self {
        Self {
            name: "simcom",
            extra_urcs: &[
                "SMS Ready",
                "Call Ready",
                "PB DONE",
                "*PSUTTZ",
                "DST",
                "+CTZV",
                "*ATREADY",
                "+STIN",
                "NORMAL POWER DOWN",
                "UNDER-VOLTAGE WARNNING",
            ],
            restart_markers: &["RDY", "+CPIN: READY", "*ATREADY", "START"],
            storage_full_markers: &["+SMSFULL"],
            init_commands: &[],
            cnmi_ladder: STANDARD_LADDER,
            cnma: CnmaForm::Bare,
            extra_errors: &[],
        }
    }

    /// Telit (GL865, HE910, LE910): `#QSS` SIM status, `+CNMA=0` wanted in PDU mode.
    pub const fn telit() -> Self {
        Self {
            name: "telit",
            extra_urcs: &["#QSS", "#SYSSTART"],
            restart_markers: &["#SYSSTART", "+CPIN: READY", "#QSS: 1"],
            storage_full_markers: &[],
            init_commands: &[],
            cnmi_ladder: STANDARD_LADDER,
            cnma: CnmaForm::Zero,
            extra_errors: &[],
        }
    }

    /// Nokia phones as modems (N79, N95: python-gsmmodem's `fakemodems.py`): no `AT+CNMI`,
    /// no `AT+CPMS`, so sending only (and periodic sweeps where listing works).
    pub const fn nokia() -> Self {
        Self {
            name: "nokia",
            extra_urcs: &[],
            restart_markers: &["+CPIN: READY"],
            storage_full_markers: &[],
            init_commands: &[],
            cnmi_ladder: &["2,1,0,2,0", "2,1,0,2", "1,1"],
            cnma: CnmaForm::Bare,
            extra_errors: &[],
        }
    }

    /// Every built-in profile.
    pub fn all() -> [Self; 8] {
        [
            Self::generic(),
            Self::huawei(),
            Self::zte(),
            Self::wavecom(),
            Self::quectel(),
            Self::simcom(),
            Self::telit(),
            Self::nokia(),
        ]
    }

    /// The built-in profile named `name` (`sierra` is `wavecom`).
    pub fn by_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let name = if name == "sierra" { "wavecom" } else { &name };
        Self::all().into_iter().find(|p| p.name == name)
    }

    /// The `+CNMA` command line.
    pub(crate) fn cnma_command(&self) -> &'static str {
        match self.cnma {
            CnmaForm::Bare => "AT+CNMA",
            CnmaForm::Zero => "AT+CNMA=0",
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::generic()
    }
}
