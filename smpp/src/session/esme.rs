//! ESME policy: binding (and answering outbind), reading bind_resp.

use std::time::Instant;

use bytes::Bytes;

use super::config::{BindKind, Config, Credentials, InterfaceVersion, Role};
use super::connection::{Session, SessionError};
use super::event::{Event, ProtocolError};
use super::state::State;
use super::window::Owner;
use super::wire;
use crate::{CommandId, CommandStatus, DecodeOptions, Frame, Header, Pdu};

impl<T> Session<T> {
    /// A new ESME session on a fresh connection, in the OPEN state. Call
    /// [`bind`](Self::bind) next.
    pub fn esme(config: Config, now: Instant) -> Self {
        Self::new(Role::Esme, config, now, None)
    }

    /// Sends bind_transmitter / bind_receiver / bind_transceiver (SMPP 3.4 §4.1) with
    /// the configured interface_version. [`Event::Bound`] or [`Event::BindFailed`] follows.
    pub fn bind(
        &mut self,
        now: Instant,
        kind: BindKind,
        credentials: &Credentials,
    ) -> Result<(), SessionError> {
        if self.role != Role::Esme {
            return Err(SessionError::WrongRole);
        }
        if !matches!(self.state, State::Open | State::Outbound) {
            return Err(SessionError::InvalidState);
        }
        // SMPP 3.4 §4.1.1 field sizes (C-Octet String maxima include the NUL).
        for (value, max, field) in [
            (&credentials.system_id, 16, "system_id"),
            (&credentials.password, 9, "password"),
            (&credentials.system_type, 13, "system_type"),
            (&credentials.address_range, 41, "address_range"),
        ] {
            if value.len() >= max || value.as_bytes().contains(&0) {
                return Err(SessionError::FieldTooLong(field));
            }
        }
        let fixed = [
            self.config.interface_version.0,
            credentials.addr_ton,
            credentials.addr_npi,
        ];
        self.send_internal(
            now,
            Owner::Bind(kind),
            kind.command_id(),
            &[
                credentials.system_id.as_bytes(),
                b"\0",
                credentials.password.as_bytes(),
                b"\0",
                credentials.system_type.as_bytes(),
                b"\0",
                &fixed,
                credentials.address_range.as_bytes(),
                b"\0",
            ],
        );
        self.state = State::Binding(kind);
        Ok(())
    }

    /// The bind_*_resp (or generic_nack) to our bind.
    pub(crate) fn on_bind_resp(&mut self, kind: BindKind, header: Header, frame: &Bytes) {
        let status = header.command_status;
        if status != CommandStatus::ESME_ROK || header.command_id == CommandId::GENERIC_NACK {
            self.state = State::Open;
            self.events.push_back(Event::BindFailed {
                status: Some(status),
            });
            return;
        }
        let body = frame.get(wire::HEADER_LEN..).unwrap_or_default();
        let mut pos = 0;
        let system_id = wire::c_octet_string(body, &mut pos).unwrap_or_default();
        // SMPP 3.4 §5.3.2.25: the SMSC states its version in sc_interface_version; a
        // bind_resp without it comes from an SMSC that predates TLVs (3.3).
        let peer = body
            .get(pos..)
            .and_then(|tlvs| wire::find_tlv(tlvs, wire::TAG_SC_INTERFACE_VERSION))
            .and_then(|v| v.first().copied())
            .map_or(InterfaceVersion::V33, InterfaceVersion);
        self.version = self.config.interface_version.min(peer);
        self.state = State::Bound(kind);
        self.events.push_back(Event::Bound {
            kind,
            interface_version: self.version,
            system_id: String::from_utf8_lossy(system_id).into_owned(),
        });
        self.read_congestion(frame);
    }

    /// An outbind from the SMSC (SMPP 3.4 §4.1.7): no response; the ESME is asked to
    /// bind a receiver or transceiver.
    pub(crate) fn on_outbind(&mut self, header: Header, frame: &Bytes) {
        if self.role != Role::Esme {
            // Only an SMSC sends outbind; it has no response (v3.4 §4.1.7), so nothing
            // goes back: report it.
            self.events
                .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                    header,
                    status: CommandStatus::ESME_RINVCMDID,
                }));
            return;
        }
        if self.state != State::Open {
            // outbind has no response to carry an error; just report it.
            self.events
                .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                    header,
                    status: CommandStatus::ESME_RINVBNDSTS,
                }));
            return;
        }
        // v3.4 §4.1.7: system_id and password, for the ESME to check before binding.
        let Ok(Frame {
            pdu: Pdu::Outbind(outbind),
            ..
        }) = crate::decode(frame, &DecodeOptions::lenient())
        else {
            return;
        };
        self.state = State::Outbound;
        self.events.push_back(Event::Outbind {
            system_id: String::from_utf8_lossy(outbind.system_id.as_bytes()).into_owned(),
            password: String::from_utf8_lossy(outbind.password.as_bytes()).into_owned(),
        });
    }
}
