//! `sms count`, `sms gsm7 pack`, `sms gsm7 unpack` (gsm7 crate). Placeholder: owned by the gsm7 work.
use crate::common::CliError;

/// Arguments of `sms count`.
#[derive(Debug, clap::Args)]
pub(crate) struct CountArgs {
    /// The text (`-` reads stdin).
    text: String,
}

/// `sms gsm7 …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Gsm7Command {
    /// Pack text into GSM 7-bit septets.
    Pack {
        /// The text.
        text: String,
    },
}

pub(crate) fn count(_args: CountArgs) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}

pub(crate) fn gsm7(_cmd: Gsm7Command) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}
