//! The wire codes a receipt carries besides its state (which is `smpp`'s `MessageState`):
//! open newtypes over the octet, from one table each, the shape of `smpp`'s and `gsm-pdu`'s
//! codes. SMSCs send values no spec lists, so none is a closed enum: an unknown value keeps
//! its octet, `name()` says `None` and `Display` prints it in hex.

/// Declares an open newtype over `u8` from a table of `CONST = value, "name";` rows: the
/// constants, `ALL`, `name()`, `from_name()`, `Debug` and `Display` come from the table.
macro_rules! wire_codes {
    (
        $(#[$meta:meta])*
        pub struct $name:ident(u8);
        $( $konst:ident = $val:literal, $spec:literal; )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u8);

        impl $name {
            $(
                #[doc = concat!("`", stringify!($val), "`: ", $spec, ".")]
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

            /// The code with this spec name (exact, as [`name`](Self::name) spells it).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($spec => Some(Self($val)),)*
                    _ => None,
                }
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

        /// The spec's name, or `0x..` for a value the table does not know.
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

wire_codes! {
    /// The network type octet of the `network_error_code` TLV (SMPP 3.4 §5.3.2.31): which
    /// network's error table the 2-octet code is from.
    pub struct NetworkType(u8);
    ANSI_136_ACCESS_DENIED = 1, "ANSI 136 Access Denied Reason";
    IS_95_ACCESS_DENIED = 2, "IS 95 Access Denied Reason";
    GSM = 3, "GSM";
    ANSI_136_CAUSE = 4, "ANSI 136 Cause Code";
    IS_95_CAUSE = 5, "IS 95 Cause Code";
    ANSI_41 = 6, "ANSI-41 Error";
    SMPP = 7, "SMPP Error";
    MESSAGE_CENTER = 8, "Message Center Specific";
}

wire_codes! {
    /// The `delivery_failure_reason` TLV (SMPP 3.4 §5.3.2.33): why a delivery failed.
    pub struct DeliveryFailureReason(u8);
    DESTINATION_UNAVAILABLE = 0, "Destination unavailable";
    DESTINATION_ADDRESS_INVALID = 1, "Destination Address Invalid";
    PERMANENT_NETWORK_ERROR = 2, "Permanent network error";
    TEMPORARY_NETWORK_ERROR = 3, "Temporary network error";
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    // SMPP 3.4 §5.3.2.31 network types 1–8 and §5.3.2.33 reasons 0–3: each named, read back
    // by name; an unknown value keeps its octet and prints in hex.
    #[test]
    fn roundtrip_names_and_unknown_values() {
        for code in NetworkType::ALL {
            assert_eq!(NetworkType::from_name(code.name().unwrap()), Some(*code));
        }
        for code in DeliveryFailureReason::ALL {
            assert_eq!(
                DeliveryFailureReason::from_name(code.name().unwrap()),
                Some(*code)
            );
        }
        assert_eq!(NetworkType::ALL.len(), 8);
        assert_eq!(NetworkType(3).to_string(), "GSM");
        assert_eq!(NetworkType(0x42).to_string(), "0x42");
        assert_eq!(format!("{:?}", NetworkType(0x42)), "NetworkType(0x42)");
        assert_eq!(
            DeliveryFailureReason(2).name(),
            Some("Permanent network error")
        );
        assert_eq!(u8::from(DeliveryFailureReason(9)), 9);
    }
}
