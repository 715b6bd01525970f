//! What the peer asks of a driver: [`Incoming`] requests, typed by what they carry, each
//! tied to the connection it came on; and why a reply to one cannot go out
//! ([`ReplyError`]).

use bytes::Bytes;

use crate::session;
use crate::{CommandId, Header, OwnedFrame, Pdu};

/// What an [`Incoming`] request carries, read from its command_id and, for deliver_sm
/// and data_sm, the message type bits of its esm_class (SMPP 3.4 §5.2.12: bits 5..2,
/// `xx0001xx` "SMSC Delivery Receipt", `xx1000xx` "Intermediate Delivery Notification").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IncomingKind {
    /// A deliver_sm with a short message for the ESME: mobile originated (esm_class
    /// message type "default", 3.4 §5.2.12).
    Message,
    /// A deliver_sm or data_sm carrying a delivery receipt or an intermediate delivery
    /// notification (esm_class message type `0x04` or `0x20`, 3.4 §5.2.12).
    Receipt,
    /// A data_sm that is not a receipt (3.4 §4.7).
    DataSm,
    /// An alert_notification (3.4 §4.12): a subscriber became available. It has no
    /// response; it arrives [`answered`](Incoming::answered).
    AlertNotification,
    /// A submit_sm (on an SMSC).
    SubmitSm,
    /// A submit_multi (on an SMSC).
    SubmitMulti,
    /// Anything else: query_sm, cancel_sm, replace_sm, the broadcast family, and
    /// deliver_sm SME acknowledgements (esm_class `0x08`, `0x10`) or conversation aborts.
    Other,
}

impl IncomingKind {
    /// The kind of a decoded request.
    ///
    /// ```
    /// use smpp::tokio::IncomingKind;
    /// use smpp::{DeliverSm, Pdu};
    ///
    /// // 3.4 §5.2.12: esm_class xx0001xx is an SMSC delivery receipt.
    /// let receipt = Pdu::DeliverSm(DeliverSm { esm_class: 0x04, ..DeliverSm::default() });
    /// assert_eq!(IncomingKind::of(&receipt), IncomingKind::Receipt);
    /// let mo = Pdu::DeliverSm(DeliverSm::default());
    /// assert_eq!(IncomingKind::of(&mo), IncomingKind::Message);
    /// ```
    pub fn of(pdu: &Pdu<'_>) -> Self {
        // 3.4 §5.2.12 esm_class, message type (bits 5..2) of deliver_sm and data_sm.
        const MESSAGE_TYPE: u8 = 0b0011_1100;
        const DEFAULT: u8 = 0x00;
        const DELIVERY_RECEIPT: u8 = 0x04;
        const INTERMEDIATE_NOTIFICATION: u8 = 0x20;
        let receipt = |esm: u8| {
            matches!(
                esm & MESSAGE_TYPE,
                DELIVERY_RECEIPT | INTERMEDIATE_NOTIFICATION
            )
        };
        match pdu {
            Pdu::DeliverSm(d) if receipt(d.esm_class) => Self::Receipt,
            Pdu::DeliverSm(d) if d.esm_class & MESSAGE_TYPE == DEFAULT => Self::Message,
            Pdu::DataSm(d) if receipt(d.esm_class) => Self::Receipt,
            Pdu::DataSm(_) => Self::DataSm,
            Pdu::AlertNotification(_) => Self::AlertNotification,
            Pdu::SubmitSm(_) => Self::SubmitSm,
            Pdu::SubmitMulti(_) => Self::SubmitMulti,
            _ => Self::Other,
        }
    }
}

