//! The 16-octet PDU header (SMPP v3.4 §3.2, v5.0 §3.2).

use bytes::BufMut;

use crate::{CommandId, CommandStatus};

/// Octets in the header: command_length, command_id, command_status, sequence_number.
pub const HEADER_LEN: usize = 16;

/// The header every PDU starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// Octets in the whole PDU, header included.
    pub command_length: u32,
    /// Which PDU this is.
    pub command_id: CommandId,
    /// The outcome (responses); 0 (`ESME_ROK`) in requests.
    pub command_status: CommandStatus,
    /// Correlates a response with its request.
    pub sequence_number: u32,
}

impl Header {
    /// Reads the header from the first 16 octets, or `None` if there are fewer.
    /// Nothing is validated here.
    pub fn peek(buf: &[u8]) -> Option<Header> {
        let h: &[u8; HEADER_LEN] = buf.get(..HEADER_LEN)?.try_into().ok()?;
        let word = |i: usize| u32::from_be_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        Some(Header {
            command_length: word(0),
            command_id: CommandId(word(4)),
            command_status: CommandStatus(word(8)),
            sequence_number: word(12),
        })
    }

    /// Rewrites the sequence_number of the encoded PDU `pdu` (to resend it under a new
    /// number); `false` if `pdu` is shorter than a header.
    pub fn set_sequence_number(pdu: &mut [u8], sequence_number: u32) -> bool {
        match pdu.get_mut(12..HEADER_LEN) {
            Some(field) => {
                field.copy_from_slice(&sequence_number.to_be_bytes());
                true
            }
            None => false,
        }
    }

    /// Writes the 16 octets as they are (command_length included, unchecked).
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_u32(self.command_length);
        out.put_u32(self.command_id.0);
        out.put_u32(self.command_status.0);
        out.put_u32(self.sequence_number);
    }
}
