//! The PDU enum over every body ([`Pdu`], one variant per command, `From<Body>`), with its
//! two entry points in their own modules: `decode` (one whole PDU, the options and the
//! [`Frame`] it gives) and `encode` (one PDU with its header).

use alloc::borrow::Cow;
use alloc::vec::Vec;
use bytes::BufMut;

use crate::field::Visitor;
use crate::header::HEADER_LEN;
use crate::reader::{Ctx, Reader};
use crate::*;

mod decode;
mod encode;

#[cfg(feature = "std")]
pub(crate) use decode::encoded_tlvs;
pub use decode::{DEFAULT_MAX_COMMAND_LENGTH, DecodeOptions, Frame, decode, peek_command_length};
pub(crate) use decode::{FastLayout, fast_layout, framed_layout};
pub use encode::encode;

macro_rules! pdus {
    (
        bodies { $( $(#[$vm:meta])* $var:ident($body:ident) = $id:ident, )* }
        empty { $( $(#[$em:meta])* $evar:ident = $eid:ident, )* }
    ) => {
        /// One SMPP PDU: a variant per command, bodies borrowing from the frame.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Pdu<'a> {
            $( $(#[$vm])* $var($body<'a>), )*
            $( $(#[$em])* $evar, )*
            /// A command id this crate does not know; the body is kept as it came.
            Unknown {
                /// The id as read.
                command_id: CommandId,
                /// The body octets (after the header).
                body: Cow<'a, [u8]>,
            },
        }

        impl<'a> Pdu<'a> {
            /// The `command_id` of this PDU.
            pub fn command_id(&self) -> CommandId {
                match self {
                    $( Pdu::$var(_) => CommandId::$id, )*
                    $( Pdu::$evar => CommandId::$eid, )*
                    Pdu::Unknown { command_id, .. } => *command_id,
                }
            }

            /// Octets of the body on the wire (the 16 of the header not included).
            pub fn encoded_len(&self) -> usize {
                match self {
                    $( Pdu::$var(b) => b.encoded_len(), )*
                    $( Pdu::$evar => 0, )*
                    Pdu::Unknown { body, .. } => body.len(),
                }
            }

            fn encode_body<B: BufMut>(&self, out: &mut B) {
                match self {
                    $( Pdu::$var(b) => b.encode_body(out), )*
                    $( Pdu::$evar => {} )*
                    Pdu::Unknown { body, .. } => out.put_slice(body),
                }
            }

            /// The same PDU owning all its octets.
            pub fn into_owned(self) -> Pdu<'static> {
                match self {
                    $( Pdu::$var(b) => Pdu::$var(b.into_owned()), )*
                    $( Pdu::$evar => Pdu::$evar, )*
                    Pdu::Unknown { command_id, body } => Pdu::Unknown {
                        command_id,
                        body: Cow::Owned(body.into_owned()),
                    },
                }
            }

            /// Walks the body fields in wire order (an unknown PDU's body is one octet
            /// string named `body`).
            pub fn visit(&self, v: &mut dyn Visitor) {
                match self {
                    $( Pdu::$var(b) => b.visit(v), )*
                    $( Pdu::$evar => {} )*
                    Pdu::Unknown { body, .. } => v.octet_string("body", body),
                }
            }

            /// Checks each body field's value (see [`validate`](crate::validate)).
            pub(crate) fn check_fields(&self, c: &mut crate::validate::Checker) {
                match self {
                    $( Pdu::$var(b) => b.check_fields(c), )*
                    $( Pdu::$evar => {} )*
                    Pdu::Unknown { .. } => {}
                }
            }

            /// Whether the body equals the empty default of its type.
            fn is_default_body(&self) -> bool {
                match self {
                    $( Pdu::$var(b) => *b == $body::default(), )*
                    $( Pdu::$evar => true, )*
                    Pdu::Unknown { body, .. } => body.is_empty(),
                }
            }

            /// The PDU of this id with an empty default body (`None` for an unknown id).
            pub fn empty(command_id: CommandId) -> Option<Pdu<'static>> {
                Some(match command_id {
                    $( CommandId::$id => Pdu::$var($body::default()), )*
                    $( CommandId::$eid => Pdu::$evar, )*
                    _ => return None,
                })
            }

            /// Decodes the body of a PDU with this id; errors are recorded in `cx`.
            #[inline(always)]
            fn decode_body(id: CommandId, r: &mut Reader<'a>, cx: &mut Ctx) -> Pdu<'a> {
                match id {
                    $( CommandId::$id => Pdu::$var($body::decode_body(r, cx)), )*
                    $( CommandId::$eid => Pdu::$evar, )*
                    command_id => Pdu::Unknown {
                        command_id,
                        body: Cow::Borrowed(r.take_rest()),
                    },
                }
            }
        }
    };
}

pdus! {
    bodies {
        /// bind_transmitter (v3.4 §4.1.1).
        BindTransmitter(Bind) = BIND_TRANSMITTER,
        /// bind_transmitter_resp (v3.4 §4.1.2).
        BindTransmitterResp(BindResp) = BIND_TRANSMITTER_RESP,
        /// bind_receiver (v3.4 §4.1.3).
        BindReceiver(Bind) = BIND_RECEIVER,
        /// bind_receiver_resp (v3.4 §4.1.4).
        BindReceiverResp(BindResp) = BIND_RECEIVER_RESP,
        /// bind_transceiver (v3.4 §4.1.5).
        BindTransceiver(Bind) = BIND_TRANSCEIVER,
        /// bind_transceiver_resp (v3.4 §4.1.6).
        BindTransceiverResp(BindResp) = BIND_TRANSCEIVER_RESP,
        /// outbind (v3.4 §4.1.7).
        Outbind(Outbind) = OUTBIND,
        /// submit_sm (v3.4 §4.4.1).
        SubmitSm(SubmitSm) = SUBMIT_SM,
        /// submit_sm_resp (v3.4 §4.4.2).
        SubmitSmResp(SubmitSmResp) = SUBMIT_SM_RESP,
        /// submit_multi (v3.4 §4.5.1).
        SubmitMulti(SubmitMulti) = SUBMIT_MULTI,
        /// submit_multi_resp (v3.4 §4.5.2).
        SubmitMultiResp(SubmitMultiResp) = SUBMIT_MULTI_RESP,
        /// deliver_sm (v3.4 §4.6.1).
        DeliverSm(DeliverSm) = DELIVER_SM,
        /// deliver_sm_resp (v3.4 §4.6.2).
        DeliverSmResp(DeliverSmResp) = DELIVER_SM_RESP,
        /// data_sm (v3.4 §4.7.1).
        DataSm(DataSm) = DATA_SM,
        /// data_sm_resp (v3.4 §4.7.2).
        DataSmResp(DataSmResp) = DATA_SM_RESP,
        /// query_sm (v3.4 §4.8.1).
        QuerySm(QuerySm) = QUERY_SM,
        /// query_sm_resp (v3.4 §4.8.2).
        QuerySmResp(QuerySmResp) = QUERY_SM_RESP,
        /// cancel_sm (v3.4 §4.9.1).
        CancelSm(CancelSm) = CANCEL_SM,
        /// replace_sm (v3.4 §4.10.1).
        ReplaceSm(ReplaceSm) = REPLACE_SM,
        /// alert_notification (v3.4 §4.12.1).
        AlertNotification(AlertNotification) = ALERT_NOTIFICATION,
        /// broadcast_sm (v5.0 §4.4.1.1).
        BroadcastSm(BroadcastSm) = BROADCAST_SM,
        /// broadcast_sm_resp (v5.0 §4.4.1.2).
        BroadcastSmResp(BroadcastSmResp) = BROADCAST_SM_RESP,
        /// query_broadcast_sm (v5.0 §4.6.1.1).
        QueryBroadcastSm(QueryBroadcastSm) = QUERY_BROADCAST_SM,
        /// query_broadcast_sm_resp (v5.0 §4.6.1.3).
        QueryBroadcastSmResp(QueryBroadcastSmResp) = QUERY_BROADCAST_SM_RESP,
        /// cancel_broadcast_sm (v5.0 §4.6.2.1).
        CancelBroadcastSm(CancelBroadcastSm) = CANCEL_BROADCAST_SM,
    }
    empty {
        /// unbind (v3.4 §4.2.1).
        Unbind = UNBIND,
        /// unbind_resp (v3.4 §4.2.2).
        UnbindResp = UNBIND_RESP,
        /// generic_nack (v3.4 §4.3.1).
        GenericNack = GENERIC_NACK,
        /// enquire_link (v3.4 §4.11.1).
        EnquireLink = ENQUIRE_LINK,
        /// enquire_link_resp (v3.4 §4.11.2).
        EnquireLinkResp = ENQUIRE_LINK_RESP,
        /// cancel_sm_resp (v3.4 §4.9.2).
        CancelSmResp = CANCEL_SM_RESP,
        /// replace_sm_resp (v3.4 §4.10.2).
        ReplaceSmResp = REPLACE_SM_RESP,
        /// cancel_broadcast_sm_resp (v5.0 §4.6.2.3).
        CancelBroadcastSmResp = CANCEL_BROADCAST_SM_RESP,
    }
}

macro_rules! from_body {
    ($($body:ident => $var:ident,)*) => {$(
        impl<'a> From<$body<'a>> for Pdu<'a> {
            fn from(b: $body<'a>) -> Self {
                Pdu::$var(b)
            }
        }
    )*};
}

from_body! {
    Outbind => Outbind,
    SubmitSm => SubmitSm,
    SubmitSmResp => SubmitSmResp,
    SubmitMulti => SubmitMulti,
    SubmitMultiResp => SubmitMultiResp,
    DeliverSm => DeliverSm,
    DeliverSmResp => DeliverSmResp,
    DataSm => DataSm,
    DataSmResp => DataSmResp,
    QuerySm => QuerySm,
    QuerySmResp => QuerySmResp,
    CancelSm => CancelSm,
    ReplaceSm => ReplaceSm,
    AlertNotification => AlertNotification,
    BroadcastSm => BroadcastSm,
    BroadcastSmResp => BroadcastSmResp,
    QueryBroadcastSm => QueryBroadcastSm,
    QueryBroadcastSmResp => QueryBroadcastSmResp,
    CancelBroadcastSm => CancelBroadcastSm,
}

/// The TLV region of the bodies that have one, borrowed with `&` or `&mut`.
macro_rules! tlvs_of {
    ($pdu:expr, $($r:tt)+) => {
        match $pdu {
            Pdu::BindTransmitterResp(b)
            | Pdu::BindReceiverResp(b)
            | Pdu::BindTransceiverResp(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitSm(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitMulti(b) => Some($($r)+ b.tlvs),
            Pdu::SubmitMultiResp(b) => Some($($r)+ b.tlvs),
            Pdu::DeliverSm(b) => Some($($r)+ b.tlvs),
            Pdu::DeliverSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::DataSm(b) => Some($($r)+ b.tlvs),
            Pdu::DataSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::ReplaceSm(b) => Some($($r)+ b.tlvs),
            Pdu::AlertNotification(b) => Some($($r)+ b.tlvs),
            Pdu::BroadcastSm(b) => Some($($r)+ b.tlvs),
            Pdu::BroadcastSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::QueryBroadcastSm(b) => Some($($r)+ b.tlvs),
            Pdu::QueryBroadcastSmResp(b) => Some($($r)+ b.tlvs),
            Pdu::CancelBroadcastSm(b) => Some($($r)+ b.tlvs),
            _ => None,
        }
    };
}

impl<'a> Pdu<'a> {
    /// The TLVs of a body that has them (`None` for query_sm, cancel_sm, header-only PDUs,
    /// an unknown id).
    pub fn tlvs(&self) -> Option<&Tlvs<'a>> {
        tlvs_of!(self, &)
    }

    /// The TLVs of a body that has them, to add to (e.g. `congestion_state` on a response).
    pub fn tlvs_mut(&mut self) -> Option<&mut Tlvs<'a>> {
        tlvs_of!(self, &mut)
    }
}

impl Pdu<'_> {
    /// Whether this is a response (bit 31 of the command id).
    pub fn is_response(&self) -> bool {
        self.command_id().is_response()
    }

    /// Whether the body is left out on the wire: v3.4 §4.1.2, §4.4.2 …: "The body portion of
    /// the … _resp PDU is not returned if the command_status field contains a non-zero
    /// value". A response with a non-zero status and an empty default body is encoded
    /// header-only.
    fn omits_body(&self, command_status: CommandStatus) -> bool {
        !command_status.is_ok() && self.is_response() && self.is_default_body()
    }

    /// `command_length` of this PDU when sent with `command_status`.
    pub fn command_length(&self, command_status: CommandStatus) -> usize {
        if self.omits_body(command_status) {
            HEADER_LEN
        } else {
            HEADER_LEN + self.encoded_len()
        }
    }

    /// The response to this request with an empty default body (`enquire_link_resp` to
    /// `enquire_link`, `submit_sm_resp` with no message id to `submit_sm`, …); `None` for a
    /// response, for `outbind` and `alert_notification` (which have none) and for an unknown
    /// id. Fill in the body (e.g. `message_id`) before sending.
    pub fn default_response(&self) -> Option<Pdu<'static>> {
        let id = self.command_id();
        if id.is_response() {
            return None;
        }
        Pdu::empty(id.response())
    }

    /// The response to a message request that carries the message id the SMSC (or ESME)
    /// gave it, with `tlvs`: submit_sm_resp (v3.4 §4.4.2), submit_multi_resp with no
    /// unsuccessful destination (§4.5.2), deliver_sm_resp (§4.6.2), data_sm_resp (§4.7.2),
    /// broadcast_sm_resp (v5.0 §4.4.1.2). `None` for any other request.
    pub fn message_response<'b>(
        request: CommandId,
        message_id: COctetString<'b, 65>,
        tlvs: Tlvs<'b>,
    ) -> Option<Pdu<'b>> {
        Some(match request {
            CommandId::SUBMIT_SM => Pdu::SubmitSmResp(SubmitSmResp { message_id, tlvs }),
            CommandId::DELIVER_SM => Pdu::DeliverSmResp(DeliverSmResp { message_id, tlvs }),
            CommandId::DATA_SM => Pdu::DataSmResp(DataSmResp { message_id, tlvs }),
            CommandId::SUBMIT_MULTI => Pdu::SubmitMultiResp(SubmitMultiResp {
                message_id,
                tlvs,
                ..SubmitMultiResp::default()
            }),
            CommandId::BROADCAST_SM => Pdu::BroadcastSmResp(BroadcastSmResp { message_id, tlvs }),
            _ => return None,
        })
    }

    /// Encodes header and body; see [`encode`].
    pub fn encode(
        &self,
        sequence_number: u32,
        command_status: CommandStatus,
        out: &mut impl BufMut,
    ) {
        encode(sequence_number, command_status, self, out);
    }

    /// Encodes into a new vector.
    pub fn to_vec(&self, sequence_number: u32, command_status: CommandStatus) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.command_length(command_status));
        encode(sequence_number, command_status, self, &mut v);
        v
    }
}

#[cfg(test)]
mod fast_path_props;
#[cfg(test)]
mod tests;
