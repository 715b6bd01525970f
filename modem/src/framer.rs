//! The framer: bytes from the modem in, classified [`Frame`]s out.
//!
//! TS 27.007 §5.7.1 (V.250 §5.7): with `ATV1` a response is `<CR><LF><text><CR><LF>` and a
//! final result code `<CR><LF>OK<CR><LF>`; with `ATV0` a result code is a number followed by
//! `<CR>`. Devices also send `<CR><CR><LF>` (Huawei `AT+CLAC`), bare `<LF>`, leading
//! spaces (Wavecom `AT+CGMI`), and the SMS prompt `<CR><LF>> ` with no line end at all
//! (TS 27.005 §3.5.1: "the TA shall send a four character sequence
//! `<CR><LF><greater_than><space>`"). So any run of CR and LF ends a line, empty lines are
//! dropped, a line's surrounding blanks are trimmed, and the prompt is recognised at the start
//! of a line while a command that wants it is in flight.
//!
//! URCs are recognised by prefix wherever they fall, also between the lines of another
//! command's reply, except a prefix that is the in-flight command's own (`+CPIN: READY` is the
//! answer to `AT+CPIN?` but a restart URC otherwise). `+CMT`, `+CDS` and `+CBM` take the next
//! line as their PDU.
//!
//! The framer is split-invariant: feeding the same bytes in any chunks yields the same frames.

use std::collections::VecDeque;

use crate::error::{CmeError, CmsError, ModemError};
use crate::profile::Profile;
use crate::urc::{self, Urc};

/// Lines longer than this are discarded (and reported), so a modem that never sends a line
/// end cannot make the framer grow without bound. The longest legitimate line, a Huawei
/// `+CLAC` list, is about 2 KiB; a PDU line is at most 2 × 177 characters.
pub const MAX_LINE: usize = 8 * 1024;

/// A final result code: the end of a command's reply.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Final {
    /// `OK` (`0` in V0 form).
    Ok,
    /// `CONNECT [<text>]` (`1`).
    Connect,
    /// An error result.
    Error(ModemError),
}

/// One classified unit of the modem's output.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Frame {
    /// The modem echoing the command (echo on) or the PDU after the prompt.
    Echo(String),
    /// An information line of the command in flight (or a line no rule claims).
    Info(String),
    /// The `> ` prompt of `AT+CMGS`/`AT+CMGW`.
    Prompt,
    /// A final result code.
    Final(Final),
    /// An unsolicited result code.
    Urc(Urc),
    /// An overlong line was dropped (this many bytes so far).
    Discarded(usize),
}

/// What the framer needs to know about the command in flight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Expect {
    /// The command line as sent (for echo detection).
    pub echo: String,
    /// The PDU hex sent after the prompt (for its echo).
    pub pdu: Option<String>,
    /// The command's own response prefix (`+CPIN`), never taken as a URC.
    pub prefix: Option<String>,
    /// Whether a `> ` prompt may come.
    pub prompt: bool,
}

impl Expect {
    /// For the command line `line` (`AT+CPIN?`): its echo and its own prefix (`+CPIN`); a
    /// prompt is expected for `AT+CMGS=`/`AT+CMGW=`.
    pub fn command(line: &str) -> Self {
        let upper = line.to_ascii_uppercase();
        Self {
            echo: line.to_owned(),
            pdu: None,
            prefix: command_prefix(line),
            prompt: upper.starts_with("AT+CMGS=") || upper.starts_with("AT+CMGW="),
        }
    }
}

/// Prefixes of the URCs TS 27.005 and TS 27.007 define, and of common start-up lines.
const STANDARD_URCS: &[&str] = &[
    "+CMTI",
    "+CMT",
    "+CDSI",
    "+CDS",
    "+CBMI",
    "+CBM",
    "RING",
    "+CRING",
    "+CLIP",
    "+CCWA",
    "+CUSD",
    "+CREG",
    "+CGREG",
    "+CEREG",
    "+C5GREG",
    "+CIEV",
    "+CCCM",
    "+CSSI",
    "+CSSU",
    "+CTZV",
    "+CTZE",
    "+CGEV",
    "+CPIN",
    "+CFUN",
    "RDY",
    "+CMTI",
    "^SYSSTART",
    "+PBREADY",
    "SMS DONE",
    "SMS Ready",
    "Call Ready",
    "PB DONE",
];

/// URCs that carry their PDU on a second line (TS 27.005 §3.4.1, PDU mode).
const TWO_LINE: &[&str] = &["+CMT", "+CDS", "+CBM"];

/// Splits the modem's byte stream into [`Frame`]s. See the module docs.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    out: VecDeque<Frame>,
    discarding: usize,
    pending_header: Option<String>,
    expect: Option<Expect>,
    numeric: bool,
    last_numeric: bool,
    profile: Profile,
}

impl Framer {
    /// A framer knowing `profile`'s URCs, restart lines and error words.
    pub fn new(profile: Profile) -> Self {
        Self {
            buf: Vec::new(),
            out: VecDeque::new(),
            discarding: 0,
            pending_header: None,
            expect: None,
            numeric: false,
            last_numeric: false,
            profile,
        }
    }

