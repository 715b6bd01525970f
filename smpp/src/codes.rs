//! The one macro that turns a table of wire codes into an open newtype.
//!
//! SMSCs send vendor command statuses, TLV tags and numbering plans that no spec lists, so a
//! wire code is never a closed enum: it is a newtype over the integer with named constants
//! (rustls `enum_builder!`, quinn `TransportErrorCode`). Each row of the table gives the
//! constant, its wire value, the spec's name and a one-line description; `name()`,
//! `description()`, `from_name()`, `Debug` and `Display` all come from that one table.

/// Declares an open newtype over an integer from a table of
/// `CONST = value, "spec_name", "description";` rows.
///
/// A bit field (`esm_class`, `registered_delivery`) starts with `@bits`: its table names the
/// values of the whole octet it gives constants for, and it writes its own `Debug` and
/// `Display` (one name per sub-field).
macro_rules! wire_codes {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($ty:ty);
        $( $(#[$cmeta:meta])* $konst:ident = $val:literal, $spec:literal, $desc:literal; )*
    ) => {
        $crate::codes::wire_codes! {
            @bits
            $(#[$meta])*
            pub struct $name($ty);
            $( $(#[$cmeta])* $konst = $val, $spec, $desc; )*
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({:#x})", n, self.0),
                    None => write!(f, "{}({:#x})", stringify!($name), self.0),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{:#x}", self.0),
                }
            }
        }
    };
    (
        @bits
        $(#[$meta:meta])*
        pub struct $name:ident($ty:ty);
        $( $(#[$cmeta:meta])* $konst:ident = $val:literal, $spec:literal, $desc:literal; )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub $ty);

        impl $name {
            $(
                #[doc = concat!("`", $spec, "`: ", $desc, ".")]
                $(#[$cmeta])*
                pub const $konst: Self = Self($val);
            )*

            /// Every value the table names, in table order.
            pub const ALL: &'static [Self] = &[$(Self($val)),*];

            /// The spec's name of this code, or `None` for a value the table does not know.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some($spec),)*
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

            /// The code with this spec name (exact, as [`name`](Self::name) spells it).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($spec => Some(Self($val)),)*
                    _ => None,
                }
            }

            /// Whether the table names this value.
            pub const fn is_known(self) -> bool {
                self.name().is_some()
            }
        }

        impl From<$ty> for $name {
            fn from(v: $ty) -> Self {
                Self(v)
            }
        }

        impl From<$name> for $ty {
            fn from(v: $name) -> Self {
                v.0
            }
        }

    };
}

pub(crate) use wire_codes;
