//! submit_multi and submit_multi_resp (SMPP v3.4 §4.5, v5.0 §4.2.3), with the destination
//! list and the unsuccessful-delivery list kept as validated borrowed regions.

use alloc::borrow::Cow;
use bytes::BufMut;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::field::{Field, Visitor, pdu_body, short_message_body};
use crate::reader::{Ctx, Reader};
use crate::tlv::Tlvs;
use crate::types::{COctetString, FieldError};
use crate::validate::Checker;
use crate::{Npi, Ton};

/// A list preceded by its count octet, kept as validated wire octets borrowed from the
/// frame: the struct, its building and reading, and its [`Field`] codec, from one
/// definition for both lists of submit_multi(_resp). `check_entries`, when the list has
/// one, reports each entry's values.
macro_rules! counted_list {
    (
        $(#[$meta:meta])*
        pub struct $name:ident of $entry:ident, $count_field:literal, $read:ident, $visit:ident;
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, Default)]
        pub struct $name<'a> {
            count: u8,
            raw: Cow<'a, [u8]>,
        }

        impl<'a> $name<'a> {
            /// An empty list.
            pub const fn new() -> Self {
                Self {
                    count: 0,
                    raw: Cow::Borrowed(&[]),
                }
            }

            #[doc = concat!("Appends an entry; at most 255 (`", $count_field, "` is one octet).")]
            pub fn push(&mut self, entry: &$entry<'_>) -> Result<&mut Self, FieldError> {
                let count = self
                    .count
                    .checked_add(1)
                    .ok_or(FieldError::TooLong { len: 256, max: 255 })?;
                entry.put(self.raw.to_mut());
                self.count = count;
                Ok(self)
            }

            #[doc = concat!("`", $count_field, "`.")]
            pub fn len(&self) -> usize {
                usize::from(self.count)
            }

            /// Whether the list is empty.
            pub fn is_empty(&self) -> bool {
                self.count == 0
            }

            /// The entries in wire order.
            pub fn iter(&self) -> impl Iterator<Item = $entry<'_>> + '_ {
                let mut cx = Ctx {
                    options: crate::DecodeOptions::lenient(),
                    ..Ctx::default()
                };
                let mut r = Reader::new(&self.raw, 0);
                (0..self.count).map_while(move |_| $read(&mut r, &mut cx).ok())
            }

            /// The same list owning its octets.
            pub fn into_owned(self) -> $name<'static> {
                $name {
                    count: self.count,
                    raw: Cow::Owned(self.raw.into_owned()),
                }
            }
        }

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl<'a> Field<'a> for $name<'a> {
            type Owned = $name<'static>;
            fn decode_field(
                r: &mut Reader<'a>,
                cx: &mut Ctx,
                _: &'static str,
            ) -> Result<Self, DecodeError> {
                let (count, raw) = read_counted(r, cx, $count_field, $read)?;
                Ok($name {
                    count,
                    raw: Cow::Borrowed(raw),
                })
            }
            fn field_len(&self) -> usize {
                1 + self.raw.len()
            }
            fn encode_field<B: BufMut>(&self, out: &mut B) {
                out.put_u8(self.count);
                out.put_slice(&self.raw);
            }
            fn into_owned_field(self) -> $name<'static> {
                self.into_owned()
            }
            fn visit_field(&self, name: &'static str, v: &mut dyn Visitor) {
                v.$visit(name, self);
            }
            fn check_field(&self, _: &'static str, c: &mut Checker) {
                CheckEntries::check_entries(self, c);
            }
        }
    };
}

/// What a counted list's entries are checked for (nothing, unless the list says).
trait CheckEntries {
    fn check_entries(&self, _c: &mut Checker) {}
}

impl CheckEntries for UnsuccessSmes<'_> {}

impl CheckEntries for DestAddresses<'_> {
    fn check_entries(&self, c: &mut Checker) {
        self.check_dest_entries(c);
    }
}

/// One entry of submit_multi's `dest_address` list (v3.4 §4.5.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DestAddress<'t> {
    /// `dest_flag` 1: an SME address.
    SmeAddress {
        /// TON.
        dest_addr_ton: Ton,
        /// NPI.
        dest_addr_npi: Npi,
        /// The address (max 21).
        destination_addr: COctetString<'t, 21>,
    },
    /// `dest_flag` 2: a distribution list name (max 21).
    DistributionList {
        /// The list's name.
        dl_name: COctetString<'t, 21>,
    },
}

impl DestAddress<'_> {
    fn put(&self, out: &mut impl BufMut) {
        match self {
            DestAddress::SmeAddress {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
            } => {
                out.put_u8(1);
                out.put_u8(dest_addr_ton.0);
                out.put_u8(dest_addr_npi.0);
                destination_addr.encode_field(out);
            }
            DestAddress::DistributionList { dl_name } => {
                out.put_u8(2);
                dl_name.encode_field(out);
            }
        }
    }
}

