//! How a body field is read, measured, written, owned and visited, and the `pdu_body!` macro
//! that derives all five for a body from its field list, in wire order, once.

use bytes::BufMut;

use crate::error::DecodeError;
use crate::reader::{Ctx, Reader};
use crate::tlv::Tlvs;
use crate::types::{COctetString, OctetString, SmppTime};
use crate::validate::{Checker, Rule};
use crate::{Npi, Ton};

/// Walks the fields of a body in wire order (for logging, JSON, dissectors).
pub trait Visitor {
    /// An integer field (`esm_class`, `sm_length`, `*_ton`, …).
    fn integer(&mut self, name: &'static str, value: u32);
    /// A C-Octet string field, without its NUL.
    fn c_octet_string(&mut self, name: &'static str, value: &[u8]);
    /// An octet string field (`short_message`).
    fn octet_string(&mut self, name: &'static str, value: &[u8]);
    /// submit_multi's `dest_address` list.
    fn dest_addresses(&mut self, name: &'static str, value: &crate::DestAddresses<'_>);
    /// submit_multi_resp's `unsuccess_sme` list.
    fn unsuccess_smes(&mut self, name: &'static str, value: &crate::UnsuccessSmes<'_>);
    /// The TLVs.
    fn tlvs(&mut self, value: &Tlvs<'_>);
}

/// One field of a body.
pub(crate) trait Field<'a>: Sized {
    type Owned;
    fn decode_field(
        r: &mut Reader<'a>,
        cx: &mut Ctx,
        name: &'static str,
    ) -> Result<Self, DecodeError>;
    fn field_len(&self) -> usize;

    /// Decodes the field; on error records it in `cx` (the first one wins) and returns the
    /// default, so a body is built without a `Result` per field and checked once at the end.
    #[inline(always)]
    fn decode_sticky(r: &mut Reader<'a>, cx: &mut Ctx, name: &'static str) -> Self
    where
        Self: Default,
    {
        match Self::decode_field(r, cx, name) {
            Ok(v) => v,
            Err(e) => {
                cx.fail(e);
                Self::default()
            }
        }
    }

    fn encode_field<B: BufMut>(&self, out: &mut B);
    fn into_owned_field(self) -> Self::Owned;
    fn visit_field(&self, name: &'static str, v: &mut dyn Visitor);

    /// Reports what the spec forbids in the value (the field starts at `c.offset()`).
    fn check_field(&self, _name: &'static str, _c: &mut Checker) {}
}

/// The plain big-endian integer fields (v3.4 §3.1: "Integer", 1 or 4 octets), the same five
/// methods with the reader's and the buffer's method for the width.
macro_rules! integer_field {
    ($($t:ty, $read:ident, $put:ident, $len:literal;)*) => {$(
        impl<'a> Field<'a> for $t {
            type Owned = $t;
            #[inline(always)]
            fn decode_field(
                r: &mut Reader<'a>,
                _: &mut Ctx,
                name: &'static str,
            ) -> Result<$t, DecodeError> {
                r.$read(name)
            }
            #[inline]
            fn field_len(&self) -> usize {
                $len
            }
            #[inline]
            fn encode_field<B: BufMut>(&self, out: &mut B) {
                out.$put(*self);
            }
            fn into_owned_field(self) -> $t {
                self
            }
            fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
                v.integer(name, u32::from(*self));
            }
        }
    )*};
}

integer_field! {
    u8, u8, put_u8, 1;
    u32, u32, put_u32, 4;
}

/// A one-octet wire code or flag field: any value decodes; a code with a table (`$rule`)
/// is checked against it by the validation step, a flag octet's rules are the PDU's
/// (`validate::check_pdu`).
macro_rules! code_field {
    ($t:ty $(, $rule:expr, $doc:literal)?) => {
        impl<'a> Field<'a> for $t {
            type Owned = $t;
            /// Any value decodes; the validation step checks it against the table.
            #[inline(always)]
            fn decode_field(
                r: &mut Reader<'a>,
                _: &mut Ctx,
                name: &'static str,
            ) -> Result<$t, DecodeError> {
                Ok(<$t>::from(r.u8(name)?))
            }
            #[inline]
            fn field_len(&self) -> usize {
                1
            }
            #[inline]
            fn encode_field<B: BufMut>(&self, out: &mut B) {
                out.put_u8(self.0);
            }
            fn into_owned_field(self) -> $t {
                self
            }
            fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
                v.integer(name, u32::from(self.0));
            }
            $(
                #[doc = $doc]
                fn check_field(&self, name: &'static str, c: &mut Checker) {
                    c.code($rule, name, self.is_known());
                }
            )?
        }
    };
}

code_field!(
    Ton,
    Rule::Ton,
    "v3.4 §5.2.5: TON values 0-6; all others reserved"
);
code_field!(
    Npi,
    Rule::Npi,
    "v3.4 §5.2.6: NPI values 0,1,3,4,6,8,9,10,14,18; all others reserved"
);

code_field!(crate::EsmClass);
code_field!(crate::RegisteredDelivery);
code_field!(crate::PriorityFlag);
code_field!(crate::DataCoding);
code_field!(crate::MessageState);

impl<'a> Field<'a> for crate::InterfaceVersion {
    type Owned = crate::InterfaceVersion;
    #[inline(always)]
    fn decode_field(
        r: &mut Reader<'a>,
        _: &mut Ctx,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        r.u8(name).map(crate::InterfaceVersion)
    }
    #[inline]
    fn field_len(&self) -> usize {
        1
    }
    #[inline]
    fn encode_field<B: BufMut>(&self, out: &mut B) {
        out.put_u8(self.0);
    }
    fn into_owned_field(self) -> Self {
        self
    }
    fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
        v.integer(name, u32::from(self.0));
    }
}

/// The octets and the terminating NUL; an empty string (the common case) is one NUL, written
/// without a zero-length copy.
#[inline(always)]
fn put_c_octet_string<B: BufMut>(s: &[u8], out: &mut B) {
    if !s.is_empty() {
        out.put_slice(s);
    }
    out.put_u8(0);
}

impl<'a, const MAX: usize> Field<'a> for COctetString<'a, MAX> {
    type Owned = COctetString<'static, MAX>;
    #[inline(always)]
    fn decode_field(
        r: &mut Reader<'a>,
        cx: &mut Ctx,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        if r.skip_nul() {
            return Ok(COctetString::empty());
        }
        Ok(COctetString::from_wire(r.c_octet_string(MAX, name, cx)?))
    }
    #[inline]
    fn field_len(&self) -> usize {
        self.len() + 1
    }
    #[inline]
    fn encode_field<B: BufMut>(&self, out: &mut B) {
        put_c_octet_string(self.as_bytes(), out);
    }
    fn into_owned_field(self) -> Self::Owned {
        self.into_owned()
    }
    fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
        v.c_octet_string(name, self.as_bytes());
    }
    fn check_field(&self, name: &'static str, c: &mut Checker) {
        c.string(name, self.len(), MAX);
    }
}

