//! Encoding one PDU with its header: `command_length` from the body's `encoded_len`,
//! computed once.

use bytes::BufMut;

use crate::header::HEADER_LEN;
use crate::message_fast::SliceWriter;
use crate::*;

/// Encodes header and body into `out`. `command_length` is computed from the body's
/// `encoded_len()` once, never patched; a response with a non-zero status and an empty
/// default body is sent header-only (v3.4 §4.4.2: the body "is not returned if the
/// command_status field contains a non-zero value").
pub fn encode(
    sequence_number: u32,
    command_status: CommandStatus,
    pdu: &Pdu<'_>,
    out: &mut impl BufMut,
) {
    // The messages (requests: their body is always sent) are written inline into a slice on
    // the stack when they fit.
    macro_rules! message {
        ($b:expr, $id:expr) => {{
            let len = HEADER_LEN + $b.encoded_len();
            if len <= STACK_ENCODE_LEN {
                let mut buf = [0u8; STACK_ENCODE_LEN];
                let mut w = SliceWriter::new(&mut buf[..len]);
                w.header([len as u32, $id.0, command_status.0, sequence_number]);
                $b.encode_fast(&mut w);
                debug_assert_eq!(w.position(), len);
                out.put_slice(&buf[..len]);
            } else {
                write_header(len, $id, command_status, sequence_number, out);
                $b.encode_body(out);
            }
        }};
    }
    match pdu {
        Pdu::SubmitSm(b) => return message!(b, CommandId::SUBMIT_SM),
        Pdu::DeliverSm(b) => return message!(b, CommandId::DELIVER_SM),
        _ => {}
    }
    let omit = pdu.omits_body(command_status);
    let len = if omit {
        HEADER_LEN
    } else {
        HEADER_LEN + pdu.encoded_len()
    };
    let head = (pdu.command_id(), command_status, sequence_number);
    encode_with(
        len,
        head,
        out,
        |w| {
            if !omit {
                pdu.encode_body(w);
            }
        },
        |o| {
            if !omit {
                pdu.encode_body(o);
            }
        },
    );
}

/// Writes the header of a `len`-octet PDU, then the body: a PDU of up to
/// [`STACK_ENCODE_LEN`] octets is written into one contiguous slice on the stack (its position
/// stays in a register, no capacity check per field) and handed to `out` in one `put_slice`;
/// a longer one is written into `out` directly.
#[inline(always)]
fn encode_with<B: BufMut>(
    len: usize,
    (command_id, command_status, sequence_number): (CommandId, CommandStatus, u32),
    out: &mut B,
    body_to_slice: impl FnOnce(&mut &mut [u8]),
    body_to_out: impl FnOnce(&mut B),
) {
    if len <= STACK_ENCODE_LEN {
        let mut buf = [0u8; STACK_ENCODE_LEN];
        let mut w: &mut [u8] = &mut buf[..len];
        write_header(len, command_id, command_status, sequence_number, &mut w);
        body_to_slice(&mut w);
        out.put_slice(&buf[..len]);
    } else {
        write_header(len, command_id, command_status, sequence_number, out);
        body_to_out(out);
    }
}

/// PDUs up to this many octets are assembled on the stack before `put_slice`.
const STACK_ENCODE_LEN: usize = 256;

#[inline(always)]
fn write_header(
    len: usize,
    command_id: CommandId,
    command_status: CommandStatus,
    sequence_number: u32,
    out: &mut impl BufMut,
) {
    out.put_u32(u32::try_from(len).unwrap_or(u32::MAX));
    out.put_u32(command_id.0);
    out.put_u32(command_status.0);
    out.put_u32(sequence_number);
}
