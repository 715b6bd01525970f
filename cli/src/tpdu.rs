//! `sms decode tpdu`, `sms encode tpdu` (gsm-pdu crate). Placeholder: owned by the gsm-pdu work.
use crate::common::CliError;

/// Arguments of `sms decode tpdu`.
#[derive(Debug, clap::Args)]
pub(crate) struct DecodeArgs {
    /// The TPDU as hex (`-` reads stdin).
    hex: String,
}

/// Arguments of `sms encode tpdu`.
#[derive(Debug, clap::Args)]
pub(crate) struct EncodeArgs {
    /// The text.
    text: String,
}

pub(crate) fn decode(_args: DecodeArgs) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}

pub(crate) fn encode(_args: EncodeArgs) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}
