//! SMPP 3.4 and 5.0 (placeholder: the codec lands here).
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
pub mod session;
#[cfg(feature = "tokio")]
pub mod tokio;
