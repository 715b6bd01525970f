//! The one macro that turns a table of wire codes into an open newtype, for every crate of the
//! family (`smpp`, `gsm-pdu`, `dlr`); it lives here because `gsm7` is the crate they all
//! depend on.
//!
//! SMSCs, networks and SIMs send command statuses, TLV tags, TP-Status values and IEIs that no
//! table lists, so a wire code is never a closed enum: it is a newtype over the integer with
//! named constants (rustls `enum_builder!`, quinn `TransportErrorCode`). Each row of a table
//! gives the constant, its wire value, its name and (in most tables) a one-line description;
//! the constants, `ALL`, `name()`, `from_name()`, `description()`, `is_known()`, the `From`
//! conversions, `Debug` and `Display` all come from that one table. Unknown values round-trip
//! unchanged.

/// Declares an open newtype over an integer from a table of rows. Not part of the public API
/// (`#[doc(hidden)]`): the family's crates use it for their code tables.
///
/// Three forms:
/// - `pub struct Name(ty);` then `CONST = value, "spec_name", "description";` rows: SMPP's
///   form. `Debug` is `spec_name(0x..)`, `Display` the spec name or `0x..`; each constant
///   may carry its own attributes before it.
/// - `@bits` before it: the same for a bit field (`esm_class`), without `Debug` and
///   `Display`, which the bit field writes itself (one name per sub-field).
/// - `@octet` before `pub struct Name(u8);`: a TPDU or receipt octet. `Debug` is
///   `Name(name, 0x..)`, `Display` the name or `0x..` in two hex digits. Rows are
///   `CONST = value, "short-name", "description";` (`gsm-pdu`) or `CONST = value, "Spec
///   name";` without a description (`dlr`).
#[doc(hidden)]
#[macro_export]
macro_rules! wire_codes {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($ty:ty);
        $( $(#[$cmeta:meta])* $konst:ident = $val:literal, $spec:literal, $desc:literal; )*
    ) => {
        $crate::wire_codes! {
            @bits
            $(#[$meta])*
            pub struct $name($ty);
            $( $(#[$cmeta])* $konst = $val, $spec, $desc; )*
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({:#x})", n, self.0),
                    None => write!(f, "{}({:#x})", stringify!($name), self.0),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
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
        $crate::wire_codes! {
            @newtype [$(#[$meta])*] $name($ty), "spec's name", "spec name";
            $(
                [#[doc = concat!("`", $spec, "`: ", $desc, ".")] $(#[$cmeta])*]
                $konst = $val, $spec, $desc;
            )*
        }
    };
    (
        @octet
        $(#[$meta:meta])*
        pub struct $name:ident(u8);
        $( $konst:ident = $val:literal, $short:literal, $desc:literal; )*
    ) => {
        $crate::wire_codes! {
            @newtype [$(#[$meta])*] $name(u8), "short name", "short name";
            $(
                [#[doc = concat!("`", stringify!($val), "` `", $short, "`: ", $desc, ".")]]
                $konst = $val, $short, $desc;
            )*
        }
        $crate::wire_codes!(@octet_fmt $name, "The short name");
    };
    (
        @octet
        $(#[$meta:meta])*
        pub struct $name:ident(u8);
        $( $konst:ident = $val:literal, $spec:literal; )*
    ) => {
        $crate::wire_codes! {
            @newtype [$(#[$meta])*] $name(u8), "spec's name", "spec name";
            $(
                [#[doc = concat!("`", stringify!($val), "`: ", $spec, ".")]]
                $konst = $val, $spec;
            )*
        }
        $crate::wire_codes!(@octet_fmt $name, "The spec's name");
    };

    // The newtype, its constants, `ALL`, `name()`, `from_name()` (and `description()`,
    // `is_known()` where the rows have descriptions) and the `From` conversions.
    (
        @newtype [$($meta:tt)*] $name:ident($ty:ty), $names:literal, $named_by:literal;
        $( [$($cattr:tt)*] $konst:ident = $val:literal, $spec:literal $(, $desc:literal)?; )*
    ) => {
        $($meta)*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub $ty);

        impl $name {
            $(
                $($cattr)*
                pub const $konst: Self = Self($val);
            )*

            /// Every value the table names, in table order.
            pub const ALL: &'static [Self] = &[$(Self($val)),*];

            #[doc = concat!(
                "The ", $names, " of this code, or `None` for a value the table does not know."
            )]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some($spec),)*
                    _ => None,
                }
            }

            $crate::wire_codes!(@description $( $val $(=> $desc)?; )*);

            #[doc = concat!(
                "The code with this ", $named_by, " (exact, as [`name`](Self::name) spells it)."
            )]
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($spec => Some(Self($val)),)*
                    _ => None,
                }
            }

            $crate::wire_codes!(@is_known $( $val $(=> $desc)?; )*);
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
    (@description $( $val:literal => $desc:literal; )*) => {
        /// The spec's description of this code, or `None` for an unknown value.
        pub const fn description(self) -> Option<&'static str> {
            match self.0 {
                $($val => Some($desc),)*
                _ => None,
            }
        }
    };
    (@description $( $val:literal; )*) => {};
    (@is_known $( $val:literal => $desc:literal; )*) => {
        /// Whether the table names this value.
        pub const fn is_known(self) -> bool {
            self.name().is_some()
        }
    };
    (@is_known $( $val:literal; )*) => {};

    // `Debug` as `Name(name, 0x..)`, `Display` as the name or `0x..`, two hex digits.
    (@octet_fmt $name:ident, $display_doc:literal) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({}, {:#04x})", stringify!($name), n, self.0),
                    None => write!(f, "{}({:#04x})", stringify!($name), self.0),
                }
            }
        }

        #[doc = concat!($display_doc, ", or `0x..` for a value the table does not know.")]
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{:#04x}", self.0),
                }
            }
        }
    };
}

#[cfg(test)]
#[allow(unreachable_pub)]
mod tests {
    use alloc::format;
    use alloc::string::ToString;

    crate::wire_codes! {
        /// A table in SMPP's form, with a 16-bit value.
        pub struct Wide(u16);
        FIRST = 0x0001, "first", "The first code";
        #[deprecated = "a per-constant attribute reaches the constant"]
        OLD = 0x0100, "old", "A retired code";
    }

    crate::wire_codes! {
        @octet
        /// A table in the TPDU form.
        pub struct Short(u8);
        ZERO = 0x00, "zero", "the zero code";
    }

    crate::wire_codes! {
        @octet
        /// A table without descriptions.
        pub struct Plain(u8);
        THREE = 3, "Three";
    }

    #[test]
    fn each_form_names_reads_back_and_keeps_unknown_values() {
        assert_eq!(Wide::ALL, &[Wide(1), Wide(0x100)]);
        assert_eq!(Wide::from_name("first"), Some(Wide::FIRST));
        assert_eq!(Wide(1).description(), Some("The first code"));
        assert_eq!(format!("{:?}", Wide(0x100)), "old(0x100)");
        assert_eq!(format!("{:?}", Wide(7)), "Wide(0x7)");
        assert_eq!(Wide(7).to_string(), "0x7");
        assert!(!Wide(7).is_known());
        assert_eq!(u16::from(Wide::from(0xBEEF)), 0xBEEF);

        assert_eq!(format!("{:?}", Short(0)), "Short(zero, 0x00)");
        assert_eq!(format!("{:?}", Short(5)), "Short(0x05)");
        assert_eq!(Short(5).to_string(), "0x05");
        assert_eq!(Short::ZERO.description(), Some("the zero code"));
        assert!(Short::ZERO.is_known());

        assert_eq!(Plain(3).to_string(), "Three");
        assert_eq!(Plain::from_name("Three"), Some(Plain::THREE));
        assert_eq!(Plain(4).name(), None);
        assert_eq!(format!("{:?}", Plain(0x42)), "Plain(0x42)");
    }
}
