//! `sms smsc` answers every ESME-originated PDU (SMPP 3.4 §4, SMPP 5.0 §4.4–4.6), checked
//! from a plain TCP socket with PDUs built and read by the smpp codec: no session in
//! between, so what the simulator puts on the wire is what is asserted.

mod gateway_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use gateway_support::Smsc;
use smpp::{
    Bind, BroadcastSm, CancelBroadcastSm, CancelSm, CommandId, CommandStatus, DataSm,
    DecodeOptions, DeliverSmResp, DestAddress, Frame, Npi, Pdu, QueryBroadcastSm, QuerySm,
    ReplaceSm, SubmitMulti, SubmitSm, TlvTag, Ton, decode, encode,
};

struct Raw {
    stream: TcpStream,
    seq: u32,
    /// Frames read but not yet asked for.
    backlog: Vec<Frame<'static>>,
    /// Octets read but not yet framed.
    rx: smpp::bytes::BytesMut,
}

impl Raw {
    fn connect(addr: &str) -> Raw {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        Raw {
            stream,
            seq: 0,
            backlog: Vec::new(),
            rx: smpp::bytes::BytesMut::new(),
        }
    }

    fn send(&mut self, pdu: &Pdu<'_>) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        let mut buf = Vec::new();
        encode(self.seq, CommandStatus::ESME_ROK, pdu, &mut buf);
        self.stream.write_all(&buf).expect("write");
        self.seq
    }

    fn read_frame(&mut self) -> Frame<'static> {
        // The codec's framing; the PDU is then decoded strictly below.
        let frame = loop {
            let lenient = DecodeOptions::lenient();
            if let Some(frame) = smpp::OwnedFrame::take(&mut self.rx, &lenient).expect("framing") {
                break frame.expect("a PDU");
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).expect("read");
            assert!(n > 0, "connection closed");
            self.rx.extend_from_slice(&chunk[..n]);
        };
        let pdu = frame.bytes();
        // Strict, except for the answers to the sequence number 0 we send on purpose.
        let options = if pdu[12..16] == [0; 4] {
            DecodeOptions::lenient()
        } else {
            DecodeOptions::default()
        };
        decode(pdu, &options)
            .expect("strictly valid PDU")
            .into_owned()
    }

    /// The response to request `seq` (SMSC requests arriving meanwhile are kept).
    fn response(&mut self, seq: u32) -> Frame<'static> {
        loop {
            let f = self.read_frame();
            if f.header.command_id.is_response() && f.header.sequence_number == seq {
                return f;
            }
            self.backlog.push(f);
        }
    }

    /// The next deliver_sm (receipt), answered with deliver_sm_resp.
    fn deliver_sm(&mut self) -> Frame<'static> {
        let f = match self
            .backlog
            .iter()
            .position(|f| f.header.command_id == CommandId::DELIVER_SM)
        {
            Some(i) => self.backlog.remove(i),
            None => loop {
                let f = self.read_frame();
                if f.header.command_id == CommandId::DELIVER_SM {
                    break f;
                }
            },
        };
        let mut buf = Vec::new();
        encode(
            f.header.sequence_number,
            CommandStatus::ESME_ROK,
            &Pdu::DeliverSmResp(DeliverSmResp::default()),
            &mut buf,
        );
        self.stream.write_all(&buf).unwrap();
        f
    }

    fn bind(&mut self, version: u8) -> Frame<'static> {
        let bind = Bind {
            system_id: "tester".try_into().unwrap(),
            password: "secret".try_into().unwrap(),
            interface_version: smpp::InterfaceVersion(version),
            ..Bind::default()
        };
        let seq = self.send(&Pdu::BindTransceiver(bind));
        self.response(seq)
    }
}

fn submit(registered_delivery: u8) -> Pdu<'static> {
    Pdu::SubmitSm(SubmitSm {
        source_addr: "4411".try_into().unwrap(),
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "447700900123".try_into().unwrap(),
        registered_delivery: smpp::RegisteredDelivery(registered_delivery),
        short_message: b"Hello"[..].try_into().unwrap(),
        ..SubmitSm::default()
    })
}

