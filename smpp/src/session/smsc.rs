//! SMSC (MC) policy: bind authentication, message ids, outbind, congestion_state.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::config::{BindKind, Config, Role};
use super::connection::{Session, SessionError};
use super::event::{Event, ProtocolError};
use super::state::State;
use super::timer::Timer;
use crate::{
    Bind, BindResp, CommandId, CommandStatus, InterfaceVersion, Outbind, OwnedFrame, Pdu, TlvTag,
};

/// Decides whether a bind is accepted: return ESME_ROK, or the status to refuse
/// with (ESME_RINVPASWD, ESME_RINVSYSID, ESME_RBINDFAIL, …). Any
/// `FnMut(BindKind, &Bind<'_>) -> CommandStatus + Send` is one.
pub trait Authenticator: Send {
    /// Judges one bind request.
    fn authenticate(&mut self, kind: BindKind, bind: &Bind<'_>) -> CommandStatus;
}

impl<F> Authenticator for F
where
    F: FnMut(BindKind, &Bind<'_>) -> CommandStatus + Send,
{
    fn authenticate(&mut self, kind: BindKind, bind: &Bind<'_>) -> CommandStatus {
        self(kind, bind)
    }
}

/// Where an SMSC session takes message ids from: its own counter, or a counter shared
/// by every session of a server so ids stay unique across binds.
#[derive(Clone, Debug)]
pub struct MessageIds(Arc<AtomicU64>);

impl MessageIds {
    /// Ids counting up from `first`, formatted in decimal (SMPP 3.4 Appendix B
    /// receipts carry the id as decimal digits).
    pub fn starting_at(first: u64) -> Self {
        Self(Arc::new(AtomicU64::new(first)))
    }

    /// Issues the next id.
    pub fn next_id(&self) -> String {
        String::from(self.next_issued().as_str())
    }

    /// Issues the next id, kept inline: the auto-responding path issues one per message
    /// and allocates nothing for it.
    pub(crate) fn next_issued(&self) -> IssuedId {
        IssuedId::decimal(self.0.fetch_add(1, Ordering::Relaxed))
    }
}

/// A message id a session issued: the decimal digits of its count, right-aligned inline
/// (u64::MAX has 20 decimal digits; SMPP 3.4 Appendix B receipts carry the id as decimal
/// digits). No formatting machinery and no allocation: one id per message is on the hot
/// path of every submit_sm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IssuedId {
    digits: [u8; 20],
    start: u8,
}

impl IssuedId {
    /// No id (an empty message_id).
    pub(crate) const EMPTY: Self = Self {
        digits: [0; 20],
        start: 20,
    };

    fn decimal(mut n: u64) -> Self {
        let mut id = Self::EMPTY;
        let mut start = id.digits.len();
        loop {
            start -= 1;
            id.digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        id.start = start as u8;
        id
    }

    /// The digits, as octets.
    pub(crate) fn digits(&self) -> &[u8] {
        &self.digits[usize::from(self.start)..]
    }

    /// The digits.
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.digits[usize::from(self.start)..]).unwrap_or_default()
    }
}

impl Default for MessageIds {
    fn default() -> Self {
        Self::starting_at(1)
    }
}

pub(crate) struct SmscPolicy {
    authenticator: Box<dyn Authenticator>,
    pub(crate) message_ids: MessageIds,
    pub(crate) congestion: u8,
}

impl core::fmt::Debug for SmscPolicy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SmscPolicy")
            .field("message_ids", &self.message_ids)
            .field("congestion", &self.congestion)
            .finish_non_exhaustive()
    }
}

impl<T> Session<T> {
    /// A new SMSC session on an accepted connection: it waits for a bind (closing
    /// after [`Config::session_init_timeout`]) and asks `authenticator` about it.
    pub fn smsc(
        config: Config,
        now: Instant,
        authenticator: impl Authenticator + 'static,
        message_ids: MessageIds,
    ) -> Self {
        let policy = SmscPolicy {
            authenticator: Box::new(authenticator),
            message_ids,
            congestion: 0,
        };
        Self::new(Role::Smsc, config, now, Some(policy))
    }

    /// Accepts the peer's submit_sm / data_sm `sequence_number`: issues a message id
    /// and sends the response with it.
    pub fn accept(&mut self, sequence_number: u32) -> Result<String, SessionError> {
        if self.smsc.is_none() {
            return Err(SessionError::WrongRole);
        }
        let Some(&request) = self.incoming.get(&sequence_number) else {
            return Err(SessionError::NotPending(sequence_number));
        };
        if !matches!(request, CommandId::SUBMIT_SM | CommandId::DATA_SM) {
            return Err(SessionError::NeedsBody);
        }
        self.incoming.remove(&sequence_number);
        let id = self.issue_message_id();
        self.write_response(request, CommandStatus::ESME_ROK, sequence_number, &id);
        Ok(id.as_str().to_owned())
    }

