//! Private byte-level helpers for the PDUs the session writes itself (header-only
//! responses, binds) and the few fields it peeks at in frames the codec has already
//! validated. Everything else goes through the codec.

use bytes::BufMut;

pub(crate) use crate::HEADER_LEN;
use crate::{CommandId, CommandStatus, TlvTag};

/// TLV tag sc_interface_version (SMPP 3.4 §5.3.2.25), from the codec's table.
pub(crate) const TAG_SC_INTERFACE_VERSION: u16 = TlvTag::SC_INTERFACE_VERSION.0;
/// TLV tag congestion_state (SMPP 5.0 §4.8.4.17), from the codec's table.
pub(crate) const TAG_CONGESTION_STATE: u16 = TlvTag::CONGESTION_STATE.0;

/// Writes a PDU whose body is the concatenation of `body` parts; command_length is
/// computed from the parts, never patched.
pub(crate) fn put_pdu(
    out: &mut impl BufMut,
    command_id: CommandId,
    status: CommandStatus,
    sequence_number: u32,
    body: &[&[u8]],
) {
    let len = HEADER_LEN + body.iter().map(|p| p.len()).sum::<usize>();
    out.put_u32(len as u32);
    out.put_u32(command_id.0);
    out.put_u32(status.0);
    out.put_u32(sequence_number);
    for part in body {
        out.put_slice(part);
    }
}

/// A TLV as its five-or-more wire octets: tag, length, value.
pub(crate) fn tlv_u8(tag: u16, value: u8) -> [u8; 5] {
    let t = tag.to_be_bytes();
    [t[0], t[1], 0, 1, value]
}

/// Reads the big-endian u32 at `at`, if there.
pub(crate) fn u32_at(buf: &[u8], at: usize) -> Option<u32> {
    let b = buf.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The C-Octet String starting at `*pos` (without its NUL); advances `pos` past the NUL.
pub(crate) fn c_octet_string<'a>(buf: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    let rest = buf.get(*pos..)?;
    let n = rest.iter().position(|&b| b == 0)?;
    *pos += n + 1;
    rest.get(..n)
}

/// The value of the first TLV with `tag` in a TLV list (stops at the first
/// truncated TLV).
pub(crate) fn find_tlv(mut tlvs: &[u8], tag: u16) -> Option<&[u8]> {
    while tlvs.len() >= 4 {
        let t = u16::from_be_bytes([tlvs[0], tlvs[1]]);
        let len = usize::from(u16::from_be_bytes([tlvs[2], tlvs[3]]));
        let value = tlvs.get(4..4 + len)?;
        if t == tag {
            return Some(value);
        }
        tlvs = &tlvs[4 + len..];
    }
    None
}

/// Body of a bind request: system_id, password, system_type, interface_version,
/// addr_ton, addr_npi, address_range (SMPP 3.4 §4.1.1).
pub(crate) fn bind_fields(body: &[u8]) -> Option<(&[u8], u8)> {
    let mut pos = 0;
    let system_id = c_octet_string(body, &mut pos)?;
    c_octet_string(body, &mut pos)?; // password
    c_octet_string(body, &mut pos)?; // system_type
    Some((system_id, *body.get(pos)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_tlv_lookup() {
        // SMPP 3.4 §3.3 TLV layout: tag(2) length(2) value.
        let tlvs = [0x02, 0x04, 0, 2, 0, 1, 0x02, 0x10, 0, 1, 0x34];
        assert_eq!(find_tlv(&tlvs, TAG_SC_INTERFACE_VERSION), Some(&[0x34][..]));
        assert_eq!(find_tlv(&tlvs, 0x0204), Some(&[0, 1][..]));
        assert_eq!(find_tlv(&tlvs[..9], TAG_SC_INTERFACE_VERSION), None);
    }

    #[test]
    fn rejects_unterminated_c_octet_string() {
        let mut pos = 0;
        assert_eq!(c_octet_string(b"abc", &mut pos), None);
        assert_eq!(c_octet_string(b"ab\0c\0", &mut pos), Some(&b"ab"[..]));
        assert_eq!(c_octet_string(b"ab\0c\0", &mut pos), Some(&b"c"[..]));
    }

    #[test]
    fn accepts_header_only_pdu() {
        // SMPP 3.4 §4.11.1 enquire_link: header only, command_length 16.
        let mut out = Vec::new();
        put_pdu(
            &mut out,
            CommandId::ENQUIRE_LINK,
            CommandStatus::ESME_ROK,
            7,
            &[],
        );
        assert_eq!(out, [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 7]);
    }
}