/// SMPP 5.0 §4.4.1.1: broadcast_area_identifier, broadcast_content_type,
/// broadcast_rep_num and broadcast_frequency_interval are mandatory.
fn broadcast_sm() -> Pdu<'static> {
    let mut bc = BroadcastSm {
        source_addr: "4411".try_into().unwrap(),
        ..BroadcastSm::default()
    };
    bc.tlvs
        .push(TlvTag::BROADCAST_AREA_IDENTIFIER, &[0x00, b'x'])
        .unwrap();
    bc.tlvs
        .push(TlvTag::BROADCAST_CONTENT_TYPE, &[0x00, 0x00, 0x00])
        .unwrap();
    bc.tlvs.push_u16(TlvTag::BROADCAST_REP_NUM, 1).unwrap();
    bc.tlvs
        .push(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[0x09, 0x00, 0x01])
        .unwrap();
    bc.tlvs
        .push(TlvTag::MESSAGE_PAYLOAD, b"storm warning")
        .unwrap();
    Pdu::BroadcastSm(bc)
}

fn message_id(f: &Frame<'_>) -> String {
    match &f.pdu {
        Pdu::SubmitSmResp(r) => r.message_id.as_str().unwrap().to_owned(),
        Pdu::DataSmResp(r) => r.message_id.as_str().unwrap().to_owned(),
        Pdu::SubmitMultiResp(r) => r.message_id.as_str().unwrap().to_owned(),
        Pdu::BroadcastSmResp(r) => r.message_id.as_str().unwrap().to_owned(),
        other => panic!("no message id in {other:?}"),
    }
}

fn status(f: &Frame<'_>) -> CommandStatus {
    f.header.command_status
}

