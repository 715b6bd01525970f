#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sms_fuzz::smpp_codec::pdu(data, true));
