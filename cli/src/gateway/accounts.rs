//! The SMSC simulator's accounts: which system_id / password pairs may bind.

use smpp::CommandStatus;

/// The accounts a simulator accepts; empty accepts any bind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Accounts(Vec<(String, String)>);

impl Accounts {
    /// Parses `--account ID:PASSWORD` values. SMPP 3.4 §4.1.1: system_id is at most 15
    /// octets and password at most 8 (C-Octet Strings of 16 and 9 with the NUL).
    pub(crate) fn parse(values: &[String]) -> Result<Self, String> {
        let mut out = Vec::with_capacity(values.len());
        for v in values {
            let Some((id, pw)) = v.split_once(':') else {
                return Err(format!("--account {v:?}: expected ID:PASSWORD"));
            };
            if id.is_empty() || id.len() > 15 {
                return Err(format!(
                    "--account {v:?}: system_id must be 1 to 15 characters"
                ));
            }
            if pw.len() > 8 {
                return Err(format!(
                    "--account {v:?}: password must be at most 8 characters"
                ));
            }
            out.push((id.to_owned(), pw.to_owned()));
        }
        Ok(Self(out))
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
        let a = Accounts::parse(&["esme:secret".into()]).unwrap();
        assert_eq!(a.check(b"esme", b"secret"), CommandStatus::ESME_ROK);
        assert_eq!(a.check(b"esme", b"nope"), CommandStatus::ESME_RINVPASWD);
        assert_eq!(a.check(b"other", b"secret"), CommandStatus::ESME_RINVSYSID);
    }

    #[test]
    fn accepts_any_bind_without_accounts() {
        let a = Accounts::parse(&[]).unwrap();
        assert_eq!(a.check(b"x", b"y"), CommandStatus::ESME_ROK);
    }

    #[test]
    fn rejects_malformed_account_arguments() {
        assert!(Accounts::parse(&["nocolon".into()]).is_err());
        assert!(Accounts::parse(&["id:123456789".into()]).is_err());
        assert!(Accounts::parse(&["sixteen_chars_id:pw".into()]).is_err());
        assert!(Accounts::parse(&[":pw".into()]).is_err());
    }
}
