//! Who may bind: system_id / password pairs, judged as SMPP 3.4 §5.1.3 prescribes.

use smpp::CommandStatus;
use std::borrow::ToOwned;
use std::string::String;
use std::vec::Vec;

use super::SimulatorError;

/// The accounts a simulator accepts; none accepts any bind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Accounts(Vec<(String, String)>);

impl Accounts {
    /// Adds an account. SMPP 3.4 §4.1.1: system_id is at most 15 octets and password at
    /// most 8 (C-Octet Strings of 16 and 9 with the NUL).
    pub(crate) fn add(&mut self, system_id: &str, password: &str) -> Result<(), SimulatorError> {
        let reason = if system_id.is_empty() || system_id.len() > 15 {
            "system_id must be 1 to 15 characters"
        } else if password.len() > 8 {
            "password must be at most 8 characters"
        } else if system_id.contains('\0') || password.contains('\0') {
            "system_id and password cannot contain NUL"
        } else {
            self.0.push((system_id.to_owned(), password.to_owned()));
            return Ok(());
        };
        Err(SimulatorError::Account {
            system_id: system_id.to_owned(),
            reason,
        })
    }

    /// Whether any bind is accepted.
    pub(crate) fn is_open(&self) -> bool {
        self.0.is_empty()
    }

    /// The status to answer a bind with: ESME_ROK, ESME_RINVSYSID for an unknown
    /// system_id, ESME_RINVPASWD for a wrong password (SMPP 3.4 §5.1.3).
    pub(crate) fn check(&self, system_id: &[u8], password: &[u8]) -> CommandStatus {
        if self.is_open() {
            return CommandStatus::ESME_ROK;
        }
        match self.0.iter().find(|(id, _)| id.as_bytes() == system_id) {
            None => CommandStatus::ESME_RINVSYSID,
            Some((_, pw)) if pw.as_bytes() == password => CommandStatus::ESME_ROK,
            Some(_) => CommandStatus::ESME_RINVPASWD,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SMPP 3.4 §5.1.3: ESME_RINVPASWD 0x0E "Invalid Password", ESME_RINVSYSID 0x0F
    // "Invalid System ID".
    #[test]
    fn rejects_unknown_id_and_wrong_password() {
        let mut a = Accounts::default();
        a.add("esme", "secret").unwrap();
        assert_eq!(a.check(b"esme", b"secret"), CommandStatus::ESME_ROK);
        assert_eq!(a.check(b"esme", b"nope"), CommandStatus::ESME_RINVPASWD);
        assert_eq!(a.check(b"other", b"secret"), CommandStatus::ESME_RINVSYSID);
    }

    #[test]
    fn accepts_any_bind_without_accounts() {
        assert_eq!(
            Accounts::default().check(b"x", b"y"),
            CommandStatus::ESME_ROK
        );
    }

    // SMPP 3.4 §4.1.1: system_id Var. max 16 (15 + NUL), password Var. max 9 (8 + NUL).
    #[test]
    fn rejects_overlong_or_empty_accounts() {
        let mut a = Accounts::default();
        assert!(a.add("id", "123456789").is_err());
        assert!(a.add("sixteen_chars_id", "pw").is_err());
        assert!(a.add("", "pw").is_err());
        assert!(a.add("fifteen_chars_i", "12345678").is_ok());
        assert!(!a.is_open());
    }
}
