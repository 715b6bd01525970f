//! A text format to record a session with a modem and replay it through the driver.
//!
//! One line per chunk of bytes, in the order they passed:
//!
//! ```text
//! # sms-modem trace 1
//! 0 > AT\r
//! 12 < \r\nOK\r\n
//! ```
//!
//! The first field is milliseconds since the session started, the second `>` for bytes
//! written to the modem or `<` for bytes read from it, the rest the bytes with `\r`, `\n`,
//! `\\` and `\xHH` escapes (printable ASCII as itself). Lines starting with `#` are comments.
//!
//! [`Trace::replay`] feeds the `<` chunks to a fresh [`Modem`] at their times and collects
//! what it writes, so a recorded field problem becomes a test.

use core::fmt;
use std::time::{Duration, Instant};

use crate::driver::{Config, Event, Modem};

/// Which way a chunk went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TraceDirection {
    /// Written to the modem (`>`).
    ToModem,
    /// Read from the modem (`<`).
    FromModem,
}

/// One chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    /// Time since the session started.
    pub at: Duration,
    /// Which way.
    pub dir: TraceDirection,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A recorded session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    entries: Vec<TraceEntry>,
}

/// A trace line that does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("trace line {line}: {what}")]
pub struct TraceError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub what: &'static str,
}

/// What a replay produced.
#[derive(Debug)]
#[non_exhaustive]
pub struct Replay {
    /// Everything the driver wrote.
    pub written: Vec<u8>,
    /// Everything the recorded session wrote (the `>` chunks).
    pub recorded: Vec<u8>,
    /// The driver's events.
    pub events: Vec<Event>,
}

impl Replay {
    /// Whether the driver wrote exactly what was recorded.
    pub fn matches(&self) -> bool {
        self.written == self.recorded
    }
}

impl Trace {
    /// An empty trace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a chunk (empty chunks are skipped).
    pub fn record(&mut self, at: Duration, dir: TraceDirection, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.entries.push(TraceEntry {
                at,
                dir,
                bytes: bytes.to_vec(),
            });
        }
    }

    /// The chunks, in order.
    pub fn entries(&self) -> &[TraceEntry] {
        &self.entries
    }

    /// Parses the text form.
    pub fn parse(text: &str) -> Result<Self, TraceError> {
        let mut t = Self::new();
        for (n, line) in text.lines().enumerate() {
            let err = |what| TraceError { line: n + 1, what };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (ms, rest) = line.split_once(' ').ok_or(err("no direction"))?;
            let ms: u64 = ms.parse().map_err(|_| err("bad time"))?;
            let (dir, data) = rest.split_at_checked(1).ok_or(err("no direction"))?;
            let dir = match dir {
                ">" => TraceDirection::ToModem,
                "<" => TraceDirection::FromModem,
                _ => return Err(err("direction is neither > nor <")),
            };
            let data = data.strip_prefix(' ').unwrap_or(data);
            let bytes = unescape(data).ok_or(err("bad escape"))?;
            t.record(Duration::from_millis(ms), dir, &bytes);
        }
        Ok(t)
    }

    /// Feeds the recorded modem output to a new driver with `config`, its clock starting at
    /// `start`.
    pub fn replay(&self, config: Config, start: Instant) -> Replay {
        let mut m = Modem::new(config, start);
        let mut written = Vec::new();
        let mut recorded = Vec::new();
        let mut events = Vec::new();
        let drain = |m: &mut Modem, written: &mut Vec<u8>, events: &mut Vec<Event>| {
            while let Some(b) = m.poll_transmit() {
                written.extend(b);
            }
            events.extend(core::iter::from_fn(|| m.poll_event()));
        };
        drain(&mut m, &mut written, &mut events);
        for e in &self.entries {
            let at = start + e.at;
            while let Some(t) = m.poll_timeout().filter(|&t| t <= at) {
                m.handle_timeout(t);
                drain(&mut m, &mut written, &mut events);
            }
            match e.dir {
                TraceDirection::ToModem => recorded.extend_from_slice(&e.bytes),
                TraceDirection::FromModem => {
                    m.handle_input(at, &e.bytes);
                    drain(&mut m, &mut written, &mut events);
                }
            }
        }
        Replay {
            written,
            recorded,
            events,
        }
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# sms-modem trace 1")?;
        for e in &self.entries {
            let dir = match e.dir {
                TraceDirection::ToModem => '>',
                TraceDirection::FromModem => '<',
            };
            writeln!(f, "{} {dir} {}", e.at.as_millis(), escape(&e.bytes))?;
        }
        Ok(())
    }
}

fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7E => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02X}")),
        }
    }
    s
}

fn unescape(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        match b.get(i + 1)? {
            b'r' => out.push(b'\r'),
            b'n' => out.push(b'\n'),
            b'\\' => out.push(b'\\'),
            b'x' => {
                let hex = s.get(i + 2..i + 4)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            _ => return None,
        }
        i += 2;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_escapes() {
        let mut t = Trace::new();
        t.record(
            Duration::from_millis(5),
            TraceDirection::ToModem,
            b"00AB\x1a\\ \x1b\r\n",
        );
        let text = t.to_string();
        assert_eq!(text, "# sms-modem trace 1\n5 > 00AB\\x1A\\\\ \\x1B\\r\\n\n");
        assert_eq!(Trace::parse(&text).unwrap(), t);
    }

    #[test]
    fn rejects_bad_lines() {
        assert_eq!(Trace::parse("x > AT").unwrap_err().what, "bad time");
        assert_eq!(Trace::parse("1 ? AT").unwrap_err().line, 1);
        assert_eq!(Trace::parse("1 > \\q").unwrap_err().what, "bad escape");
        assert_eq!(Trace::parse("1 > \\x4").unwrap_err().what, "bad escape");
    }
}
