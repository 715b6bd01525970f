//! The bind state machine (SMPP 3.4 §2.3, SMPP 5.0 §2.4) and which PDUs each state allows.
//!
//! ```text
//!                  outbind (MC→ESME, 5.0 OUTBOUND)
//!        ┌──────────────► Outbound ───────────┐
//!        │                                    │ bind_receiver / bind_transceiver
//!   connect ──► Open ──bind_*──► Binding ──bind_*_resp ROK──► Bound(TX | RX | TRX)
//!                ▲                  │ error / timeout             │         │
//!                └──────────────────┘                    unbind sent│   unbind received
//!                                                                  ▼         │
//!                                                            Unbinding       │ unbind_resp sent
//!                                                                  │ unbind_resp / timeout
//!                                                                  ▼         ▼
//!                                                                 Closed ◄────┘
//! ```
//! Which requests each bound state permits (SMPP 3.4 table 2-1, 5.0 table 2-1):
//! ESME→MC submit_sm, submit_multi, data_sm, query_sm, cancel_sm, replace_sm and the
//! broadcast family need BOUND_TX or BOUND_TRX; MC→ESME deliver_sm, data_sm and
//! alert_notification need BOUND_RX or BOUND_TRX; enquire_link and generic_nack are
//! allowed in every open state; unbind only once bound.

use super::config::{BindKind, Role};
use crate::{CommandId, CommandStatus};

/// Where the session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Connected, not bound.
    Open,
    /// ESME: bind sent, waiting for its response.
    Binding(BindKind),
    /// 5.0 OUTBOUND: outbind sent (SMSC) or received (ESME), bind expected.
    Outbound,
    /// Bound.
    Bound(BindKind),
    /// Unbinding: no new requests; `sent` once our unbind is on the wire.
    Unbinding { kind: BindKind, sent: bool },
    /// The peer unbound (unbind_resp sent): no new requests; ours in flight still take
    /// their late responses until the last one ends, then the session closes.
    PeerUnbinding(BindKind),
    /// Over.
    Closed,
}

impl State {
    /// The bind in force (also while unbinding).
    pub(crate) fn bound(self) -> Option<BindKind> {
        match self {
            Self::Bound(k) | Self::Unbinding { kind: k, .. } | Self::PeerUnbinding(k) => Some(k),
            _ => None,
        }
    }
}

/// Requests only an ESME sends (SMPP 3.4 §4: ESME → SMSC).
fn esme_to_smsc(id: CommandId) -> bool {
    matches!(
        id,
        CommandId::SUBMIT_SM
            | CommandId::SUBMIT_MULTI
            | CommandId::QUERY_SM
            | CommandId::CANCEL_SM
            | CommandId::REPLACE_SM
            | CommandId::BROADCAST_SM
            | CommandId::QUERY_BROADCAST_SM
            | CommandId::CANCEL_BROADCAST_SM
    )
}

/// Requests only an SMSC sends (SMPP 3.4 §4: SMSC → ESME).
fn smsc_to_esme(id: CommandId) -> bool {
    matches!(id, CommandId::DELIVER_SM | CommandId::ALERT_NOTIFICATION)
}

/// May a session playing `sender` send request `id` in `state`? Bind, unbind,
/// outbind and enquire_link are driven by the session itself and checked elsewhere.
/// The error is the status the receiving side would answer with.
pub(crate) fn may_send(sender: Role, state: State, id: CommandId) -> Result<(), CommandStatus> {
    let Some(kind) = state.bound() else {
        // 3.4 §2.3: only bind and outbind (and enquire_link) before binding.
        return Err(CommandStatus::ESME_RINVBNDSTS);
    };
    let permitted = match sender {
        Role::Esme => kind.esme_transmits() && (esme_to_smsc(id) || id == CommandId::DATA_SM),
        Role::Smsc => kind.esme_receives() && (smsc_to_esme(id) || id == CommandId::DATA_SM),
    };
    if permitted {
        Ok(())
    } else if match sender {
        Role::Esme => esme_to_smsc(id) || id == CommandId::DATA_SM,
        Role::Smsc => smsc_to_esme(id) || id == CommandId::DATA_SM,
    } {
        // Right direction, wrong bind: "Incorrect BIND Status for given command".
        Err(CommandStatus::ESME_RINVBNDSTS)
    } else {
        // This side never sends it.
        Err(CommandStatus::ESME_RINVCMDID)
    }
}

/// May a session playing `receiver` accept request `id` from its peer in `state`?
pub(crate) fn may_receive(
    receiver: Role,
    state: State,
    id: CommandId,
) -> Result<(), CommandStatus> {
    if matches!(state, State::PeerUnbinding(_)) {
        // The peer unbound: it may not send requests any more (3.4 §4.2).
        return Err(CommandStatus::ESME_RINVBNDSTS);
    }
    let sender = match receiver {
        Role::Esme => Role::Smsc,
        Role::Smsc => Role::Esme,
    };
    may_send(sender, state, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TX: State = State::Bound(BindKind::Transmitter);
    const RX: State = State::Bound(BindKind::Receiver);
    const TRX: State = State::Bound(BindKind::Transceiver);

    #[test]
    fn accepts_submit_on_tx_and_trx() {
        // SMPP 3.4 table 2-1: submit_sm ESME→SMSC in BOUND_TX, BOUND_TRX.
        assert_eq!(may_receive(Role::Smsc, TX, CommandId::SUBMIT_SM), Ok(()));
        assert_eq!(may_receive(Role::Smsc, TRX, CommandId::SUBMIT_SM), Ok(()));
    }

    #[test]
    fn rejects_submit_on_rx_and_open() {
        // SMPP 3.4 table 2-1 / §5.1.3 ESME_RINVBNDSTS "Incorrect BIND Status for given command".
        let st = CommandStatus::ESME_RINVBNDSTS;
        assert_eq!(may_receive(Role::Smsc, RX, CommandId::SUBMIT_SM), Err(st));
        assert_eq!(
            may_receive(Role::Smsc, State::Open, CommandId::SUBMIT_SM),
            Err(st)
        );
        assert_eq!(may_send(Role::Esme, RX, CommandId::SUBMIT_SM), Err(st));
    }

    #[test]
    fn rejects_deliver_on_tx() {
        // SMPP 3.4 table 2-1: deliver_sm SMSC→ESME in BOUND_RX, BOUND_TRX only.
        let st = CommandStatus::ESME_RINVBNDSTS;
        assert_eq!(may_receive(Role::Esme, TX, CommandId::DELIVER_SM), Err(st));
        assert_eq!(may_receive(Role::Esme, RX, CommandId::DELIVER_SM), Ok(()));
        assert_eq!(may_send(Role::Smsc, TRX, CommandId::DELIVER_SM), Ok(()));
    }

    #[test]
    fn rejects_wrong_direction() {
        // An ESME never receives submit_sm; an SMSC never receives deliver_sm.
        let st = CommandStatus::ESME_RINVCMDID;
        assert_eq!(may_receive(Role::Esme, TRX, CommandId::SUBMIT_SM), Err(st));
        assert_eq!(may_receive(Role::Smsc, TRX, CommandId::DELIVER_SM), Err(st));
    }

    #[test]
    fn accepts_data_sm_both_ways() {
        // SMPP 3.4 §4.7: data_sm is sent by ESME (TX/TRX) and SMSC (RX/TRX).
        assert_eq!(may_receive(Role::Smsc, TX, CommandId::DATA_SM), Ok(()));
        assert_eq!(may_receive(Role::Esme, RX, CommandId::DATA_SM), Ok(()));
    }
}
