//! How the simulator answers each ESME-originated request (SMPP 3.4 §4, SMPP 5.0
//! §4.4–4.6): submissions with a message id (or a fault), query_sm with the message's
//! state, cancel_sm / replace_sm on pending messages, the broadcast family on 5.0 binds.
//! bind, unbind, enquire_link and unknown commands are the session's.

use std::string::String;

use smpp::tokio::Responder;
use smpp::{
    CommandId, CommandStatus, DestAddress, Npi, Pdu, QueryBroadcastSmResp, QuerySmResp, SmppTime,
    TlvTag, Tlvs, Ton,
};

use super::bind::Conn;
use super::policy::Submission;
use super::receipt::Address;
use super::server::unix_now;

/// The [`Fields`] of a submit_sm or data_sm body (two types with the same field names).
macro_rules! fields {
    ($sm:expr) => {
        Fields {
            from: Address::of(
                $sm.source_addr_ton,
                $sm.source_addr_npi,
                $sm.source_addr.as_bytes(),
            ),
            to: Address::of(
                $sm.dest_addr_ton,
                $sm.dest_addr_npi,
                $sm.destination_addr.as_bytes(),
            ),
            esm_class: $sm.esm_class,
            data_coding: $sm.data_coding,
            registered_delivery: $sm.registered_delivery,
            message: $sm.message(),
            tlvs: &$sm.tlvs,
        }
    };
}

/// Answers the request `reply` goes to, whose body is `pdu`.
pub(crate) fn answer(c: &mut Conn, reply: Responder, pdu: &Pdu<'_>) {
    match pdu {
        // submit_sm (SMPP 3.4 §4.4) and data_sm (§4.7) carry the same fields.
        Pdu::SubmitSm(sm) => submission(c, reply, CommandId::SUBMIT_SM, fields!(sm)),
        Pdu::DataSm(sm) => submission(c, reply, CommandId::DATA_SM, fields!(sm)),
        Pdu::SubmitMulti(sm) => {
            // One message id for the submission (SMPP 3.4 §4.5.2); the receipt goes to
            // the first SME destination.
            let to = (sm.dest_address.iter())
                .find_map(|d| match d {
                    DestAddress::SmeAddress {
                        dest_addr_ton,
                        dest_addr_npi,
                        destination_addr,
                    } => Some(Address::of(
                        dest_addr_ton,
                        dest_addr_npi,
                        destination_addr.as_bytes(),
                    )),
                    _ => None,
                })
                .unwrap_or_else(|| Address::new(Ton::UNKNOWN, Npi::UNKNOWN, ""));
            let fields = Fields {
                from: Address::of(
                    sm.source_addr_ton,
                    sm.source_addr_npi,
                    sm.source_addr.as_bytes(),
                ),
                to,
                esm_class: sm.esm_class,
                data_coding: sm.data_coding,
                registered_delivery: sm.registered_delivery,
                message: sm.short_message.as_bytes(),
                tlvs: &sm.tlvs,
            };
            submission(c, reply, CommandId::SUBMIT_MULTI, fields);
        }
        Pdu::QuerySm(q) => {
            let id = String::from_utf8_lossy(q.message_id.as_bytes()).into_owned();
            let result = c.shared.policy().query(&id);
            match result {
                Ok((state, final_at)) => {
                    // SMPP 3.4 §7.1.1 absolute time, in UTC.
                    let resp = QuerySmResp {
                        message_id: q.message_id.clone(),
                        final_date: final_at
                            .and_then(|t| SmppTime::from_unix(t, 0))
                            .unwrap_or_default(),
                        message_state: state.message_state(),
                        error_code: 0,
                    };
                    respond(c, reply, &Pdu::QuerySmResp(resp));
                }
                Err(status) => ack(c, reply, status),
            }
        }
        Pdu::CancelSm(q) => {
            let id = String::from_utf8_lossy(q.message_id.as_bytes()).into_owned();
            let status = c.shared.policy().cancel(&id, unix_now());
            ack(c, reply, status);
        }
        Pdu::ReplaceSm(q) => {
            let id = String::from_utf8_lossy(q.message_id.as_bytes()).into_owned();
            let status = c.shared.policy().replace(&id);
            ack(c, reply, status);
        }
        // SMPP 5.0 §4.4–4.6: the broadcast family exists on 5.0 binds only.
        Pdu::BroadcastSm(_) | Pdu::QueryBroadcastSm(_) | Pdu::CancelBroadcastSm(_)
            if !c.is_v50() =>
        {
            ack(c, reply, CommandStatus::ESME_RINVCMDID);
        }
        Pdu::BroadcastSm(_) => {
            let id = {
                let mut sim = c.shared.policy();
                sim.stats.broadcasts += 1;
                sim.next_id()
            };
            let id = id.try_into().unwrap_or_default();
            match Pdu::message_response(CommandId::BROADCAST_SM, id, Default::default()) {
                Some(resp) => respond(c, reply, &resp),
                None => ack(c, reply, CommandStatus::ESME_RSYSERR),
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
            respond(c, reply, &Pdu::QueryBroadcastSmResp(resp));
        }
        Pdu::CancelBroadcastSm(_) => ack(c, reply, CommandStatus::ESME_ROK),
        // Anything else the session let through has no answer of ours.
        _ => ack(c, reply, CommandStatus::ESME_RINVCMDID),
    }
}

/// What a submission says, whichever PDU carried it.
struct Fields<'a> {
    from: Address,
    to: Address,
    esm_class: smpp::EsmClass,
    data_coding: smpp::DataCoding,
    registered_delivery: smpp::RegisteredDelivery,
    message: &'a [u8],
    tlvs: &'a Tlvs<'a>,
}

fn submission(c: &mut Conn, reply: Responder, command: CommandId, f: Fields<'_>) {
    let now = c.shared.start.elapsed();
    let esm_class = f.esm_class;
    let concat = smpp::concat_of(esm_class, f.message, f.tlvs);
    let text = smpp::decode_text(f.data_coding, esm_class, f.message).unwrap_or_default();
    c.after_submission(&f.from, &f.to, concat);
    let sub = Submission {
        system_id: &c.system_id,
        originator: f.from,
        recipient: f.to,
        esm_class: f.esm_class,
        data_coding: f.data_coding,
        registered_delivery: f.registered_delivery,
        message: f.message,
        text,
    };
    let answer = c.shared.policy().submit(now, unix_now(), sub);
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
        return ack(c, reply, CommandStatus::ESME_RINVCMDID);
    };
    c.answer_after(answer.delay, reply, answer.status, pdu);
}

fn respond(c: &mut Conn, reply: Responder, pdu: &Pdu<'_>) {
    // Fails only when the link is gone meanwhile.
    let _ = c.link.respond(reply, CommandStatus::ESME_ROK, pdu.clone());
}

fn ack(c: &mut Conn, reply: Responder, status: CommandStatus) {
    let _ = c.link.ack(reply, status);
}
