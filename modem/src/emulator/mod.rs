//! A GSM modem emulator that real AT clients accept (work in progress).