#[test]
fn accepts_every_esme_request_on_a_34_bind() {
    let smsc = Smsc::start(&["--account", "tester:secret", "--dlr-delay-ms", "300"]);
    let mut c = Raw::connect(&smsc.addr);

    // SMPP 3.4 §2.3: only bind (and enquire_link) before binding; ESME_RINVBNDSTS.
    let seq = c.send(&submit(0));
    let r = c.response(seq);
    assert_eq!(
        (r.header.command_id, status(&r)),
        (CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RINVBNDSTS)
    );

    // §4.1.6 bind_transceiver_resp with the SMSC's system_id and §5.3.2.25
    // sc_interface_version.
    let r = c.bind(0x34);
    assert_eq!(status(&r), CommandStatus::ESME_ROK);
    let Pdu::BindTransceiverResp(b) = &r.pdu else {
        panic!("{r:?}")
    };
    assert_eq!(b.system_id.as_str(), Some("sms-smsc"));
    assert!(b.tlvs.sc_interface_version().is_some());

    // §4.11: enquire_link_resp echoes the sequence number.
    let seq = c.send(&Pdu::EnquireLink);
    assert_eq!(
        c.response(seq).header.command_id,
        CommandId::ENQUIRE_LINK_RESP
    );

    // §4.4: submit_sm_resp with a message id; §4.6 + Appendix B: the receipt.
    let seq = c.send(&submit(1));
    let r = c.response(seq);
    assert_eq!(status(&r), CommandStatus::ESME_ROK);
    let id = message_id(&r);
    // §4.8 query_sm before the receipt: ENROUTE (1), no final_date.
    let seq = c.send(&Pdu::QuerySm(QuerySm {
        message_id: id.as_str().try_into().unwrap(),
        ..QuerySm::default()
    }));
    let r = c.response(seq);
    let Pdu::QuerySmResp(q) = &r.pdu else {
        panic!("{r:?}")
    };
    assert_eq!(
        (q.message_state, q.final_date.is_empty()),
        (smpp::MessageState::ENROUTE, true)
    );
    let receipt = c.deliver_sm();
    let Pdu::DeliverSm(sm) = &receipt.pdu else {
        unreachable!()
    };
    assert_eq!(sm.esm_class, smpp::EsmClass(0x04));
    assert_eq!(sm.tlvs.receipted_message_id(), Some(id.as_bytes()));
    assert_eq!(sm.tlvs.message_state().map(|s| s.0), Some(2));
    let report = dlr::DeliveryReport::from_deliver_sm(sm, &dlr::DecodeOptions::strict())
        .expect("strict receipt");
    assert_eq!(
        (report.state, report.message_id.as_str()),
        (dlr::State::Delivered, id.as_str())
    );
    assert_eq!(sm.source_addr.as_str(), Some("447700900123"));
    // After it: DELIVERED (2) with a final_date.
    let seq = c.send(&Pdu::QuerySm(QuerySm {
        message_id: id.as_str().try_into().unwrap(),
        ..QuerySm::default()
    }));
    let r = c.response(seq);
    let Pdu::QuerySmResp(q) = &r.pdu else {
        panic!("{r:?}")
    };
    assert_eq!(
        (q.message_state, q.final_date.as_bytes().len()),
        (smpp::MessageState::DELIVERED, 16)
    );
    // §4.9 cancel_sm / §4.10 replace_sm: a delivered message can be neither.
    let seq = c.send(&Pdu::CancelSm(CancelSm {
        message_id: id.as_str().try_into().unwrap(),
        ..CancelSm::default()
    }));
    assert_eq!(status(&c.response(seq)), CommandStatus::ESME_RCANCELFAIL);

    // A pending one can: replace, cancel (then DELETED, 4), not twice.
    let seq = c.send(&submit(0));
    let pending = message_id(&c.response(seq));
    let seq = c.send(&Pdu::ReplaceSm(ReplaceSm {
        message_id: pending.as_str().try_into().unwrap(),
        source_addr: "4411".try_into().unwrap(),
        short_message: b"Hi"[..].try_into().unwrap(),
        ..ReplaceSm::default()
    }));
    let r = c.response(seq);
    assert_eq!(
        (r.header.command_id, status(&r)),
        (CommandId::REPLACE_SM_RESP, CommandStatus::ESME_ROK)
    );
    let cancel = Pdu::CancelSm(CancelSm {
        message_id: pending.as_str().try_into().unwrap(),
        ..CancelSm::default()
    });
    let seq = c.send(&cancel);
    assert_eq!(status(&c.response(seq)), CommandStatus::ESME_ROK);
    let seq = c.send(&cancel);
    assert_eq!(status(&c.response(seq)), CommandStatus::ESME_RCANCELFAIL);
    let seq = c.send(&Pdu::QuerySm(QuerySm {
        message_id: pending.as_str().try_into().unwrap(),
        ..QuerySm::default()
    }));
    let Pdu::QuerySmResp(q) = c.response(seq).pdu else {
        panic!()
    };
    assert_eq!(q.message_state, smpp::MessageState(4));
    // An id never issued: ESME_RQUERYFAIL (0x67).
    let seq = c.send(&Pdu::QuerySm(QuerySm {
        message_id: "nope".try_into().unwrap(),
        ..QuerySm::default()
    }));
    assert_eq!(status(&c.response(seq)), CommandStatus::ESME_RQUERYFAIL);

    // §4.7 data_sm: data_sm_resp with a message id.
    let mut data = DataSm {
        source_addr: "4411".try_into().unwrap(),
        destination_addr: "447700900123".try_into().unwrap(),
        ..DataSm::default()
    };
    data.tlvs.push(TlvTag::MESSAGE_PAYLOAD, b"payload").unwrap();
    let seq = c.send(&Pdu::DataSm(data));
    let r = c.response(seq);
    assert_eq!(
        (r.header.command_id, status(&r)),
        (CommandId::DATA_SM_RESP, CommandStatus::ESME_ROK)
    );
    assert!(!message_id(&r).is_empty());

    // §4.5 submit_multi: one id, no unsuccessful destinations.
    let mut multi = SubmitMulti {
        source_addr: "4411".try_into().unwrap(),
        short_message: b"all"[..].try_into().unwrap(),
        ..SubmitMulti::default()
    };
    for d in ["447700900001", "447700900002"] {
        multi
            .dest_address
            .push(&DestAddress::SmeAddress {
                dest_addr_ton: Ton::INTERNATIONAL,
                dest_addr_npi: Npi::ISDN,
                destination_addr: d.try_into().unwrap(),
            })
            .unwrap();
    }
    let seq = c.send(&Pdu::SubmitMulti(multi));
    let r = c.response(seq);
    let Pdu::SubmitMultiResp(m) = &r.pdu else {
        panic!("{r:?}")
    };
    assert!(!m.message_id.is_empty() && m.unsuccess_sme.is_empty());

    // SMPP 5.0 §4.4: broadcast_sm does not exist on a 3.4 bind.
    let seq = c.send(&broadcast_sm());
    assert_eq!(status(&c.response(seq)), CommandStatus::ESME_RINVCMDID);

    // §4.3: an unknown command_id gets generic_nack ESME_RINVCMDID.
    let seq = c.send(&Pdu::Unknown {
        command_id: CommandId(0x0000_0777),
        body: Vec::new().into(),
    });
    let r = c.response(seq);
    assert_eq!(
        (r.header.command_id, status(&r)),
        (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID)
    );

    // §4.2: unbind_resp.
    let seq = c.send(&Pdu::Unbind);
    let r = c.response(seq);
    assert_eq!(
        (r.header.command_id, status(&r)),
        (CommandId::UNBIND_RESP, CommandStatus::ESME_ROK)
    );
    let summary = smsc.stop().pop().unwrap();
    assert_eq!(
        (summary["queries"].as_u64(), summary["cancels"].as_u64()),
        (Some(4), Some(3))
    );
}