/// A request from the peer, as its driver's session decoded it: the frame, what it
/// carries ([`kind`](Self::kind)), and the connection it came on
/// ([`connection`](Self::connection)).
///
/// Answer it through the [`Link`](super::Link) it came from, with
/// [`ack`](super::Link::ack), [`respond`](super::Link::respond) or
/// [`accept`](super::Link::accept), unless it is already [`answered`](Self::answered).
/// A reply marks it answered, so it is answered once; a reply to a request of an
/// earlier connection (the link reconnected meanwhile) is refused
/// ([`ReplyError::StaleConnection`]): its sequence number may belong to another request
/// of the new connection. Not `Clone` for that reason: take the frame
/// ([`frame`](Self::frame)) to keep a copy.
///
/// ```no_run
/// # async fn example(mut client: smpp::tokio::EsmeClient) {
/// use smpp::CommandStatus;
/// use smpp::tokio::IncomingKind;
///
/// while let Some(mut incoming) = client.next_incoming().await {
///     match incoming.kind() {
///         IncomingKind::Receipt => println!("receipt: {:?}", incoming.pdu()),
///         IncomingKind::Message => println!("MO: {:?}", incoming.pdu()),
///         _ => {}
///     }
///     if !incoming.answered() {
///         client.link().ack(&mut incoming, CommandStatus::ESME_ROK).unwrap();
///     }
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct Incoming {
    pub(crate) inner: session::Incoming,
    pub(crate) kind: IncomingKind,
    pub(crate) connection: u64,
}

impl Incoming {
    pub(crate) fn new(inner: session::Incoming, connection: u64) -> Self {
        let kind = IncomingKind::of(&inner.pdu());
        Self {
            inner,
            kind,
            connection,
        }
    }

    /// What it carries.
    pub fn kind(&self) -> IncomingKind {
        self.kind
    }

    /// The number of the connection it came on: an [`EsmeClient`](super::EsmeClient)
    /// numbers its connections from 1, reconnects included; an
    /// [`SmscServer`](super::SmscServer) its accepted connections.
    pub fn connection(&self) -> u64 {
        self.connection
    }

    /// Its header.
    pub fn header(&self) -> Header {
        self.inner.header()
    }

    /// Its command_id.
    pub fn command_id(&self) -> CommandId {
        self.inner.command_id()
    }

    /// Its sequence_number.
    pub fn sequence_number(&self) -> u32 {
        self.inner.sequence_number()
    }

    /// Whether it needs no reply (any more): answered by the session
    /// ([`Config::auto_respond`](crate::session::Config::auto_respond)), an
    /// alert_notification (which has no response), or answered through the link.
    pub fn answered(&self) -> bool {
        self.inner.answered
    }

    /// The message id an SMSC issued when it accepted a submit_sm/data_sm itself
    /// (`auto_respond`).
    pub fn message_id(&self) -> Option<&str> {
        self.inner.message_id()
    }

    /// The decoded frame.
    pub fn frame(&self) -> &OwnedFrame {
        self.inner.frame()
    }

    /// The body, its fields borrowing from the frame (decoded once, by the session).
    pub fn pdu(&self) -> Pdu<'_> {
        self.inner.pdu()
    }

    /// The whole PDU as received.
    pub fn bytes(&self) -> &Bytes {
        self.inner.bytes()
    }

    /// The frame, given back.
    pub fn into_frame(self) -> OwnedFrame {
        self.inner.into_frame()
    }

    /// Takes the right to answer it, apart from its PDU (to answer from code that
    /// also reads the PDU, or later, elsewhere); `None` when it is
    /// [`answered`](Self::answered) or the right was taken already. It is marked
    /// answered.
    ///
    /// ```no_run
    /// # async fn example(mut link: smpp::tokio::SmscLink) {
    /// let mut incoming = link.incoming.recv().await.unwrap();
    /// if let Some(to) = incoming.responder() {
    ///     let id = format!("{}", incoming.sequence_number()); // read the PDU meanwhile
    ///     link.link.accept(to, &id).unwrap();
    /// }
    /// # }
    /// ```
    pub fn responder(&mut self) -> Option<Responder> {
        if self.inner.answered {
            return None;
        }
        self.inner.answered = true;
        Some(Responder {
            connection: self.connection,
            sequence_number: self.sequence_number(),
            command_id: self.command_id(),
        })
    }
}

