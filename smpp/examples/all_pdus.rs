//! Prints one PDU per line for every PDU type the codec can encode, as
//! `name<TAB>HEX<TAB>{fields as JSON}`: the interop suite (`interop/`) feeds the hex to
//! Wireshark's tshark, to node-smpp and (SMPP v3.4 PDUs) to PyPI `smpp.pdu3`, and compares
//! what they decode with the field values put in here.
//!
//! Names are `command_name` or `command_name.variant`; the JSON holds the header
//! (`command_id`, `command_status`, `sequence_number`, `version`: `"3.4"` or `"5.0"`) and
//! every body field by name as [`Visitor`] reports it: integers as numbers, C-Octet strings
//! as text, octet strings as hex, TLVs in wire order as `[{"tag", "name", "value"}]`.
//!
//! ```text
//! cargo run -p sms-smpp --example all_pdus
//! ```

use serde_json::{Map, Value, json};
use smpp::{
    AlertNotification, Bind, BindResp, BroadcastSm, BroadcastSmResp, CancelBroadcastSm, CancelSm,
    CommandStatus, DataSm, DataSmResp, DeliverSm, DeliverSmResp, DestAddress, DestAddresses, Npi,
    Outbind, Pdu, QueryBroadcastSm, QueryBroadcastSmResp, QuerySm, QuerySmResp, ReplaceSm,
    SmppTime, SubmitMulti, SubmitMultiResp, SubmitSm, SubmitSmResp, TlvTag, Tlvs, Ton,
    UnsuccessSme, UnsuccessSmes, Visitor,
};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Collects the body fields by name.
#[derive(Default)]
struct Fields(Map<String, Value>);

impl Visitor for Fields {
    fn integer(&mut self, name: &'static str, value: u32) {
        self.0.insert(name.into(), json!(value));
    }
    fn c_octet_string(&mut self, name: &'static str, value: &[u8]) {
        self.0
            .insert(name.into(), json!(String::from_utf8_lossy(value)));
    }
    fn octet_string(&mut self, name: &'static str, value: &[u8]) {
        self.0.insert(name.into(), json!(hex(value)));
    }
    fn dest_addresses(&mut self, name: &'static str, value: &DestAddresses<'_>) {
        let list: Vec<Value> = value
            .iter()
            .map(|d| match d {
                DestAddress::SmeAddress {
                    dest_addr_ton,
                    dest_addr_npi,
                    destination_addr,
                } => json!({"dest_flag": 1, "dest_addr_ton": dest_addr_ton.0,
                    "dest_addr_npi": dest_addr_npi.0,
                    "destination_addr": destination_addr.to_string()}),
                DestAddress::DistributionList { dl_name } => {
                    json!({"dest_flag": 2, "dl_name": dl_name.to_string()})
                }
            })
            .collect();
        self.0.insert("number_of_dests".into(), json!(list.len()));
        self.0.insert(name.into(), Value::Array(list));
    }
    fn unsuccess_smes(&mut self, name: &'static str, value: &UnsuccessSmes<'_>) {
        let list: Vec<Value> = value
            .iter()
            .map(|u| {
                json!({"dest_addr_ton": u.dest_addr_ton.0, "dest_addr_npi": u.dest_addr_npi.0,
                "destination_addr": u.destination_addr.to_string(),
                "error_status_code": u.error_status_code})
            })
            .collect();
        self.0.insert("no_unsuccess".into(), json!(list.len()));
        self.0.insert(name.into(), Value::Array(list));
    }
    fn tlvs(&mut self, value: &Tlvs<'_>) {
        let list: Vec<Value> = value
            .iter()
            .map(|t| json!({"tag": t.tag.0, "name": t.name(), "value": hex(t.raw())}))
            .collect();
        self.0.insert("tlvs".into(), Value::Array(list));
    }
}

fn line(name: &str, version: &str, seq: u32, status: CommandStatus, pdu: &Pdu<'_>) {
    let mut wire = Vec::new();
    pdu.encode(seq, status, &mut wire);
    let mut f = Fields::default();
    // A header-only error response has no body on the wire (v3.4 §4.1.2 …).
    if wire.len() > smpp::HEADER_LEN {
        pdu.visit(&mut f);
    }
    let mut o = Map::new();
    o.insert("command_id".into(), json!(pdu.command_id().0));
    o.insert("command_status".into(), json!(status.0));
    o.insert("sequence_number".into(), json!(seq));
    o.insert("version".into(), json!(version));
    o.insert("body".into(), Value::Object(f.0));
    println!("{name}\t{}\t{}", hex(&wire), Value::Object(o));
}

