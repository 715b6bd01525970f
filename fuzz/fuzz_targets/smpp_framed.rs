#![no_main]

use smpp::{FramedError, SmppCodec};
use tokio_util::codec::Decoder;

// The tokio-util `Decoder` of `SmppCodec`, fed the stream in chunks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sms_fuzz::smpp_codec::framed(data, |opts| {
        let mut codec = SmppCodec::with_options(opts);
        move |buf: &mut smpp::bytes::BytesMut| match codec.decode(buf) {
            Ok(item) => sms_fuzz::smpp_codec::owned_step(item),
            Err(FramedError::Decode(e)) => Err(e),
            Err(e) => panic!("no I/O here: {e}"),
        }
    })
});