/// The right to answer one request of the peer, taken from its [`Incoming`] with
/// [`Incoming::responder`]. Not `Clone`: a reply consumes it, so a request is answered
/// once.
#[derive(Debug, PartialEq, Eq)]
pub struct Responder {
    pub(crate) connection: u64,
    pub(crate) sequence_number: u32,
    pub(crate) command_id: CommandId,
}

impl Responder {
    /// The connection the request came on ([`Incoming::connection`]).
    pub fn connection(&self) -> u64 {
        self.connection
    }

    /// The request's sequence_number.
    pub fn sequence_number(&self) -> u32 {
        self.sequence_number
    }

    /// The request's command_id.
    pub fn command_id(&self) -> CommandId {
        self.command_id
    }
}

/// What a reply goes to: an [`Incoming`] (`&mut`, marked answered by the reply) or the
/// [`Responder`] taken from one. Sealed.
pub trait ReplyTo: sealed::Sealed {
    /// The request's command_id.
    #[doc(hidden)]
    fn request(&self) -> CommandId;
    /// Whether it needs no reply (any more).
    #[doc(hidden)]
    fn answered(&self) -> bool;
    /// Takes the right to answer.
    #[doc(hidden)]
    fn take(self) -> Result<Responder, ReplyError>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for &mut super::Incoming {}
    impl Sealed for super::Responder {}
}

impl ReplyTo for &mut Incoming {
    fn request(&self) -> CommandId {
        self.command_id()
    }

    fn answered(&self) -> bool {
        self.inner.answered
    }

    fn take(self) -> Result<Responder, ReplyError> {
        self.responder().ok_or(ReplyError::AlreadyAnswered)
    }
}

impl ReplyTo for Responder {
    fn request(&self) -> CommandId {
        self.command_id
    }

    fn answered(&self) -> bool {
        false
    }

    fn take(self) -> Result<Responder, ReplyError> {
        Ok(self)
    }
}

/// Why a reply ([`Link::ack`](super::Link::ack), [`respond`](super::Link::respond),
/// [`accept`](super::Link::accept)) was not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplyError {
    /// The driver is gone.
    #[error("link closed")]
    Closed,
    /// The request came on an earlier connection of this link (or on another link):
    /// the peer of that connection is gone, and the sequence number may now belong to
    /// another request.
    #[error("request of connection {incoming} cannot be answered on connection {current}")]
    StaleConnection {
        /// The connection the request came on.
        incoming: u64,
        /// The link's connection now.
        current: u64,
    },
    /// It was already answered (by the session's `auto_respond`, by an earlier reply),
    /// or has no response (alert_notification, 3.4 §4.12).
    #[error("request already answered or has no response")]
    AlreadyAnswered,
    /// A successful response to this request has a body the link cannot make up:
    /// accept a submit_sm/data_sm with [`Link::accept`](super::Link::accept) (it needs
    /// a message id), answer a query_sm and the like with
    /// [`Link::respond`](super::Link::respond).
    #[error("ESME_ROK for {0:?} needs a body: use accept() or respond()")]
    NeedsBody(CommandId),
    /// The response PDU is not the response of the request.
    #[error("{given:?} does not answer the request (expected {expected:?})")]
    WrongResponse {
        /// The response command_id the request needs.
        expected: CommandId,
        /// The one given.
        given: CommandId,
    },
    /// The message id is longer than 64 octets or contains NUL (3.4 §5.2.23:
    /// C-Octet String, max 65 with its terminator).
    #[error("message_id longer than 64 octets or containing NUL")]
    InvalidMessageId,
    /// The session refused it (reported by [`LinkEvent::ReplyRefused`](super::LinkEvent::ReplyRefused)).
    #[error("session refused the reply: {0}")]
    Session(session::SessionError),
}
