//! Tests of the wire-code types (`Status`, `Iei`, `TypeOfNumber`, …), each an open newtype
//! declared from one table with `gsm7::wire_codes!` (`@octet` form). Unknown values
//! round-trip unchanged: `Display` prints them as hex.

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
