//! How the SMSC simulator answers each ESME-originated request (SMPP 3.4 §4, SMPP 5.0
//! §4.4–4.6): submissions with a message id (or a fault), query_sm with the message's
//! state, cancel_sm / replace_sm on pending messages, the broadcast family on 5.0 binds.
//! bind, unbind, enquire_link and unknown commands are the session's.

use smpp::{CommandId, CommandStatus, Pdu, QueryBroadcastSmResp, QuerySmResp, SmppTime, TlvTag};

use super::receipts::Address;
use super::simulator::Submission;
use super::smsc_bind::{Conn, unix_now};

fn addr(ton: smpp::Ton, npi: smpp::Npi, a: &[u8]) -> Address {
    Address {
        ton,
        npi,
        addr: String::from_utf8_lossy(a).into_owned(),
    }
}

/// Answers request `seq`.
pub(crate) fn answer(c: &mut Conn, seq: u32, pdu: &Pdu<'_>) {
    match pdu {
        Pdu::SubmitSm(sm) => {
            let text = sm.text().unwrap_or_default();
            let from = addr(
                sm.source_addr_ton,
                sm.source_addr_npi,
                sm.source_addr.as_bytes(),
            );
            let to = addr(
                sm.dest_addr_ton,
                sm.dest_addr_npi,
                sm.destination_addr.as_bytes(),
            );
            let concat = sm.concat();
            submission(
                c,
                seq,
                CommandId::SUBMIT_SM,
                from,
                to,
                sm.registered_delivery.0,
                &text,
                concat,
            );
        }
        Pdu::DataSm(sm) => {
            let text = sm.text().unwrap_or_default();
            let from = addr(
                sm.source_addr_ton,
                sm.source_addr_npi,
                sm.source_addr.as_bytes(),
            );
            let to = addr(
                sm.dest_addr_ton,
                sm.dest_addr_npi,
                sm.destination_addr.as_bytes(),
            );
            let concat = sm.concat();
            submission(
                c,
                seq,
                CommandId::DATA_SM,
                from,
                to,
                sm.registered_delivery.0,
                &text,
                concat,
            );
        }
        Pdu::SubmitMulti(sm) => {
            let text = smpp::decode_text(sm.data_coding, sm.esm_class, sm.short_message.as_bytes())
                .unwrap_or_default();
            let from = addr(
                sm.source_addr_ton,
                sm.source_addr_npi,
                sm.source_addr.as_bytes(),
            );
            // One message id for the submission (SMPP 3.4 §4.5.2); the receipt goes to
            // the first SME destination.
            let to = sm
                .dest_address
                .iter()
                .find_map(|d| match d {
                    smpp::DestAddress::SmeAddress {
                        dest_addr_ton,
                        dest_addr_npi,
                        destination_addr,
                    } => Some(addr(
                        dest_addr_ton,
                        dest_addr_npi,
                        destination_addr.as_bytes(),
                    )),
                    _ => None,
                })
                .unwrap_or_else(|| addr(smpp::Ton::UNKNOWN, smpp::Npi::UNKNOWN, b""));
            let concat = smpp::concat_of(sm.esm_class, sm.short_message.as_bytes(), &sm.tlvs);
            submission(
                c,
                seq,
                CommandId::SUBMIT_MULTI,
                from,
                to,
                sm.registered_delivery.0,
                &text,
                concat,
            );
        }
        Pdu::QuerySm(q) => {
            let id = String::from_utf8_lossy(q.message_id.as_bytes()).into_owned();
            let result = c.shared.sim().query(&id);
            match result {
                Ok((state, final_at)) => {
                    // SMPP 3.4 §7.1.1 absolute time, in UTC.
                    let resp = QuerySmResp {
                        message_id: q.message_id.clone(),
                        final_date: final_at
                            .and_then(|t| SmppTime::from_unix(t, 0))
                            .unwrap_or_default(),
                        message_state: smpp::MessageState(state.message_state().0),
                        error_code: 0,
                    };
                    respond(c, seq, &Pdu::QuerySmResp(resp));
                }
                Err(status) => ack(c, seq, status),
            }
        }
        Pdu::CancelSm(q) => {
            let id = String::from_utf8_lossy(q.message_id.as_bytes()).into_owned();
            let status = c.shared.sim().cancel(&id, unix_now());
            ack(c, seq, status);
        }
        Pdu::ReplaceSm(q) => {
            let id = String::from_utf8_lossy(q.message_id.as_bytes()).into_owned();
            let status = c.shared.sim().replace(&id);
            ack(c, seq, status);
        }
        // SMPP 5.0 §4.4–4.6: the broadcast family exists on 5.0 binds only.
        Pdu::BroadcastSm(_) | Pdu::QueryBroadcastSm(_) | Pdu::CancelBroadcastSm(_)
            if !c.is_v50() =>
        {
            ack(c, seq, CommandStatus::ESME_RINVCMDID);
        }
        Pdu::BroadcastSm(_) => {
            let id = {
                let mut sim = c.shared.sim();
                sim.stats.broadcasts += 1;
                sim.next_id()
            };
            let id = id.try_into().unwrap_or_default();
            match Pdu::message_response(CommandId::BROADCAST_SM, id, Default::default()) {
                Some(resp) => respond(c, seq, &resp),
                None => ack(c, seq, CommandStatus::ESME_RSYSERR),
            }
        }
        Pdu::QueryBroadcastSm(q) => {
            // SMPP 5.0 §4.6.1.3: message_state, broadcast_area_identifier and
            // broadcast_area_success are mandatory. The simulator broadcasts everywhere at
            // once: ENROUTE (1), one area of format 0 ("alias/name"), 100 % success.
            let mut resp = QueryBroadcastSmResp {
                message_id: q.message_id.clone(),
                ..Default::default()
            };
            let _ = resp.tlvs.push_u8(TlvTag::MESSAGE_STATE, 1);
            let _ = resp
                .tlvs
                .push(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\x00all");
            let _ = resp.tlvs.push_u8(TlvTag::BROADCAST_AREA_SUCCESS, 100);
            respond(c, seq, &Pdu::QueryBroadcastSmResp(resp));
        }
        Pdu::CancelBroadcastSm(_) => ack(c, seq, CommandStatus::ESME_ROK),
        // Anything else the session let through has no answer of ours.
        _ => ack(c, seq, CommandStatus::ESME_RINVCMDID),
    }
}

#[allow(clippy::too_many_arguments)]
fn submission(
    c: &mut Conn,
    seq: u32,
    command: CommandId,
    from: Address,
    to: Address,
    registered_delivery: u8,
    text: &str,
    concat: Option<gsm7::Concat>,
) {
    let now = c.shared.start.elapsed();
    let sub = Submission {
        originator: from.clone(),
        recipient: to.clone(),
        registered_delivery,
        text,
    };
    let answer = c.shared.sim().submit(now, unix_now(), &sub);
    c.after_submission(&from, &to, concat);
    if let Some(planned) = answer.receipt {
        c.plan_receipt(planned);
    }
    // SMPP 3.4 §4.4.2: "the body is not returned if the command_status field contains a
    // non-zero value": the codec leaves the empty body of an error response out.
    let message_id = match answer.status {
        CommandStatus::ESME_ROK => answer.message_id.unwrap_or_default(),
        _ => String::new(),
    };
    let message_id = message_id.try_into().unwrap_or_default();
    let Some(pdu) = Pdu::message_response(command, message_id, Default::default()) else {
        return ack(c, seq, CommandStatus::ESME_RINVCMDID);
    };
    c.answer_after(answer.delay, seq, answer.status, pdu);
}

fn respond(c: &mut Conn, seq: u32, pdu: &Pdu<'_>) {
    // Fails only when the link is gone meanwhile.
    let _ = c.link.respond(seq, CommandStatus::ESME_ROK, pdu.clone());
}

fn ack(c: &mut Conn, seq: u32, status: CommandStatus) {
    let _ = c.link.ack(seq, status);
}