fn bind<'a>() -> Res<Bind<'a>> {
    Ok(Bind {
        system_type: "VMA".try_into()?,
        addr_ton: Ton::INTERNATIONAL,
        addr_npi: Npi::ISDN,
        address_range: "4477".try_into()?,
        ..Bind::new("smppclient1".try_into()?, "password".try_into()?)
    })
}

fn bind_resp<'a>() -> Res<BindResp<'a>> {
    let mut r = BindResp {
        system_id: "SMSCSIM".try_into()?,
        ..BindResp::default()
    };
    r.tlvs.push_u8(TlvTag::SC_INTERFACE_VERSION, 0x34)?;
    Ok(r)
}

fn submit<'a>() -> Res<SubmitSm<'a>> {
    Ok(SubmitSm {
        service_type: "CMT".try_into()?,
        source_addr_ton: Ton::ALPHANUMERIC,
        source_addr: "MyBrand".try_into()?,
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "447700900123".try_into()?,
        protocol_id: 0,
        priority_flag: smpp::PriorityFlag(1),
        validity_period: SmppTime::new("000001000000000R")?,
        registered_delivery: smpp::RegisteredDelivery(1),
        short_message: b"Hello world"[..].try_into()?,
        ..SubmitSm::default()
    })
}

fn main() -> Res<()> {
    let ok = CommandStatus::ESME_ROK;
    let v34 = "3.4";

    line(
        "bind_transmitter",
        v34,
        1,
        ok,
        &Pdu::BindTransmitter(bind()?),
    );
    line("bind_receiver", v34, 2, ok, &Pdu::BindReceiver(bind()?));
    line(
        "bind_transceiver",
        v34,
        3,
        ok,
        &Pdu::BindTransceiver(bind()?),
    );
    line(
        "bind_transmitter_resp",
        v34,
        1,
        ok,
        &Pdu::BindTransmitterResp(bind_resp()?),
    );
    line(
        "bind_receiver_resp",
        v34,
        2,
        ok,
        &Pdu::BindReceiverResp(bind_resp()?),
    );
    line(
        "bind_transceiver_resp",
        v34,
        3,
        ok,
        &Pdu::BindTransceiverResp(bind_resp()?),
    );
    line(
        "bind_transceiver_resp.error",
        v34,
        3,
        CommandStatus::ESME_RINVPASWD,
        &Pdu::BindTransceiverResp(BindResp::default()),
    );
    line(
        "outbind",
        v34,
        4,
        ok,
        &Pdu::Outbind(Outbind {
            system_id: "SMSCSIM".try_into()?,
            password: "secret".try_into()?,
        }),
    );
    line("unbind", v34, 5, ok, &Pdu::Unbind);
    line("unbind_resp", v34, 5, ok, &Pdu::UnbindResp);
    line(
        "generic_nack",
        v34,
        6,
        CommandStatus::ESME_RINVCMDID,
        &Pdu::GenericNack,
    );
    line("enquire_link", v34, 7, ok, &Pdu::EnquireLink);
    line("enquire_link_resp", v34, 7, ok, &Pdu::EnquireLinkResp);

    // submit_sm: plain GSM text with a TLV; with a concatenation UDH; UCS-2; SAR TLVs;
    // message_payload.
    let mut s = submit()?;
    s.tlvs.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 42)?;
    line("submit_sm", v34, 8, ok, &Pdu::SubmitSm(s));
    let mut s = submit()?;
    s.esm_class = smpp::EsmClass::UDHI;
    s.short_message = b"\x05\x00\x03\xA5\x02\x01Hello"[..].try_into()?;
    line("submit_sm.udh", v34, 9, ok, &Pdu::SubmitSm(s));
    let mut s = submit()?;
    s.data_coding = smpp::DataCoding(0x08);
    // "Привет €" in UCS-2 (big endian).
    s.short_message =
        b"\x04\x1F\x04\x40\x04\x38\x04\x32\x04\x35\x04\x42\x00\x20\x20\xAC"[..].try_into()?;
    line("submit_sm.ucs2", v34, 10, ok, &Pdu::SubmitSm(s));
    let mut s = submit()?;
    s.tlvs.push_u16(TlvTag::SAR_MSG_REF_NUM, 0x1234)?;
    s.tlvs.push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2)?;
    s.tlvs.push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 1)?;
    line("submit_sm.sar", v34, 11, ok, &Pdu::SubmitSm(s));
    let mut s = submit()?;
    s.short_message = b""[..].try_into()?;
    s.tlvs.push(
        TlvTag::MESSAGE_PAYLOAD,
        &b"A payload longer than one short message? Not here, but it could be.".repeat(4),
    )?;
    line("submit_sm.payload", v34, 12, ok, &Pdu::SubmitSm(s));
    line(
        "submit_sm_resp",
        v34,
        8,
        ok,
        &Pdu::SubmitSmResp(SubmitSmResp {
            message_id: "0123456789".try_into()?,
            ..SubmitSmResp::default()
        }),
    );
    line(
        "submit_sm_resp.error",
        v34,
        9,
        CommandStatus::ESME_RTHROTTLED,
        &Pdu::SubmitSmResp(SubmitSmResp::default()),
    );

    let mut dests = DestAddresses::new();
    dests.push(&DestAddress::SmeAddress {
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "447700900123".try_into()?,
    })?;
    dests.push(&DestAddress::SmeAddress {
        dest_addr_ton: Ton::NATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "07700900456".try_into()?,
    })?;
    dests.push(&DestAddress::DistributionList {
        dl_name: "friends".try_into()?,
    })?;
    line(
        "submit_multi",
        v34,
        13,
        ok,
        &Pdu::SubmitMulti(SubmitMulti {
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900999".try_into()?,
            dest_address: dests,
            registered_delivery: smpp::RegisteredDelivery(1),
            short_message: b"Hi all"[..].try_into()?,
            ..SubmitMulti::default()
        }),
    );
    let mut unsuccess = UnsuccessSmes::new();
    unsuccess.push(&UnsuccessSme {
        dest_addr_ton: Ton::NATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "07700900456".try_into()?,
        error_status_code: CommandStatus::ESME_RINVDSTADR.0,
    })?;
    line(
        "submit_multi_resp",
        v34,
        13,
        ok,
        &Pdu::SubmitMultiResp(SubmitMultiResp {
            message_id: "0000000007".try_into()?,
            unsuccess_sme: unsuccess,
            ..SubmitMultiResp::default()
        }),
    );

    // deliver_sm: an MO message and a delivery receipt (v3.4 Appendix B text + TLVs).
    line(
        "deliver_sm",
        v34,
        14,
        ok,
        &Pdu::DeliverSm(DeliverSm {
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900999".try_into()?,
            destination_addr: "12345".try_into()?,
            short_message: b"Hello MO"[..].try_into()?,
            ..DeliverSm::default()
        }),
    );
    let mut r = DeliverSm {
        source_addr_ton: Ton::INTERNATIONAL,
        source_addr_npi: Npi::ISDN,
        source_addr: "447700900123".try_into()?,
        destination_addr: "12345".try_into()?,
        esm_class: smpp::EsmClass(0x04),
        short_message: b"id:0123456789 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:Hello"[..].try_into()?,
        ..DeliverSm::default()
    };
    r.tlvs.push(TlvTag::RECEIPTED_MESSAGE_ID, b"0123456789")?;
    r.tlvs.push_u8(TlvTag::MESSAGE_STATE, 2)?;
    line("deliver_sm.receipt", v34, 15, ok, &Pdu::DeliverSm(r));
    line(
        "deliver_sm_resp",
        v34,
        14,
        ok,
        &Pdu::DeliverSmResp(DeliverSmResp::default()),
    );

    let mut d = DataSm {
        source_addr_ton: Ton::INTERNATIONAL,
        source_addr_npi: Npi::ISDN,
        source_addr: "447700900999".try_into()?,
        dest_addr_ton: Ton::INTERNATIONAL,
        dest_addr_npi: Npi::ISDN,
        destination_addr: "447700900123".try_into()?,
        registered_delivery: smpp::RegisteredDelivery(1),
        ..DataSm::default()
    };
    d.tlvs.push(TlvTag::MESSAGE_PAYLOAD, b"data_sm payload")?;
    line("data_sm", v34, 16, ok, &Pdu::DataSm(d));
    let mut dr = DataSmResp {
        message_id: "0000000016".try_into()?,
        ..DataSmResp::default()
    };
    dr.tlvs.push_u8(TlvTag::DELIVERY_FAILURE_REASON, 1)?;
    line("data_sm_resp", v34, 16, ok, &Pdu::DataSmResp(dr));

    line(
        "query_sm",
        v34,
        17,
        ok,
        &Pdu::QuerySm(QuerySm {
            message_id: "0123456789".try_into()?,
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900999".try_into()?,
        }),
    );
    line(
        "query_sm_resp",
        v34,
        17,
        ok,
        &Pdu::QuerySmResp(QuerySmResp {
            message_id: "0123456789".try_into()?,
            final_date: SmppTime::new("240101120100000+")?,
            message_state: smpp::MessageState(2),
            error_code: 0,
        }),
    );
    line(
        "cancel_sm",
        v34,
        18,
        ok,
        &Pdu::CancelSm(CancelSm {
            message_id: "0123456789".try_into()?,
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900999".try_into()?,
            dest_addr_ton: Ton::INTERNATIONAL,
            dest_addr_npi: Npi::ISDN,
            destination_addr: "447700900123".try_into()?,
            ..CancelSm::default()
        }),
    );
    line("cancel_sm_resp", v34, 18, ok, &Pdu::CancelSmResp);
    line(
        "replace_sm",
        v34,
        19,
        ok,
        &Pdu::ReplaceSm(ReplaceSm {
            message_id: "0123456789".try_into()?,
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "447700900999".try_into()?,
            schedule_delivery_time: SmppTime::new("240101120000000+")?,
            registered_delivery: smpp::RegisteredDelivery(1),
            short_message: b"Replaced text"[..].try_into()?,
            ..ReplaceSm::default()
        }),
    );
    line("replace_sm_resp", v34, 19, ok, &Pdu::ReplaceSmResp);
    let mut a = AlertNotification {
        source_addr_ton: Ton::INTERNATIONAL,
        source_addr_npi: Npi::ISDN,
        source_addr: "447700900123".try_into()?,
        esme_addr_ton: Ton::INTERNATIONAL,
        esme_addr_npi: Npi::ISDN,
        esme_addr: "12345".try_into()?,
        ..AlertNotification::default()
    };
    a.tlvs.push_u8(TlvTag::MS_AVAILABILITY_STATUS, 0)?;
    line(
        "alert_notification",
        v34,
        20,
        ok,
        &Pdu::AlertNotification(a),
    );

    // SMPP v5.0 only (v5.0 §4.4, §4.6).
    let v50 = "5.0";
    let mut b = BroadcastSm {
        source_addr_ton: Ton::INTERNATIONAL,
        source_addr_npi: Npi::ISDN,
        source_addr: "12345".try_into()?,
        message_id: "".try_into()?,
        ..BroadcastSm::default()
    };
    b.tlvs
        .push(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\x00\x01\x02")?;
    b.tlvs
        .push(TlvTag::BROADCAST_CONTENT_TYPE, b"\x01\x00\x00")?;
    b.tlvs.push_u16(TlvTag::BROADCAST_REP_NUM, 3)?;
    b.tlvs
        .push(TlvTag::BROADCAST_FREQUENCY_INTERVAL, b"\x09\x00\x05")?;
    b.tlvs.push(TlvTag::MESSAGE_PAYLOAD, b"Cell broadcast")?;
    line("broadcast_sm", v50, 21, ok, &Pdu::BroadcastSm(b));
    line(
        "broadcast_sm_resp",
        v50,
        21,
        ok,
        &Pdu::BroadcastSmResp(BroadcastSmResp {
            message_id: "BC0001".try_into()?,
            ..BroadcastSmResp::default()
        }),
    );
    line(
        "query_broadcast_sm",
        v50,
        22,
        ok,
        &Pdu::QueryBroadcastSm(QueryBroadcastSm {
            message_id: "BC0001".try_into()?,
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "12345".try_into()?,
            ..QueryBroadcastSm::default()
        }),
    );
    let mut q = QueryBroadcastSmResp {
        message_id: "BC0001".try_into()?,
        ..QueryBroadcastSmResp::default()
    };
    q.tlvs.push_u8(TlvTag::MESSAGE_STATE, 1)?;
    q.tlvs
        .push(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\x00\x01\x02")?;
    q.tlvs.push_u8(TlvTag::BROADCAST_AREA_SUCCESS, 80)?;
    line(
        "query_broadcast_sm_resp",
        v50,
        22,
        ok,
        &Pdu::QueryBroadcastSmResp(q),
    );
    line(
        "cancel_broadcast_sm",
        v50,
        23,
        ok,
        &Pdu::CancelBroadcastSm(CancelBroadcastSm {
            message_id: "BC0001".try_into()?,
            source_addr_ton: Ton::INTERNATIONAL,
            source_addr_npi: Npi::ISDN,
            source_addr: "12345".try_into()?,
            ..CancelBroadcastSm::default()
        }),
    );
    line(
        "cancel_broadcast_sm_resp",
        v50,
        23,
        ok,
        &Pdu::CancelBroadcastSmResp,
    );
    Ok(())
}
