//! gsm-pdu targets: whole TPDUs (each direction, with and without the SMSC prefix, strict and
//! lenient) and user data headers.
//!
//! Shared by the `tpdu` and `udh` fuzz targets and by `gsm-pdu/tests/fuzz_corpus.rs`, which
//! replays the committed corpus through the same functions.

use gsm_pdu::{
    DecodeOptions, Decoded, Direction, Tpdu, UserDataHeader, decode, decode_with_smsc,
    encode_with_smsc,
};

/// `[mode, tpdu…]`: bit 0 of `mode` picks the direction (0 MT, 1 MO), bit 1 an SMSC address
/// prefix, bit 2 lenient decoding.
///
/// Checks: errors point inside the input; a strict decode forgives nothing, its text decodes
/// or fails cleanly, and decode → encode → decode gives the same TPDU (strictly again); a
/// lenient decode that encodes decodes (leniently) to the same TPDU.
pub fn tpdu(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let direction = if mode & 1 == 0 {
        Direction::MobileTerminated
    } else {
        Direction::MobileOriginated
    };
    let with_smsc = mode & 2 != 0;
    let opts = if mode & 4 != 0 {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    let decode_as_given = |b| run(b, direction, with_smsc, opts);
    let decoded = match decode_as_given(bytes) {
        Ok(d) => d,
        Err(e) => {
            assert!(e.offset() <= bytes.len(), "{e:?} points past the input");
            let _ = (e.field(), e.to_string());
            return;
        }
    };
    assert_eq!(decoded.tpdu.direction(), direction);
    if opts.is_strict() {
        assert!(
            decoded.quirks.is_empty(),
            "strict decoding forgives nothing"
        );
    }
    let _ = text(&decoded.tpdu);

    let mut wire = Vec::new();
    let encoded = if with_smsc {
        encode_with_smsc(decoded.smsc.as_ref(), &decoded.tpdu, &mut wire).map(|_| ())
    } else {
        decoded.tpdu.encode(&mut wire)
    };
    match encoded {
        Ok(()) => {
            let again = decode_as_given(&wire).unwrap_or_else(|e| {
                panic!(
                    "re-encoded {} does not decode: {e:?}",
                    decoded.tpdu.type_name()
                )
            });
            assert_eq!(
                again.tpdu, decoded.tpdu,
                "decode → encode → decode is stable"
            );
            assert_eq!(again.smsc, decoded.smsc);
        }
        Err(e) => assert!(
            !opts.is_strict(),
            "a strictly decoded TPDU must encode: {e:?}"
        ),
    }
}

fn run(
    bytes: &[u8],
    direction: Direction,
    with_smsc: bool,
    opts: DecodeOptions,
) -> Result<Decoded<'_>, gsm_pdu::DecodeError> {
    if with_smsc {
        decode_with_smsc(bytes, direction, opts)
    } else {
        decode(bytes, direction, opts)
    }
}

fn text(tpdu: &Tpdu<'_>) -> Result<Option<String>, gsm_pdu::DecodeError> {
    match tpdu {
        Tpdu::Deliver(t) => t.text(),
        Tpdu::Submit(t) => t.text(),
        Tpdu::DeliverReport(t) => t.params.text(),
        Tpdu::SubmitReport(t) => t.params.text(),
        Tpdu::StatusReport(t) => t.params.as_ref().map_or(Ok(None), |p| p.text()),
        Tpdu::Command(_) => Ok(None),
    }
}

/// A user data header, UDHL first. Checks: a parsed header lies within the input, its
/// elements type without panicking, and building the typed elements gives back exactly the
/// header's octets.
pub fn udh(data: &[u8]) {
    let header = match UserDataHeader::parse(data) {
        Ok(h) => h,
        Err(e) => {
            assert!(e.offset() <= data.len(), "{e:?} points past the input");
            return;
        }
    };
    assert!(header.len() <= data.len());
    let _ = (header.concat(), header.tables(), header.is_empty());
    let typed: Vec<_> = header.iter().map(|ie| ie.typed()).collect();
    let built = UserDataHeader::build(&typed).expect("parsed elements build");
    assert_eq!(built, data[..header.len()], "parse → build is the identity");
    let again = UserDataHeader::parse(&built).expect("our own header parses");
    assert_eq!(again, header);
}
