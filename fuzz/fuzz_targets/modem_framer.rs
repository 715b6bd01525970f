#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sms_fuzz::modem::framer(data));