#[test]
fn accepts_broadcast_family_on_a_50_bind() {
    let smsc = Smsc::start(&[]);
    let mut c = Raw::connect(&smsc.addr);
    let r = c.bind(0x50);
    let Pdu::BindTransceiverResp(b) = &r.pdu else {
        panic!("{r:?}")
    };
    assert_eq!(b.tlvs.sc_interface_version(), Some(0x50));
    let seq = c.send(&broadcast_sm());
    let r = c.response(seq);
    assert_eq!(status(&r), CommandStatus::ESME_ROK);
    let id = message_id(&r);
    // §4.6.1.3: query_broadcast_sm_resp carries message_state, broadcast_area_identifier
    // and broadcast_area_success (the strict decoder checks they are present).
    let seq = c.send(&Pdu::QueryBroadcastSm(QueryBroadcastSm {
        message_id: id.as_str().try_into().unwrap(),
        source_addr: "4411".try_into().unwrap(),
        ..QueryBroadcastSm::default()
    }));
    let r = c.response(seq);
    assert_eq!(
        (r.header.command_id, status(&r)),
        (CommandId::QUERY_BROADCAST_SM_RESP, CommandStatus::ESME_ROK)
    );
    let seq = c.send(&Pdu::CancelBroadcastSm(CancelBroadcastSm {
        message_id: id.as_str().try_into().unwrap(),
        source_addr: "4411".try_into().unwrap(),
        ..CancelBroadcastSm::default()
    }));
    assert_eq!(status(&c.response(seq)), CommandStatus::ESME_ROK);
    assert_eq!(smsc.stop().pop().unwrap()["broadcasts"], 1);
}

#[test]
fn accepts_receipt_routed_from_transmitter_to_receiver_bind() {
    // SMPP 3.4 §2.2: an ESME may bind a transmitter and a receiver separately; receipts of
    // what it submitted on the transmitter come on the receiver.
    let smsc = Smsc::start(&["--dlr-delay-ms", "10"]);
    let bind = |c: &mut Raw, rx: bool| {
        let b = Bind {
            system_id: "split".try_into().unwrap(),
            password: "pw".try_into().unwrap(),
            interface_version: smpp::InterfaceVersion::V34,
            ..Bind::default()
        };
        let seq = c.send(&if rx {
            Pdu::BindReceiver(b)
        } else {
            Pdu::BindTransmitter(b)
        });
        assert_eq!(status(&c.response(seq)), CommandStatus::ESME_ROK);
    };
    let mut rx = Raw::connect(&smsc.addr);
    bind(&mut rx, true);
    let mut tx = Raw::connect(&smsc.addr);
    bind(&mut tx, false);
    let seq = tx.send(&submit(1));
    let id = message_id(&tx.response(seq));
    let receipt = rx.deliver_sm();
    let Pdu::DeliverSm(sm) = &receipt.pdu else {
        unreachable!()
    };
    assert_eq!(sm.tlvs.receipted_message_id(), Some(id.as_bytes()));
    // SMPP 3.4 table 2-1: submit_sm is not allowed on a receiver bind.
    let seq = rx.send(&submit(0));
    assert_eq!(status(&rx.response(seq)), CommandStatus::ESME_RINVBNDSTS);
    // Let the deliver_sm_resp reach the simulator before asking for its counters.
    std::thread::sleep(Duration::from_millis(300));
    let summary = smsc.stop().pop().unwrap();
    assert_eq!(
        (
            summary["receipts_sent"].as_u64(),
            summary["receipts_acked"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[test]
fn accepts_quirks_only_when_lenient() {
    // SMPP 3.4 §3.2: sequence_number 0x00000001 to 0x7FFFFFFF; 0 is a quirk some ESMEs
    // send. Strict: answered with an error; --lenient: accepted.
    for (extra, ok) in [(&[][..], false), (&["--lenient"][..], true)] {
        let smsc = Smsc::start(extra);
        let mut c = Raw::connect(&smsc.addr);
        assert_eq!(status(&c.bind(0x34)), CommandStatus::ESME_ROK);
        c.seq = u32::MAX; // the next send wraps to 0
        let seq = c.send(&submit(0));
        assert_eq!(seq, 0);
        let r = c.response(0);
        assert_eq!(r.header.command_id, CommandId::SUBMIT_SM_RESP);
        assert_eq!(
            status(&r) == CommandStatus::ESME_ROK,
            ok,
            "{extra:?}: {r:?}"
        );
    }
}
