//! Direct-to-mobile SMS over AT commands (3GPP TS 27.005 PDU mode, TS 27.007).
//!
//! Work in progress: the driver modules and the emulator are being written.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod emulator;
