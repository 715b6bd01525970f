//! Sans-IO SMPP sessions (placeholder).
