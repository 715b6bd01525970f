//! SMPP over TLS end to end on loopback: an SMSC (`SmscServer::bind_tls`) with a
//! certificate generated on the spot, an ESME (`EsmeClient::connect_tls`) that trusts it,
//! one submit_sm accepted with a message id and its delivery receipt acknowledged.
//! Asserts its outcome, so running it is a test:
//!
//! ```sh
//! cargo run -p sms-smpp --features tls --example tls
//! ```

use smpp::session::{BindKind, Config, Outcome};
use smpp::tokio::tls::{
    self,
    rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName},
};
use smpp::tokio::{EsmeClient, EsmeConfig, IncomingKind, SmscServer};
use smpp::{Bind, CommandStatus, DeliverSm, Pdu, SubmitSm};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A self-signed certificate for "localhost" (in production: the operator's).
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])?;
    let cert: CertificateDer<'static> = generated.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(generated.key_pair.serialize_der()));

    // The SMSC: checks the password, answers each submit_sm itself (below).
    let server_tls = tls::server_config(vec![cert.clone()], key)?;
    let mut server = SmscServer::bind_tls(
        "127.0.0.1:0",
        Config::default(),
        |_kind, bind: &Bind<'_>| {
            if bind.password.as_bytes() == b"secret" {
                CommandStatus::ESME_ROK
            } else {
                CommandStatus::ESME_RINVPASWD
            }
        },
        server_tls,
    )
    .await?;
    let addr = server.local_addr();

    // The ESME: trusts that certificate only, checks the name "localhost".
    let client_tls = tls::client_config([cert])?;
    let bind = Bind::new("esme".try_into()?, "secret".try_into()?);
    let mut client = EsmeClient::connect_tls(
        addr,
        ServerName::try_from("localhost")?,
        client_tls,
        EsmeConfig::new(BindKind::Transceiver, bind),
    )
    .await?;
    let mut smsc = server.accept().await.ok_or("no bind")?;
    println!("{} bound over TLS as {:?}", smsc.system_id, smsc.kind);

    let submit = Pdu::SubmitSm(SubmitSm {
        source_addr: "12345".try_into()?,
        destination_addr: "447700900123".try_into()?,
        registered_delivery: 1,
        short_message: b"Hello over TLS"[..].try_into()?,
        ..SubmitSm::default()
    });
    let sent = tokio::spawn(client.submit(&submit));
    let mut request = smsc.incoming.recv().await.ok_or("no submit_sm")?;
    smsc.link.accept(&mut request, "tls-1")?;
    let Outcome::Accepted(response) = sent.await?? else {
        return Err("submit_sm not accepted".into());
    };
    assert_eq!(response.message_id(), Some("tls-1"));
    println!(
        "submit_sm accepted: message_id {}",
        response.message_id().unwrap_or("")
    );

    // Its delivery receipt (SMPP 3.4 Appendix B), acknowledged by the ESME.
    let text = "id:tls-1 sub:001 dlvrd:001 submit date:2512070300 done date:2512070300 stat:DELIVRD err:000 text:Hello over TLS";
    let receipt = Pdu::DeliverSm(DeliverSm {
        source_addr: "447700900123".try_into()?,
        destination_addr: "12345".try_into()?,
        esm_class: 0x04,
        short_message: text.as_bytes().try_into()?,
        ..DeliverSm::default()
    });
    let delivered = smsc.link.submit(&receipt);
    let mut incoming = client.next_incoming().await.ok_or("no receipt")?;
    assert_eq!(incoming.kind(), IncomingKind::Receipt);
    client.link().ack(&mut incoming, CommandStatus::ESME_ROK)?;
    assert!(matches!(delivered.await?, Outcome::Accepted(_)));
    println!("receipt delivered and acknowledged");

    let metrics = client.link().metrics();
    assert_eq!((metrics.submitted, metrics.accepted), (1, 1));
    client.unbind().await;
    Ok(())
}