impl<'a> Field<'a> for SmppTime<'a> {
    type Owned = SmppTime<'static>;
    /// Any NUL-terminated string decodes; the validation step checks it is NULL or exactly
    /// 16 characters `YYMMDDhhmmsstnnp` (v3.4 §7.1.1).
    #[inline(always)]
    fn decode_field(
        r: &mut Reader<'a>,
        cx: &mut Ctx,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        // Fast path: NULL, by far the most common value.
        if r.skip_nul() {
            return Ok(SmppTime::empty());
        }
        Ok(SmppTime::from_wire(r.c_octet_string(17, name, cx)?))
    }
    #[inline]
    fn field_len(&self) -> usize {
        self.encoded_len()
    }
    #[inline]
    fn encode_field<B: BufMut>(&self, out: &mut B) {
        put_c_octet_string(self.as_bytes(), out);
    }
    fn into_owned_field(self) -> SmppTime<'static> {
        self.into_owned()
    }
    fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
        v.c_octet_string(name, self.as_bytes());
    }
    fn check_field(&self, name: &'static str, c: &mut Checker) {
        c.time(name, self.as_bytes());
    }
}

/// `sm_length` + `short_message` (v3.4 §5.2.21–22): "sm_length: 0 to 254".
impl<'a> Field<'a> for OctetString<'a> {
    type Owned = OctetString<'static>;
    #[inline(always)]
    fn decode_field(
        r: &mut Reader<'a>,
        _: &mut Ctx,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        // sm_length 255 is structurally sound; the validation step reports it (§5.2.21).
        let len = r.u8("sm_length")?;
        Ok(OctetString::from_wire(r.take(usize::from(len), name)?))
    }
    #[inline]
    fn field_len(&self) -> usize {
        1 + self.len()
    }
    #[inline]
    fn encode_field<B: BufMut>(&self, out: &mut B) {
        // The type holds at most 254 octets when built, 255 when decoded: sm_length fits.
        out.put_u8(self.len() as u8);
        out.put_slice(self.as_bytes());
    }
    fn into_owned_field(self) -> OctetString<'static> {
        self.into_owned()
    }
    fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
        v.integer("sm_length", self.len() as u32);
        v.octet_string(name, self.as_bytes());
    }
    fn check_field(&self, _: &'static str, c: &mut Checker) {
        c.at("sm_length");
        c.sm_length(self.len());
    }
}

