//! Tokio drivers (placeholder).