    /// Tells the framer a command is in flight (echo, own prefix, prompt).
    pub fn begin(&mut self, expect: Expect) {
        self.expect = Some(expect);
    }

    /// No command is in flight any more.
    pub fn end(&mut self) {
        self.expect = None;
    }

    /// Accepts V0 (numeric) result codes `0`–`8` as final results.
    pub fn set_numeric(&mut self, numeric: bool) {
        self.numeric = numeric;
    }

    /// Whether V0 result codes are accepted.
    pub fn numeric(&self) -> bool {
        self.numeric
    }

    /// Whether the last final result came in V0 (numeric) form.
    pub fn last_numeric(&self) -> bool {
        self.last_numeric
    }

    /// Forgets buffered bytes and any half-received two-line URC (after a modem restart).
    pub fn reset(&mut self) {
        self.buf.clear();
        self.pending_header = None;
        self.discarding = 0;
    }

    /// Appends bytes read from the modem.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete frame, or `None` until more bytes come.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if let Some(f) = self.out.pop_front() {
                return Some(f);
            }
            if !self.step() {
                return None;
            }
        }
    }

    /// Consumes one unit from the buffer; false when more bytes are needed.
    fn step(&mut self) -> bool {
        if self.discarding > 0 {
            match self.buf.iter().position(|&b| b == b'\r' || b == b'\n') {
                Some(i) => {
                    self.discarding += i;
                    self.buf.drain(..i);
                    self.out.push_back(Frame::Discarded(self.discarding));
                    self.discarding = 0;
                    // A frame is out: say so, even if no further byte is buffered.
                    return true;
                }
                None => {
                    self.discarding += self.buf.len();
                    self.buf.clear();
                    return false;
                }
            }
        }
        let start = self
            .buf
            .iter()
            .position(|&b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t' | 0))
            .unwrap_or(self.buf.len());
        self.buf.drain(..start);
        if self.buf.is_empty() {
            return false;
        }
        if self.buf[0] == b'>' && self.expect.as_ref().is_some_and(|e| e.prompt) {
            self.buf.remove(0);
            self.out.push_back(Frame::Prompt);
            return true;
        }
        let Some(end) = self.buf.iter().position(|&b| b == b'\r' || b == b'\n') else {
            if self.buf.len() > MAX_LINE {
                self.discarding = self.buf.len();
                self.buf.clear();
            }
            return false;
        };
        if end > MAX_LINE {
            self.buf.drain(..end);
            self.out.push_back(Frame::Discarded(end));
            return true;
        }
        let line = String::from_utf8_lossy(&self.buf[..end]).trim().to_owned();
        self.buf.drain(..=end);
        self.classify(line);
        true
    }

    fn classify(&mut self, line: String) {
        if let Some(header) = self.pending_header.take() {
            if let Some(pdu) = urc::hex_line(&line) {
                let length = urc::header_length(&header);
                let u = if header.starts_with("+CDS") {
                    Urc::Cds { length, pdu }
                } else if header.starts_with("+CMT") {
                    Urc::Cmt { length, pdu }
                } else {
                    Urc::Other(header + "\n" + &line)
                };
                self.out.push_back(Frame::Urc(u));
                return;
            }
            self.out.push_back(Frame::Urc(Urc::Truncated(header)));
        }
        if let Some(e) = &self.expect {
            let is_echo = line.eq_ignore_ascii_case(e.echo.trim_end_matches('\r'))
                || line.ends_with('\u{1a}')
                || line.ends_with('\u{1b}')
                || e.pdu
                    .as_deref()
                    .is_some_and(|p| line.eq_ignore_ascii_case(p));
            if is_echo {
                self.out.push_back(Frame::Echo(line));
                return;
            }
        }
        if let Some(f) = self.final_result(&line) {
            self.last_numeric = line.len() == 1;
            self.out.push_back(Frame::Final(f));
            return;
        }
        let prefix = line_prefix(&line);
        let own = self
            .expect
            .as_ref()
            .and_then(|e| e.prefix.as_deref())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
        if own || !self.is_urc(prefix, &line) {
            self.out.push_back(Frame::Info(line));
            return;
        }
        if TWO_LINE.iter().any(|p| p.eq_ignore_ascii_case(prefix)) {
            self.pending_header = Some(line);
            return;
        }
        let u = self.urc(line);
        self.out.push_back(Frame::Urc(u));
    }

    /// A line that no command is waiting for, classified as a URC.
    pub fn urc(&self, line: String) -> Urc {
        let prefix = line_prefix(&line);
        let starts = |m: &&str| {
            line.len() >= m.len() && line.as_bytes()[..m.len()].eq_ignore_ascii_case(m.as_bytes())
        };
        if self.profile.restart_markers.iter().any(starts) {
            return Urc::Restart(line);
        }
        if self.profile.storage_full_markers.iter().any(starts) {
            return Urc::StorageFull(line);
        }
        if (prefix.eq_ignore_ascii_case("+CMTI") || prefix.eq_ignore_ascii_case("+CDSI"))
            && let Some((mem, index)) = urc::parse_stored(&line)
        {
            return if prefix.eq_ignore_ascii_case("+CMTI") {
                Urc::Cmti { mem, index }
            } else {
                Urc::Cdsi { mem, index }
            };
        }
        Urc::Other(line)
    }

    fn is_urc(&self, prefix: &str, line: &str) -> bool {
        let known = |list: &[&str]| list.iter().any(|p| p.eq_ignore_ascii_case(prefix));
        known(STANDARD_URCS)
            || known(self.profile.extra_urcs)
            || self
                .profile
                .restart_markers
                .iter()
                .chain(self.profile.storage_full_markers)
                .any(|m| {
                    line.eq_ignore_ascii_case(m) || line_prefix(m).eq_ignore_ascii_case(prefix)
                })
    }

    fn final_result(&self, line: &str) -> Option<Final> {
        let upper = line.to_ascii_uppercase();
        let f = match upper.as_str() {
            "OK" => Final::Ok,
            "ERROR" => Final::Error(ModemError::Error),
            "NO CARRIER" | "BUSY" | "NO ANSWER" | "NO DIALTONE" | "NO DIAL TONE" => {
                Final::Error(ModemError::Other(line.to_owned()))
            }
            "0" | "1" | "3" | "4" | "6" | "7" | "8" if self.numeric => match upper.as_str() {
                "0" => Final::Ok,
                "1" => Final::Connect,
                "4" => Final::Error(ModemError::Error),
                "3" => Final::Error(ModemError::Other("NO CARRIER".into())),
                "6" => Final::Error(ModemError::Other("NO DIALTONE".into())),
                "7" => Final::Error(ModemError::Other("BUSY".into())),
                _ => Final::Error(ModemError::Other("NO ANSWER".into())),
            },
            _ if upper == "CONNECT" || upper.starts_with("CONNECT ") => Final::Connect,
            _ if upper.starts_with("+CMS ERROR:") => Final::Error(cms(&line[11..])),
            _ if upper.starts_with("+CME ERROR:") => Final::Error(cme(&line[11..])),
            _ if self
                .profile
                .extra_errors
                .iter()
                .any(|e| e.eq_ignore_ascii_case(line)) =>
            {
                Final::Error(ModemError::Other(line.to_owned()))
            }
            _ => return None,
        };
        Some(f)
    }
}

