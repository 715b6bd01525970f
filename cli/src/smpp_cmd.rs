//! `sms decode smpp`, `sms encode smpp …` (smpp crate). Placeholder: owned by the smpp codec work.
use crate::common::CliError;

/// Arguments of `sms decode smpp`.
#[derive(Debug, clap::Args)]
pub(crate) struct DecodeArgs {
    /// PDUs as hex (`-` reads stdin).
    hex: String,
}

/// `sms encode smpp …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum EncodeCommand {
    /// Build submit_sm PDUs for a text.
    SubmitSm {
        /// The text.
        text: String,
    },
}

pub(crate) fn decode(_args: DecodeArgs) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}

pub(crate) fn encode(_cmd: EncodeCommand) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}