impl<'a> Field<'a> for Tlvs<'a> {
    type Owned = Tlvs<'static>;
    #[inline(always)]
    fn decode_field(
        r: &mut Reader<'a>,
        cx: &mut Ctx,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        Tlvs::decode(r, cx, name)
    }
    #[inline]
    fn field_len(&self) -> usize {
        self.encoded_len()
    }
    #[inline]
    fn encode_field<B: BufMut>(&self, out: &mut B) {
        out.put_slice(self.as_bytes());
    }
    fn into_owned_field(self) -> Tlvs<'static> {
        self.into_owned()
    }
    fn visit_field(&self, _: &'static str, v: &mut dyn Visitor) {
        v.tlvs(self);
    }
    fn check_field(&self, _: &'static str, c: &mut Checker) {
        c.tlvs_here();
    }
}

/// Declares a PDU body struct from its fields in wire order, and derives decode, length,
/// encode, `into_owned` and `visit` from that one list.
macro_rules! pdu_body {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl<'a> $name<'a> {
            /// Decodes the body; errors are recorded in `cx` (checked once by the caller).
            #[inline(always)]
            pub(crate) fn decode_body(
                r: &mut $crate::reader::Reader<'a>,
                cx: &mut $crate::reader::Ctx,
            ) -> Self {
                Self {
                    $( $field: $crate::field::Field::decode_sticky(r, cx, stringify!($field)), )*
                }
            }

            /// Octets of the body on the wire (the header's 16 not included).
            #[inline]
            pub fn encoded_len(&self) -> usize {
                0 $( + $crate::field::Field::field_len(&self.$field) )*
            }

            #[inline(always)]
            pub(crate) fn encode_body<B: bytes::BufMut>(&self, out: &mut B) {
                $( $crate::field::Field::encode_field(&self.$field, out); )*
            }

            /// The same body owning all its octets.
            pub fn into_owned(self) -> $name<'static> {
                $name {
                    $( $field: $crate::field::Field::into_owned_field(self.$field), )*
                }
            }

            /// Walks the fields in wire order.
            pub fn visit(&self, v: &mut dyn $crate::field::Visitor) {
                $( $crate::field::Field::visit_field(&self.$field, stringify!($field), v); )*
            }

            /// Checks each field's value in wire order, recording where each starts.
            pub(crate) fn check_fields(&self, c: &mut $crate::validate::Checker) {
                $(
                    c.at(stringify!($field));
                    $crate::field::Field::check_field(&self.$field, stringify!($field), c);
                    c.advance($crate::field::Field::field_len(&self.$field));
                )*
            }
        }
    };
}