fn cms(text: &str) -> ModemError {
    let text = text.trim();
    match text.parse::<u16>() {
        Ok(n) => ModemError::Cms(CmsError(n)),
        Err(_) => CmsError::from_text(text).map_or_else(
            || ModemError::Unrecognised {
                prefix: "+CMS",
                text: text.to_owned(),
            },
            ModemError::Cms,
        ),
    }
}

fn cme(text: &str) -> ModemError {
    let text = text.trim();
    match text.parse::<u16>() {
        Ok(n) => ModemError::Cme(CmeError(n)),
        Err(_) => CmeError::from_text(text).map_or_else(
            || ModemError::Unrecognised {
                prefix: "+CME",
                text: text.to_owned(),
            },
            ModemError::Cme,
        ),
    }
}

/// The part of a line before its colon (the whole line when there is none).
pub(crate) fn line_prefix(line: &str) -> &str {
    match line.find(':') {
        Some(i) => line[..i].trim_end(),
        None => line,
    }
}

/// The response prefix of a command line: `AT+CPIN?` → `+CPIN`, `AT^CURC=0` → `^CURC`.
pub(crate) fn command_prefix(command: &str) -> Option<String> {
    let rest = command.get(2..)?;
    if !rest.starts_with(['+', '^', '$', '#', '*']) {
        return None;
    }
    let end = rest.find(['=', '?', '\r']).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(profile: Profile, expect: Option<Expect>, input: &[u8]) -> Vec<Frame> {
        let mut f = Framer::new(profile);
        if let Some(e) = expect {
            f.begin(e);
        }
        f.push(input);
        core::iter::from_fn(|| f.next_frame()).collect()
    }

    #[test]
    fn accepts_urc_between_reply_lines() {
        let e = Expect {
            echo: "AT+CSQ".into(),
            prefix: Some("+CSQ".into()),
            ..Expect::default()
        };
        let got = frames(
            Profile::generic(),
            Some(e),
            b"\r\n+CSQ: 18,99\r\n\r\n+CMTI: \"SM\",3\r\n\r\nOK\r\n",
        );
        assert_eq!(
            got,
            vec![
                Frame::Info("+CSQ: 18,99".into()),
                Frame::Urc(Urc::Cmti {
                    mem: Some("SM".into()),
                    index: 3
                }),
                Frame::Final(Final::Ok),
            ]
        );
    }

    #[test]
    fn command_prefixes() {
        assert_eq!(command_prefix("AT+CPIN?").as_deref(), Some("+CPIN"));
        assert_eq!(command_prefix("AT^CURC=0").as_deref(), Some("^CURC"));
        assert_eq!(command_prefix("ATE0"), None);
        assert_eq!(command_prefix("AT+CGMI").as_deref(), Some("+CGMI"));
    }
}
