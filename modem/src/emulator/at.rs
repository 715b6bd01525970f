//! Splitting a command line into its commands (ITU-T V.250 §5.2 and §5.4; 3GPP TS 27.007 §4).
//!
//! ```text
//! AT E0 V1 +CMEE=1 ; +CREG=2 ; +CPMS="SM","SM"
//!    basic commands    extended commands, separated by ';'
//! ```
//!
//! V.250 §5.2.1: "The command line prefix consists of the characters `AT` or `at`"; a basic
//! command is a letter (or `&` and a letter) with an optional decimal number; an extended
//! command starts with `+` (vendors use `^`, `$`, `%`, `*`, `#` the same way) and ends at `;`
//! or at the end of the line. Characters between double quotes are taken literally.

/// How an extended command was written (V.250 §5.4.2–§5.4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// `+CMD`: action.
    Action,
    /// `+CMD?`: read the current value.
    Read,
    /// `+CMD=?`: test which values are supported.
    Test,
    /// `+CMD=<args>`: set, with the raw argument text.
    Set(String),
}

/// One command of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Command {
    /// A basic command: its name in upper case (`E`, `V`, `&F`, `I`, `Z`, …) and number.
    Basic { name: String, value: Option<u32> },
    /// An extended command: its name in upper case with the prefix (`+CMGS`, `^CURC`).
    Extended { name: String, form: Form },
}

/// A command line that does not follow V.250's syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError;

/// The commands of one line (the text after `AT`), in order.
pub(crate) fn parse_line(body: &str) -> Result<Vec<Command>, SyntaxError> {
    let b = body.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b';' => i += 1,
            b'+' | b'^' | b'$' | b'%' | b'*' | b'#' => {
                let start = i;
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let name = body[start..i].to_ascii_uppercase();
                let form = if body[i..].starts_with("=?") {
                    i += 2;
                    Form::Test
                } else if body[i..].starts_with('?') {
                    i += 1;
                    Form::Read
                } else if body[i..].starts_with('=') {
                    i += 1;
                    let args_start = i;
                    let mut quoted = false;
                    while i < b.len() && (quoted || b[i] != b';') {
                        if b[i] == b'"' {
                            quoted = !quoted;
                        }
                        i += 1;
                    }
                    Form::Set(body[args_start..i].trim().into())
                } else {
                    Form::Action
                };
                out.push(Command::Extended { name, form });
            }
            c if c.is_ascii_alphabetic() || c == b'&' => {
                let start = i;
                i += 1;
                if c == b'&' {
                    if i >= b.len() || !b[i].is_ascii_alphabetic() {
                        return Err(SyntaxError);
                    }
                    i += 1;
                }
                let name = body[start..i].to_ascii_uppercase();
                // D (dial) and S-registers take the rest; neither is emulated.
                if name == "D" {
                    out.push(Command::Basic { name, value: None });
                    break;
                }
                let num_start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let value = if num_start == i {
                    None
                } else {
                    Some(body[num_start..i].parse().map_err(|_| SyntaxError)?)
                };
                // `S<n>?` and `S<n>=<v>`: consumed whole.
                if name == "S" {
                    while i < b.len() && (b[i] == b'?' || b[i] == b'=' || b[i].is_ascii_digit()) {
                        i += 1;
                    }
                }
                out.push(Command::Basic { name, value });
            }
            _ => return Err(SyntaxError),
        }
    }
    Ok(out)
}

/// The comma-separated parameters of a set command; quotes removed from string parameters
/// (V.250 §5.4.2.1: "String values are … enclosed in double quotes").
pub(crate) fn split_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in args.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(core::mem::take(&mut cur).trim().into()),
            _ => cur.push(ch),
        }
    }
    out.push(cur.trim().into());
    out
}

/// An integer parameter; `None` when omitted or not a number.
pub(crate) fn int_arg(args: &[String], i: usize) -> Option<u32> {
    args.get(i).and_then(|a| a.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, args: &str) -> Command {
        Command::Extended {
            name: name.into(),
            form: Form::Set(args.into()),
        }
    }

    #[test]
    fn compound_line_from_smstools3() {
        // smstools3 3.1.21 sends this line (shared/oracles/README.md §8).
        let cmds = parse_line("+CMEE=1;+CREG=2").unwrap();
        assert_eq!(cmds, [set("+CMEE", "1"), set("+CREG", "2")]);
    }

    #[test]
    fn basic_commands_run_together() {
        let cmds = parse_line("E0V1&F").unwrap();
        let names: Vec<_> = cmds
            .iter()
            .map(|c| match c {
                Command::Basic { name, value } => (name.clone(), *value),
                Command::Extended { .. } => panic!("{c:?}"),
            })
            .collect();
        assert_eq!(
            names,
            [
                ("E".into(), Some(0)),
                ("V".into(), Some(1)),
                ("&F".into(), None)
            ]
        );
    }

    #[test]
    fn quoted_semicolon_stays_in_the_argument() {
        let cmds = parse_line("+CPMS=\"S;M\",\"ME\";+CSQ").unwrap();
        assert_eq!(cmds[0], set("+CPMS", "\"S;M\",\"ME\""));
        assert_eq!(split_args("\"S;M\",\"ME\""), ["S;M", "ME"]);
        assert_eq!(
            cmds[1],
            Command::Extended {
                name: "+CSQ".into(),
                form: Form::Action
            }
        );
    }

    #[test]
    fn read_and_test_forms() {
        assert_eq!(
            parse_line("+cpms=?").unwrap()[0],
            Command::Extended {
                name: "+CPMS".into(),
                form: Form::Test
            }
        );
        assert_eq!(
            parse_line("+CNMI?").unwrap()[0],
            Command::Extended {
                name: "+CNMI".into(),
                form: Form::Read
            }
        );
    }

    #[test]
    fn garbage_is_a_syntax_error() {
        assert_eq!(parse_line("\u{1}"), Err(SyntaxError));
        assert_eq!(parse_line("&"), Err(SyntaxError));
    }
}