pub(crate) use pdu_body;

/// Declares the body of a short-message PDU (submit_sm, deliver_sm, submit_multi: v3.4
/// §4.4.1, §4.6.1, §4.5.1 share every field but the destination) through [`pdu_body!`]: the
/// common fields are listed here once, the destination fields come from the caller.
macro_rules! short_message_body {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> for one destination;
        $(#[$new_meta:meta])*
        pub fn new;
    ) => {
        $crate::field::short_message_body! {
            $(#[$meta])*
            pub struct $name<'a> {
                /// TON of the destination.
                pub dest_addr_ton: $crate::Ton,
                /// NPI of the destination.
                pub dest_addr_npi: $crate::Npi,
                /// The destination (max 21).
                pub destination_addr: $crate::COctetString<'a, 21>,
            }
        }

        impl<'a> $name<'a> {
            $(#[$new_meta])*
            pub fn new(
                source_addr: &'a str,
                destination_addr: &'a str,
                short_message: &'a [u8],
            ) -> Result<Self, $crate::FieldError> {
                let address = |text: &'a str| {
                    let a = $crate::classify_address(text);
                    $crate::COctetString::from_str(a.address).map(|s| (a.ton, a.npi, s))
                };
                let (source_addr_ton, source_addr_npi, source_addr) = address(source_addr)?;
                let (dest_addr_ton, dest_addr_npi, destination_addr) = address(destination_addr)?;
                Ok(Self {
                    source_addr_ton,
                    source_addr_npi,
                    source_addr,
                    dest_addr_ton,
                    dest_addr_npi,
                    destination_addr,
                    short_message: $crate::OctetString::new(short_message)?,
                    ..Self::default()
                })
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> {
            $($destination:tt)*
        }
    ) => {
        $crate::field::pdu_body! {
            $(#[$meta])*
            pub struct $name<'a> {
                /// The SMS application service (max 6; empty = SMSC default).
                pub service_type: $crate::COctetString<'a, 6>,
                /// TON of the source address.
                pub source_addr_ton: $crate::Ton,
                /// NPI of the source address.
                pub source_addr_npi: $crate::Npi,
                /// The originator (max 21).
                pub source_addr: $crate::COctetString<'a, 21>,
                $($destination)*
                /// Messaging mode, message type (a receipt in deliver_sm), UDHI, reply path
                /// (v3.4 §5.2.12).
                pub esm_class: $crate::EsmClass,
                /// GSM TP-PID.
                pub protocol_id: u8,
                /// Priority (v3.4 §5.2.14).
                pub priority_flag: $crate::PriorityFlag,
                /// When to deliver (NULL = now; unused in deliver_sm).
                pub schedule_delivery_time: $crate::SmppTime<'a>,
                /// When to give up (NULL = SMSC default; unused in deliver_sm).
                pub validity_period: $crate::SmppTime<'a>,
                /// Receipts and acknowledgements requested (v3.4 §5.2.17).
                pub registered_delivery: $crate::RegisteredDelivery,
                /// Replace a queued message with the same source, destination and
                /// service_type (0 or 1; unused in deliver_sm).
                pub replace_if_present_flag: u8,
                /// Coding of short_message (v3.4 §5.2.19).
                pub data_coding: $crate::DataCoding,
                /// A canned message's id (0 = none; unused in deliver_sm).
                pub sm_default_msg_id: u8,
                /// The user data, 0–254 octets (`sm_length` on the wire).
                pub short_message: $crate::OctetString<'a>,
                /// TLVs.
                pub tlvs: $crate::Tlvs<'a>,
            }
        }
    };
}

pub(crate) use short_message_body;
