//! ESME policy: binding (and answering outbind), reading bind_resp.

use std::time::Instant;

use super::config::{BindKind, Config, Role};
use super::connection::{Session, SessionError};
use super::event::{Event, ProtocolError};
use super::state::State;
use super::window::Owner;
use crate::{
    Bind, CommandId, CommandStatus, DecodeOptions, Header, InterfaceVersion, MalformedPdu,
    OwnedFrame, Pdu,
};

impl<T> Session<T> {
    /// A new ESME session on a fresh connection, in the OPEN state. Call
    /// [`bind`](Self::bind) next.
    pub fn esme(config: Config, now: Instant) -> Self {
        Self::new(Role::Esme, config, now, None)
    }

    /// Sends `bind` as a bind_transmitter / bind_receiver / bind_transceiver (SMPP 3.4
    /// §4.1) offering its `interface_version`. [`Event::Bound`] or [`Event::BindFailed`]
    /// follows.
    pub fn bind(
        &mut self,
        now: Instant,
        kind: BindKind,
        bind: &Bind<'_>,
    ) -> Result<(), SessionError> {
        if self.role != Role::Esme {
            return Err(SessionError::WrongRole);
        }
        if !matches!(self.state, State::Open | State::Outbound) {
            return Err(SessionError::InvalidState);
        }
        let pdu = match kind {
            BindKind::Transmitter => Pdu::BindTransmitter(bind.clone()),
            BindKind::Receiver => Pdu::BindReceiver(bind.clone()),
            BindKind::Transceiver => Pdu::BindTransceiver(bind.clone()),
        };
        self.version = bind.interface_version;
        self.send_internal(now, Owner::Bind(kind), &pdu);
        self.state = State::Binding(kind);
        Ok(())
    }

    /// The bind_*_resp (or generic_nack) to our bind (its body may not have decoded).
    pub(crate) fn on_bind_resp(
        &mut self,
        kind: BindKind,
        header: Header,
        frame: &Result<OwnedFrame, MalformedPdu>,
    ) {
        let status = header.command_status;
        if status != CommandStatus::ESME_ROK || header.command_id == CommandId::GENERIC_NACK {
            self.state = State::Open;
            self.events.push_back(Event::BindFailed {
                status: Some(status),
            });
            return;
        }
        // A bind_resp that did not decode strictly is still read leniently for its
        // system_id and sc_interface_version.
        let pdu = match frame {
            Ok(f) => Some(f.pdu()),
            Err(m) => crate::decode(&m.bytes, &DecodeOptions::lenient())
                .ok()
                .map(|f| f.pdu),
        };
        let resp = match &pdu {
            Some(
                Pdu::BindTransmitterResp(r)
                | Pdu::BindReceiverResp(r)
                | Pdu::BindTransceiverResp(r),
            ) => Some(r),
            _ => None,
        };
        // SMPP 3.4 §5.3.2.25: the SMSC states its version in sc_interface_version; a
        // bind_resp without it comes from an SMSC that predates TLVs (3.3).
        let peer = resp
            .and_then(|r| r.tlvs.sc_interface_version())
            .map_or(InterfaceVersion::V33, InterfaceVersion);
        self.version = self.version.min(peer);
        self.state = State::Bound(kind);
        let system_id = resp.map(|r| r.system_id.to_string()).unwrap_or_default();
        self.events.push_back(Event::Bound {
            kind,
            interface_version: self.version,
            system_id,
        });
        self.read_congestion(frame);
    }

    /// An outbind from the SMSC (SMPP 3.4 §4.1.7): no response; the ESME is asked to
    /// bind a receiver or transceiver.
    pub(crate) fn on_outbind(&mut self, frame: &OwnedFrame) {
        let header = frame.header();
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
        let Pdu::Outbind(outbind) = frame.pdu() else {
            return;
        };
        self.state = State::Outbound;
        self.events.push_back(Event::Outbind {
            system_id: outbind.system_id.to_string(),
            password: outbind.password.to_string(),
        });
    }
}
