//! Encoded PDUs the tokio tests send through `submit_encoded`, hand-built from the body
//! layouts of SMPP v3.4 §4 (sequence number 0: the session numbers them). Shared by
//! tests/tokio_loopback.rs and tests/tokio_oracles.rs.
#![allow(dead_code)]

use bytes::Bytes;
use smpp::CommandId;

/// A delivery receipt for `id` (SMPP 3.4 §4.6.1 deliver_sm, esm_class 0x04, Appendix B text).
pub(crate) fn receipt(id: &str) -> Bytes {
    let mut body = vec![0u8, 1, 1];
    body.extend_from_slice(b"447700900123\0");
    body.extend_from_slice(&[1, 1]);
    body.extend_from_slice(b"12345\0");
    body.extend_from_slice(&[0x04, 0, 0, 0, 0, 0, 0, 0, 0]);
    let text = format!(
        "id:{id} sub:001 dlvrd:001 submit date:2511251200 done date:2511251201 stat:DELIVRD err:000 text:"
    );
    body.push(text.len() as u8);
    body.extend_from_slice(text.as_bytes());
    pdu(CommandId::DELIVER_SM, &body)
}

/// A PDU of `body` under a 16-octet header (SMPP 3.4 §3.2): command_length, `id`,
/// command_status 0, sequence_number 0.
pub(crate) fn pdu(id: CommandId, body: &[u8]) -> Bytes {
    let mut v = Vec::with_capacity(16 + body.len());
    v.extend_from_slice(&((16 + body.len()) as u32).to_be_bytes());
    v.extend_from_slice(&id.0.to_be_bytes());
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(body);
    Bytes::from(v)
}
