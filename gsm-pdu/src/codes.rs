//! The one macro that turns a table of wire codes into an open newtype.
//!
//! Networks and SIMs send TP-Status values, protocol identifiers and IEIs that no table here
//! lists, so a wire code is never a closed enum: it is a newtype over the octet with named
//! constants (rustls `enum_builder!`, the same shape as `smpp`'s codes). Each row gives the
//! constant, its wire value, a short name and the spec's description; `name()`,
//! `description()`, `from_name()`, `ALL`, `Debug` and `Display` all come from that one table.
//! Unknown values round-trip unchanged: `Display` prints them as hex.

/// Declares an open newtype over `u8` from a table of
/// `CONST = value, "name", "description";` rows.
macro_rules! wire_codes {
    (
        $(#[$meta:meta])*
        pub struct $name:ident(u8);
        $( $konst:ident = $val:literal, $short:literal, $desc:literal; )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u8);

        impl $name {
            $(
                #[doc = concat!("`", stringify!($val), "` `", $short, "`: ", $desc, ".")]
                pub const $konst: Self = Self($val);
            )*

            /// Every value the table names, in table order.
            pub const ALL: &'static [Self] = &[$(Self($val)),*];

            /// The short name of this code, or `None` for a value the table does not know.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some($short),)*
                    _ => None,
                }
            }

            /// The spec's description of this code, or `None` for an unknown value.
            pub const fn description(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some($desc),)*
                    _ => None,
                }
            }

            /// The code with this short name (exact, as [`name`](Self::name) spells it).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($short => Some(Self($val)),)*
                    _ => None,
                }
            }

            /// Whether the table names this value.
            pub const fn is_known(self) -> bool {
                self.name().is_some()
            }
        }

        impl From<u8> for $name {
            fn from(v: u8) -> Self {
                Self(v)
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({}, {:#04x})", stringify!($name), n, self.0),
                    None => write!(f, "{}({:#04x})", stringify!($name), self.0),
                }
            }
        }

        /// The short name, or `0x..` for a value the table does not know.
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{:#04x}", self.0),
                }
            }
        }
    };
}

pub(crate) use wire_codes;

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::ToString;

    use crate::{Iei, NumberingPlan, ProtocolIdentifier, Status, TypeOfNumber};

    // TS 23.040 §9.2.3.15 (TP-ST 0x46 "SM Validity Period Expired"), §9.2.3.24 (IEI 0x00),
    // §9.1.2.5 (TON 001 international, NPI 0001 ISDN), §9.2.3.9 (TP-PID 0x40 type 0).
    #[test]
    fn names_and_displays_known_codes() {
        assert_eq!(Status(0x46), Status::VALIDITY_PERIOD_EXPIRED);
        assert_eq!(Status(0x46).name(), Some("validity-period-expired"));
        assert_eq!(format!("{}", Iei(0x00)), "concat-8");
        assert_eq!(TypeOfNumber(1).to_string(), "international");
        assert_eq!(NumberingPlan(1).to_string(), "isdn");
        assert_eq!(
            ProtocolIdentifier::from_name("type-0"),
            Some(ProtocolIdentifier(0x40))
        );
        assert_eq!(format!("{:?}", Status(0)), "Status(received, 0x00)");
    }

    // §9.2.3.15: 0x1A is "reserved" in the completed range, 0xC0 has the reserved bit 7 set;
    // §9.2.3.24: 0x70 is a SIM Toolkit IEI this table does not name. All round-trip.
    #[test]
    fn keeps_unknown_codes() {
        for v in [0x1A, 0xC0] {
            assert!(!Status(v).is_known());
            assert_eq!(u8::from(Status::from(v)), v);
        }
        assert_eq!(Status(0xC0).to_string(), "0xc0");
        assert_eq!(format!("{:?}", Iei(0x70)), "Iei(0x70)");
        assert_eq!(Iei(0x70).name(), None);
    }
}
