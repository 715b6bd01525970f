//! SMPP over TLS (feature `tls`): [`EsmeClient::connect_tls`](super::EsmeClient::connect_tls)
//! and [`SmscServer::bind_tls`](super::SmscServer::bind_tls), on
//! [tokio-rustls](https://docs.rs/tokio-rustls) with rustls' *ring* provider (no system
//! library).
//!
//! SMPP itself says nothing about TLS; operators run it on a port of its own (node-smpp's
//! `ssmpp://` default is 3550) with the PDUs unchanged inside the TLS stream. The
//! helpers here build the two rustls configurations the usual way; any
//! `rustls::ClientConfig` / `ServerConfig` of your own works as well.
//!
//! ```no_run
//! # async fn example(cert_pem: &[u8], key_pem: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! use smpp::session::{BindKind, Config};
//! use smpp::tokio::tls::{self, rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject}};
//! use smpp::tokio::{EsmeClient, EsmeConfig, SmscServer};
//! use smpp::{Bind, CommandStatus};
//!
//! // The SMSC: a certificate chain and its key.
//! let certs = CertificateDer::pem_slice_iter(cert_pem).collect::<Result<Vec<_>, _>>()?;
//! let key = PrivateKeyDer::from_pem_slice(key_pem)?;
//! let server_tls = tls::server_config(certs.clone(), key)?;
//! let server = SmscServer::bind_tls("127.0.0.1:3550", Config::default(),
//!     |_, _: &Bind<'_>| CommandStatus::ESME_ROK, server_tls).await?;
//!
//! // The ESME: trusts that certificate, checks the server's name.
//! let client_tls = tls::client_config(certs)?;
//! let bind = Bind::new("esme".try_into()?, "pw".try_into()?);
//! let client = EsmeClient::connect_tls(
//!     "127.0.0.1:3550",
//!     ServerName::try_from("localhost")?,
//!     client_tls,
//!     EsmeConfig::new(BindKind::Transceiver, bind),
//! ).await?;
//! # Ok(()) }
//! ```

use std::sync::Arc;

use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self as tls_rustls, ClientConfig, RootCertStore, ServerConfig};

/// The `rustls` crate these drivers use, for building configurations without naming a
/// second, possibly different, version.
#[doc(no_inline)]
pub use tokio_rustls::rustls;
#[doc(no_inline)]
pub use tokio_rustls::{TlsAcceptor, TlsConnector};

/// A client configuration (rustls' *ring* provider, its safe default protocol
/// versions) trusting exactly the certificates `roots`, without client certificates.
pub fn client_config(
    roots: impl IntoIterator<Item = CertificateDer<'static>>,
) -> Result<Arc<ClientConfig>, tls_rustls::Error> {
    let mut store = RootCertStore::empty();
    for cert in roots {
        store.add(cert)?;
    }
    let config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// A server configuration (rustls' *ring* provider, its safe default protocol versions)
/// presenting `cert_chain` (leaf first) with its private key `key`, without client
/// authentication.
pub fn server_config(
    cert_chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<ServerConfig>, tls_rustls::Error> {
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(cert_chain, key)?;
    Ok(Arc::new(config))
}
