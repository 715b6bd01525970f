//! Faults real devices show, switched on one by one (`sms modem-sim --fault NAME[,NAME…]`).

use core::fmt;
use core::str::FromStr;

/// One fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// `urc-in-reply`: unsolicited result codes are held back and written inside the next
    /// command's reply, between its information lines and its final result code (or after
    /// 5 s without a command).
    UrcInReply,
    /// `late-prompt`: the `> ` of `AT+CMGS`/`AT+CMGW` comes 2 s late.
    LatePrompt,
    /// `lost-ok`: the final `OK` of every 5th command line is never sent.
    LostOk,
    /// `cms-error`: every 3rd `AT+CMGS` fails with `+CMS ERROR: 332` (network timeout) and
    /// the message is not sent.
    CmsError,
    /// `storage-full`: every memory holds 3 messages; what arrives while the memory for
    /// received messages is full waits in the network (no `+CMTI`) until a slot is freed
    /// (TS 24.011 memory-available notification).
    StorageFull,
    /// `reboot`: the device restarts after every 40th command line (settings back to their
    /// power-up values, a prompt or unacknowledged `+CMT` dropped, stored messages kept),
    /// ignores input for 1 s and prints its boot URCs.
    Reboot,
    /// `echo-on`: `ATE0` answers `OK` but the echo stays on.
    EchoOn,
}

impl Fault {
    /// Every fault.
    pub const ALL: [Fault; 7] = [
        Fault::UrcInReply,
        Fault::LatePrompt,
        Fault::LostOk,
        Fault::CmsError,
        Fault::StorageFull,
        Fault::Reboot,
        Fault::EchoOn,
    ];

    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Fault::UrcInReply => "urc-in-reply",
            Fault::LatePrompt => "late-prompt",
            Fault::LostOk => "lost-ok",
            Fault::CmsError => "cms-error",
            Fault::StorageFull => "storage-full",
            Fault::Reboot => "reboot",
            Fault::EchoOn => "echo-on",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault name that is not one of [`Fault::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown fault {0:?} (known: urc-in-reply, late-prompt, lost-ok, cms-error, storage-full, reboot, echo-on)"
)]
pub struct UnknownFault(pub String);

impl FromStr for Fault {
    type Err = UnknownFault;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fault::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| UnknownFault(s.into()))
    }
}

/// A set of faults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults(u8);

impl Faults {
    /// No fault.
    pub const NONE: Faults = Faults(0);

    /// This set with `fault` added.
    pub fn with(self, fault: Fault) -> Faults {
        Faults(self.0 | 1 << fault as u8)
    }

    /// Whether `fault` is on.
    pub fn has(self, fault: Fault) -> bool {
        self.0 & 1 << fault as u8 != 0
    }

    /// The faults of a comma-separated list (`"lost-ok,reboot"`).
    pub fn parse_list(list: &str) -> Result<Faults, UnknownFault> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .try_fold(Faults::NONE, |acc, s| Ok(acc.with(s.parse()?)))
    }

    /// The faults that are on, in [`Fault::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Fault> {
        Fault::ALL.into_iter().filter(move |f| self.has(*f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for f in Fault::ALL {
            assert_eq!(f.name().parse::<Fault>(), Ok(f));
        }
        assert!("reboots".parse::<Fault>().is_err());
    }

    #[test]
    fn list_parses() {
        let f = Faults::parse_list("lost-ok, reboot").unwrap();
        assert!(f.has(Fault::LostOk) && f.has(Fault::Reboot) && !f.has(Fault::EchoOn));
        assert_eq!(f.iter().count(), 2);
        assert!(Faults::parse_list("lost-ok,nope").is_err());
    }
}