    /// Sets the congestion_state (0..=100) an SMSC reports in its responses on 5.0
    /// binds (SMPP 5.0 §4.8.4.17); the session reports at least its own incoming
    /// queue occupancy.
    pub fn set_congestion(&mut self, percent: u8) {
        if let Some(p) = self.smsc.as_mut() {
            p.congestion = percent.min(100);
        }
    }

    /// Sends outbind (SMPP 3.4 §4.1.7) asking the ESME to bind a receiver.
    pub fn outbind(&mut self, _now: Instant, password: &str) -> Result<(), SessionError> {
        if self.smsc.is_none() {
            return Err(SessionError::WrongRole);
        }
        if self.state != State::Open {
            return Err(SessionError::InvalidState);
        }
        let system_id = self.config.system_id.clone();
        let outbind = Outbind {
            system_id: system_id
                .as_str()
                .try_into()
                .map_err(|_| SessionError::FieldTooLong("system_id"))?,
            password: password
                .try_into()
                .map_err(|_| SessionError::FieldTooLong("password"))?,
        };
        let seq = self.allocate_sequence();
        crate::encode(
            seq,
            CommandStatus::ESME_ROK,
            &Pdu::Outbind(outbind),
            &mut self.tx,
        );
        self.state = State::Outbound;
        Ok(())
    }

    pub(crate) fn issue_message_id(&mut self) -> IssuedId {
        self.smsc
            .as_ref()
            .map_or(IssuedId::EMPTY, |p| p.message_ids.next_issued())
    }

    /// A bind request from the peer.
    pub(crate) fn on_bind(&mut self, _now: Instant, frame: &OwnedFrame) {
        let header = frame.header();
        let seq = header.sequence_number;
        let response = header.command_id.response();
        let Some(kind) = BindKind::from_command_id(header.command_id) else {
            return;
        };
        let refuse = |this: &mut Self, status| {
            this.write_header_only(response, status, seq);
            this.events
                .push_back(Event::ProtocolError(ProtocolError::NotAllowed {
                    header,
                    status,
                }));
        };
        if self.role != Role::Smsc {
            return refuse(self, CommandStatus::ESME_RINVCMDID);
        }
        if self.state.bound().is_some() {
            // 3.4 §5.1.3 ESME_RALYBND "ESME Already in Bound State".
            return refuse(self, CommandStatus::ESME_RALYBND);
        }
        if !matches!(self.state, State::Open | State::Outbound) {
            return refuse(self, CommandStatus::ESME_RINVBNDSTS);
        }
        let pdu = frame.pdu();
        let (Pdu::BindTransmitter(bind) | Pdu::BindReceiver(bind) | Pdu::BindTransceiver(bind)) =
            &pdu
        else {
            return;
        };
        let status = match self.smsc.as_mut() {
            Some(policy) => policy.authenticator.authenticate(kind, bind),
            None => CommandStatus::ESME_RBINDFAIL,
        };
        if status != CommandStatus::ESME_ROK {
            // 3.4 §4.1.2: no body when command_status is non-zero.
            self.write_header_only(response, status, seq);
            return;
        }
        let peer = bind.interface_version;
        self.version = self.config.interface_version.min(peer);
        let mut resp = BindResp {
            system_id: self
                .config
                .system_id
                .as_str()
                .try_into()
                .unwrap_or_default(),
            ..BindResp::default()
        };
        // SMPP 3.4 §5.3.2.25: sc_interface_version is returned to ESMEs that speak 3.4
        // or later; a 3.3 ESME would not understand a TLV.
        if peer >= InterfaceVersion::V34 {
            let _ = resp.tlvs.push_u8(
                TlvTag::SC_INTERFACE_VERSION,
                self.config.interface_version.0,
            );
        }
        // v5.0 §4.8.4 congestion_state: in every response layout with TLVs, bind_resp
        // included, once both sides speak 5.0 (the version was just negotiated).
        if let Some(state) = self.congestion_state() {
            let _ = resp.tlvs.push_u8(TlvTag::CONGESTION_STATE, state);
        }
        let resp = match kind {
            BindKind::Transmitter => Pdu::BindTransmitterResp(resp),
            BindKind::Receiver => Pdu::BindReceiverResp(resp),
            BindKind::Transceiver => Pdu::BindTransceiverResp(resp),
        };
        crate::encode(seq, CommandStatus::ESME_ROK, &resp, &mut self.tx);
        self.state = State::Bound(kind);
        self.timers.stop(Timer::SessionInit);
        self.events.push_back(Event::Bound {
            kind,
            interface_version: self.version,
            system_id: bind.system_id.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_decimal_counts() {
        let ids = MessageIds::starting_at(9);
        assert_eq!(ids.next_id(), "9");
        assert_eq!(ids.next_id(), "10");
        let ids = MessageIds::starting_at(u64::MAX - 1);
        assert_eq!(ids.next_id(), "18446744073709551614");
        assert_eq!(ids.next_id(), "18446744073709551615");
        assert_eq!(MessageIds::starting_at(0).next_id(), "0");
        assert_eq!(IssuedId::EMPTY.as_str(), "");
        assert_eq!(IssuedId::decimal(4711).digits(), b"4711");
    }
}
