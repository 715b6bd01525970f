//! What every subcommand shares: errors with exit codes, reading `-` from stdin, hex in and
//! out, JSON printing.

use std::fmt;
use std::io::{self, Read, Write};

/// A failed command: bad input (exit 2) or a failure at run time (exit 1).
#[derive(Debug)]
pub(crate) enum CliError {
    /// The input was wrong; the message says what and where.
    BadInput(String),
    /// The command failed while running (network, peer, I/O).
    Runtime(String),
}

impl CliError {
    /// Bad input: exit code 2.
    pub(crate) fn bad_input(msg: impl fmt::Display) -> Self {
        Self::BadInput(msg.to_string())
    }

    /// Failure at run time: exit code 1.
    pub(crate) fn runtime(msg: impl fmt::Display) -> Self {
        Self::Runtime(msg.to_string())
    }

    /// The process exit code of the contract.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::BadInput(_) => 2,
            Self::Runtime(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadInput(msg) => write!(f, "bad input: {msg}"),
            Self::Runtime(msg) => f.write_str(msg),
        }
    }
}

/// The value of a `TEXT` or `HEX` argument: `-` reads all of stdin (one trailing newline
/// removed).
pub(crate) fn read_arg(arg: &str) -> Result<String, CliError> {
    if arg != "-" {
        return Ok(arg.to_owned());
    }
    let mut s = String::new();
    io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| CliError::bad_input(format!("reading stdin: {e}")))?;
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    Ok(s)
}

/// Parses hex as the contract says: case-insensitive, spaces and `0x` prefixes accepted.
/// `what` names the argument in the error, which also gives the character position.
pub(crate) fn parse_hex(input: &str, what: &str) -> Result<Vec<u8>, CliError> {
    let mut digits = Vec::with_capacity(input.len());
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X')) {
            i += 2;
            continue;
        }
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => {
                let ch = input[i..].chars().next().unwrap_or('?');
                return Err(CliError::bad_input(format!(
                    "{what}: invalid hex character {ch:?} at position {i}"
                )));
            }
        };
        digits.push((v, i));
        i += 1;
    }
    if digits.len() % 2 != 0 {
        return Err(CliError::bad_input(format!(
            "{what}: odd number of hex digits ({}); the last digit is at position {}",
            digits.len(),
            digits.last().map_or(0, |d| d.1)
        )));
    }
    Ok(digits
        .chunks_exact(2)
        .map(|p| (p[0].0 << 4) | p[1].0)
        .collect())
}

/// Bytes as UPPERCASE hex without spaces.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0F)] as char);
    }
    s
}

/// Prints one JSON document (or one line of a JSON-lines stream) to stdout.
pub(crate) fn print_json(value: &serde_json::Value) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    writeln!(out, "{value}").map_err(|e| CliError::runtime(format!("writing stdout: {e}")))
}

/// Prints human-readable output to stdout.
pub(crate) fn print_human(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| CliError::runtime(format!("writing stdout: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Contract (shared/CLI.md): hex is case-insensitive on input, spaces and 0x accepted.
    #[test]
    fn accepts_hex_with_spaces_prefix_and_case() {
        assert_eq!(
            parse_hex("0x0A ff 7e", "HEX").unwrap(),
            vec![0x0A, 0xFF, 0x7E]
        );
        assert_eq!(hex_upper(&[0x0A, 0xFF]), "0AFF");
    }

    #[test]
    fn rejects_bad_hex_with_position() {
        let err = parse_hex("0A0G", "HEX").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("position 3"), "{err}");
        assert!(parse_hex("ABC", "HEX").is_err());
    }
}