counted_list! {
    /// submit_multi's `number_of_dests` + `dest_address` list: validated wire octets.
    pub struct DestAddresses of DestAddress, "number_of_dests", read_dest, dest_addresses;
}

fn read_dest<'t>(r: &mut Reader<'t>, cx: &mut Ctx) -> Result<DestAddress<'t>, DecodeError> {
    let at = r.offset();
    Ok(match r.u8("dest_flag")? {
        1 => DestAddress::SmeAddress {
            dest_addr_ton: Field::decode_field(r, cx, "dest_addr_ton")?,
            dest_addr_npi: Field::decode_field(r, cx, "dest_addr_npi")?,
            destination_addr: Field::decode_field(r, cx, "destination_addr")?,
        },
        2 => DestAddress::DistributionList {
            dl_name: Field::decode_field(r, cx, "dl_name")?,
        },
        // v3.4 §4.5.1.1: dest_flag 1 = SME Address, 2 = Distribution List Name.
        flag => {
            return Err(DecodeError::new(
                DecodeErrorKind::ValueOutOfRange { value: flag.into() },
                "dest_flag",
                at,
            ));
        }
    })
}

/// A list preceded by its count octet (`count_field`): validates each entry with `read_one`
/// and returns the count and the entries' octets, borrowed from the frame.
fn read_counted<'a, T>(
    r: &mut Reader<'a>,
    cx: &mut Ctx,
    count_field: &'static str,
    mut read_one: impl FnMut(&mut Reader<'a>, &mut Ctx) -> Result<T, DecodeError>,
) -> Result<(u8, &'a [u8]), DecodeError> {
    let count = r.u8(count_field)?;
    let start = r.rest();
    let before = r.remaining();
    for _ in 0..count {
        read_one(r, cx)?;
    }
    let used = before - r.remaining();
    Ok((count, &start[..used]))
}

impl DestAddresses<'_> {
    /// Each entry's TON, NPI and strings, at their offsets (the caller moves past the list).
    fn check_dest_entries(&self, c: &mut Checker) {
        let start = c.offset();
        c.at("number_of_dests");
        c.advance(1);
        for d in self.iter() {
            c.advance(1); // dest_flag
            match &d {
                DestAddress::SmeAddress {
                    dest_addr_ton,
                    dest_addr_npi,
                    destination_addr,
                } => {
                    dest_addr_ton.check_field("dest_addr_ton", c);
                    c.advance(1);
                    dest_addr_npi.check_field("dest_addr_npi", c);
                    c.advance(1);
                    destination_addr.check_field("destination_addr", c);
                    c.advance(destination_addr.field_len());
                }
                DestAddress::DistributionList { dl_name } => {
                    dl_name.check_field("dl_name", c);
                    c.advance(dl_name.field_len());
                }
            }
        }
        c.set_offset(start);
    }
}

/// One entry of submit_multi_resp's `unsuccess_sme` list (v3.4 §4.5.2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsuccessSme<'t> {
    /// TON.
    pub dest_addr_ton: Ton,
    /// NPI.
    pub dest_addr_npi: Npi,
    /// The address the message could not be delivered to (max 21).
    pub destination_addr: COctetString<'t, 21>,
    /// Why (a command_status value).
    pub error_status_code: u32,
}

impl UnsuccessSme<'_> {
    fn put(&self, out: &mut impl BufMut) {
        out.put_u8(self.dest_addr_ton.0);
        out.put_u8(self.dest_addr_npi.0);
        self.destination_addr.encode_field(out);
        out.put_u32(self.error_status_code);
    }
}

counted_list! {
    /// submit_multi_resp's `no_unsuccess` + `unsuccess_sme` list: validated wire octets.
    pub struct UnsuccessSmes of UnsuccessSme, "no_unsuccess", read_unsuccess, unsuccess_smes;
}

fn read_unsuccess<'t>(r: &mut Reader<'t>, cx: &mut Ctx) -> Result<UnsuccessSme<'t>, DecodeError> {
    Ok(UnsuccessSme {
        dest_addr_ton: Field::decode_field(r, cx, "dest_addr_ton")?,
        dest_addr_npi: Field::decode_field(r, cx, "dest_addr_npi")?,
        destination_addr: Field::decode_field(r, cx, "destination_addr")?,
        error_status_code: r.u32("error_status_code")?,
    })
}

short_message_body! {
    /// The body of submit_multi (v3.4 §4.5.1): one message for up to 255 destinations.
    pub struct SubmitMulti<'a> {
        /// `number_of_dests` and the `dest_address` list.
        pub dest_address: DestAddresses<'a>,
    }
}

pdu_body! {
    /// The body of submit_multi_resp (v3.4 §4.5.2).
    pub struct SubmitMultiResp<'a> {
        /// The SMSC's id for the message (max 65).
        pub message_id: COctetString<'a, 65>,
        /// `no_unsuccess` and the `unsuccess_sme` list.
        pub unsuccess_sme: UnsuccessSmes<'a>,
        /// TLVs (v5.0).
        pub tlvs: Tlvs<'a>,
    }
}
