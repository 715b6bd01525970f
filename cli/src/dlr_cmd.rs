//! `sms dlr` (dlr crate). Placeholder: owned by the dlr work.
use crate::common::CliError;

/// Arguments of `sms dlr`.
#[derive(Debug, clap::Args)]
pub(crate) struct DlrArgs {
    /// The receipt text (`-` reads stdin).
    text: String,
}

pub(crate) fn run(_args: DlrArgs) -> Result<(), CliError> {
    Err(CliError::runtime("not built yet"))
}
