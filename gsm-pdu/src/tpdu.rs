//! The six TPDUs as one enum, with what all of them share: type name, direction, TP-MTI,
//! user data and text, encoding. The decode and encode entry points (and the TP-MTI table) are in `entry`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::command::SmsCommand;
use crate::deliver::SmsDeliver;
use crate::entry::Direction;
use crate::error::{DecodeError, EncodeError, Quirk};
use crate::reports::{OptionalParameters, SmsDeliverReport, SmsSubmitReport};
use crate::status_report::SmsStatusReport;
use crate::submit::SmsSubmit;
use crate::user_data::UserData;
use gsm7::DataCodingScheme;

/// Any of the six TPDUs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tpdu<'a> {
    /// SMS-DELIVER (SC → MS).
    Deliver(SmsDeliver<'a>),
    /// SMS-DELIVER-REPORT (MS → SC).
    DeliverReport(SmsDeliverReport<'a>),
    /// SMS-SUBMIT (MS → SC).
    Submit(SmsSubmit<'a>),
    /// SMS-SUBMIT-REPORT (SC → MS).
    SubmitReport(SmsSubmitReport<'a>),
    /// SMS-STATUS-REPORT (SC → MS).
    StatusReport(SmsStatusReport<'a>),
    /// SMS-COMMAND (MS → SC).
    Command(SmsCommand<'a>),
}

macro_rules! from_body {
    ($($v:ident($t:ident)),*) => {$(
        impl<'a> From<$t<'a>> for Tpdu<'a> {
            fn from(b: $t<'a>) -> Self { Tpdu::$v(b) }
        }
    )*};
}
from_body!(
    Deliver(SmsDeliver),
    DeliverReport(SmsDeliverReport),
    Submit(SmsSubmit),
    SubmitReport(SmsSubmitReport),
    StatusReport(SmsStatusReport),
    Command(SmsCommand)
);

impl<'a> Tpdu<'a> {
    /// The type's name as in TS 23.040: `SMS-DELIVER`, `SMS-SUBMIT`, …
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Deliver(_) => "SMS-DELIVER",
            Self::DeliverReport(_) => "SMS-DELIVER-REPORT",
            Self::Submit(_) => "SMS-SUBMIT",
            Self::SubmitReport(_) => "SMS-SUBMIT-REPORT",
            Self::StatusReport(_) => "SMS-STATUS-REPORT",
            Self::Command(_) => "SMS-COMMAND",
        }
    }

    /// The direction the TPDU travels.
    pub fn direction(&self) -> Direction {
        match self {
            Self::Deliver(_) | Self::SubmitReport(_) | Self::StatusReport(_) => {
                Direction::MobileTerminated
            }
            Self::DeliverReport(_) | Self::Submit(_) | Self::Command(_) => {
                Direction::MobileOriginated
            }
        }
    }

    /// TP-MTI.
    pub fn mti(&self) -> u8 {
        match self {
            Self::Deliver(_) | Self::DeliverReport(_) => 0,
            Self::Submit(_) | Self::SubmitReport(_) => 1,
            Self::StatusReport(_) | Self::Command(_) => 2,
        }
    }

    /// Appends the TPDU to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        match self {
            Self::Deliver(t) => t.encode(out),
            Self::DeliverReport(t) => t.encode(out),
            Self::Submit(t) => t.encode(out),
            Self::SubmitReport(t) => t.encode(out),
            Self::StatusReport(t) => t.encode(out),
            Self::Command(t) => t.encode(out),
        }
    }

    /// The user data and the TP-DCS that codes it (0x00 when a report leaves TP-DCS out),
    /// when the TPDU carries user data.
    pub fn user_data(&self) -> Option<(&UserData<'a>, DataCodingScheme)> {
        match self {
            Self::Deliver(t) => Some((&t.ud, t.dcs)),
            Self::Submit(t) => Some((&t.ud, t.dcs)),
            Self::DeliverReport(t) => params_ud(&t.params),
            Self::SubmitReport(t) => params_ud(&t.params),
            Self::StatusReport(t) => t.params.as_ref().and_then(params_ud),
            Self::Command(_) => None,
        }
    }

    /// The text of the user data for GSM 7-bit and UCS2 (national shift tables from the UDH);
    /// `None` for 8-bit data, compressed text or no user data.
    pub fn text(&self) -> Result<Option<String>, DecodeError> {
        match self.user_data() {
            Some((ud, dcs)) => ud.text(dcs),
            None => Ok(None),
        }
    }

    /// Like [`text`](Self::text), repairing what `options` allows; see
    /// [`UserData::text_with`].
    pub fn text_with(
        &self,
        options: &crate::DecodeOptions,
        quirks: &mut Vec<Quirk>,
    ) -> Result<Option<String>, DecodeError> {
        match self.user_data() {
            Some((ud, dcs)) => ud.text_with(dcs, options, quirks),
            None => Ok(None),
        }
    }

    /// Converts borrowed data into owned data, for storage.
    pub fn into_owned(self) -> Tpdu<'static> {
        match self {
            Self::Deliver(t) => Tpdu::Deliver(t.into_owned()),
            Self::DeliverReport(t) => Tpdu::DeliverReport(t.into_owned()),
            Self::Submit(t) => Tpdu::Submit(t.into_owned()),
            Self::SubmitReport(t) => Tpdu::SubmitReport(t.into_owned()),
            Self::StatusReport(t) => Tpdu::StatusReport(t.into_owned()),
            Self::Command(t) => Tpdu::Command(t.into_owned()),
        }
    }

    /// The TPDU as a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(176);
        self.encode(&mut out)?;
        Ok(out)
    }
}

fn params_ud<'p, 'a>(
    p: &'p OptionalParameters<'a>,
) -> Option<(&'p UserData<'a>, DataCodingScheme)> {
    p.ud.as_ref().map(|u| (u, p.dcs.unwrap_or_default()))
}
