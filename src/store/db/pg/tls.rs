//! TLS to the server with libpq's `sslmode` meanings, on rustls (its `ring` provider).
//!
//! tokio-postgres knows sslmode disable/prefer/require and nothing of certificates: the
//! connector decides what is checked. So `sslmode` and `sslrootcert` are taken out of the
//! address here (its parser refuses verify-ca, verify-full and sslrootcert), and then
//! `$PGSSLMODE`, `$PGSSLROOTCERT` and `~/.postgresql/root.crt` fill in what the address did not
//! say, as libpq does:
//!
//! - disable: plain. prefer (the default): TLS when the server offers it, else plain, and
//!   plain again when the TLS handshake fails (`worker::connect`, as libpq). require: TLS or
//!   fail. Neither checks the certificate unless the root certificate file exists; then they
//!   check it as verify-ca does.
//! - verify-ca: the server's chain against the root certificates, not the host name.
//!   verify-full: the chain and the host name (or IP address). Either is refused before
//!   connecting when the root certificate file cannot be read.
//!
//! Every failure is one line naming what went wrong (`explain`).

use super::PgError;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// A root certificate file larger than this is refused (a bundle of hundreds of CAs is ~250 KiB).
pub const ROOT_CERT_MAX: u64 = 1024 * 1024;
/// A longer `sslrootcert` is refused.
const PATH_MAX: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    fn parse(s: &str) -> Result<Mode, PgError> {
        Ok(match s {
            "disable" => Mode::Disable,
            "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            _ => {
                let shown: String = s.chars().take(40).collect();
                return Err(PgError::new(format!(
                    "sslmode={shown} is not supported: use disable, prefer, require, verify-ca \
                     or verify-full"
                )));
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Disable => "disable",
            Mode::Prefer => "prefer",
            Mode::Require => "require",
            Mode::VerifyCa => "verify-ca",
            Mode::VerifyFull => "verify-full",
        }
    }

    /// What tokio-postgres is told: whether to ask for TLS, and whether to insist.
    pub fn pg(self) -> postgres::config::SslMode {
        use postgres::config::SslMode;
        match self {
            Mode::Disable => SslMode::Disable,
            Mode::Prefer => SslMode::Prefer,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        }
    }
}

/// What the environment says when the address does not (`Env::process` reads it once per
/// connect; tests give their own).
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub sslmode: Option<String>,
    pub sslrootcert: Option<String>,
    pub home: Option<PathBuf>,
}

impl Env {
    pub fn process() -> Env {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Env {
            sslmode: var("PGSSLMODE"),
            sslrootcert: var("PGSSLROOTCERT"),
            home: var("HOME").map(PathBuf::from),
        }
    }
}

/// The TLS settings of one address: the mode, the root certificate file whose CAs are checked
/// (None: the certificate is not checked), and the connector built from them.
#[derive(Clone)]
pub struct Tls {
    pub mode: Mode,
    pub root: Option<PathBuf>,
    pub connector: MakeRustlsConnect,
}

/// The address without its `sslmode` and `sslrootcert`, and their values (last one wins, as
/// in libpq). A URL's query and a `key=value` string are both read.
pub fn take_settings(address: &str) -> (String, Option<String>, Option<String>) {
    let (mut mode, mut root) = (None, None);
    let mut take = |key: &str, value: String| match key {
        "sslmode" => {
            mode = Some(value);
            true
        }
        "sslrootcert" => {
            root = Some(value);
            true
        }
        _ => false,
    };
    let rest = if address.starts_with("postgres://") || address.starts_with("postgresql://") {
        match address.split_once('?') {
            None => address.to_owned(),
            Some((base, query)) => {
                let kept: Vec<&str> = query
                    .split('&')
                    .filter(|pair| {
                        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                        !take(k, percent_decode(v))
                    })
                    .collect();
                if kept.is_empty() {
                    base.to_owned()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
        }
    } else {
        match key_values(address) {
            // malformed: left whole for the parser to name the fault
            None => address.to_owned(),
            Some(pairs) => {
                let mut out = String::new();
                for (span, key, value) in pairs {
                    if !take(&key, value) {
                        out.push_str(&address[span.0..span.1]);
                        out.push(' ');
                    }
                }
                out.trim_end().to_owned()
            }
        }
    };
    (rest, mode, root)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A libpq `key = value` string as (span in the text, key, unescaped value); None if malformed.
#[allow(clippy::type_complexity)]
fn key_values(s: &str) -> Option<Vec<((usize, usize), String, String)>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    loop {
        i = skip_ws(i);
        if i == b.len() {
            return Some(out);
        }
        let start = i;
        while i < b.len() && b[i] != b'=' && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = s[start..i].to_owned();
        i = skip_ws(i);
        if key.is_empty() || b.get(i) != Some(&b'=') {
            return None;
        }
        i = skip_ws(i + 1);
        let mut value = Vec::new();
        let quoted = b.get(i) == Some(&b'\'');
        if quoted {
            i += 1;
        }
        loop {
            match b.get(i) {
                None if quoted => return None,
                None => break,
                Some(b'\'') if quoted => {
                    i += 1;
                    break;
                }
                Some(c) if !quoted && c.is_ascii_whitespace() => break,
                Some(b'\\') => {
                    value.push(*b.get(i + 1)?);
                    i += 2;
                }
                Some(c) => {
                    value.push(*c);
                    i += 1;
                }
            }
        }
        out.push(((start, i), key, String::from_utf8(value).ok()?));
    }
}

/// The settings from the address's own values, then the environment's.
pub fn settings(mode: Option<String>, root: Option<String>, env: &Env) -> Result<Tls, PgError> {
    let mode = match mode.or_else(|| env.sslmode.clone()) {
        Some(m) => Mode::parse(&m)?,
        None => Mode::Prefer,
    };
    let named = root.or_else(|| env.sslrootcert.clone());
    if let Some(n) = &named {
        if n == "system" {
            return Err(PgError::new(
                "sslrootcert=system is not supported: name the CA certificate file",
            ));
        }
        if n.len() > PATH_MAX {
            return Err(PgError::new("sslrootcert is too long to be a file name"));
        }
    }
    let path = match named {
        Some(n) => Some(PathBuf::from(n)),
        None => env.home.as_ref().map(|h| h.join(".postgresql/root.crt")),
    };
    let roots = match (mode, &path) {
        (Mode::Disable, _) => None,
        // as libpq: a root certificate file that exists is used; none means no check
        (Mode::Prefer | Mode::Require, Some(p)) if p.exists() => Some(read_roots(p, mode)?),
        (Mode::Prefer | Mode::Require, _) => None,
        (_, Some(p)) => Some(read_roots(p, mode)?),
        (_, None) => {
            return Err(PgError::new(format!(
                "sslmode={} needs the CA certificate file: give sslrootcert=FILE (no home \
                 directory for ~/.postgresql/root.crt)",
                mode.name()
            )));
        }
    };
    let (connector, checked) = connector(mode, roots)?;
    Ok(Tls {
        mode,
        root: path.filter(|_| checked),
        connector,
    })
}

/// The certificates of a root certificate file, read within `ROOT_CERT_MAX`.
fn read_roots(path: &Path, mode: Mode) -> Result<RootCertStore, PgError> {
    let fail = |why: String| {
        let verify = matches!(mode, Mode::VerifyCa | Mode::VerifyFull);
        PgError::new(format!(
            "sslmode={}{} the CA certificate file {}: {why}",
            mode.name(),
            if verify { " needs" } else { ": cannot use" },
            path.display()
        ))
    };
    let io_why = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read it ({e})"),
    };
    let file = std::fs::File::open(path).map_err(|e| fail(io_why(e)))?;
    if !file.metadata().map_err(|e| fail(io_why(e)))?.is_file() {
        return Err(fail("it is not a file".into()));
    }
    let mut pem = Vec::new();
    file.take(ROOT_CERT_MAX + 1)
        .read_to_end(&mut pem)
        .map_err(|e| fail(io_why(e)))?;
    if pem.len() as u64 > ROOT_CERT_MAX {
        return Err(fail(format!(
            "it is larger than {} KiB",
            ROOT_CERT_MAX / 1024
        )));
    }
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|e| fail(format!("it is not valid PEM ({e})")))?;
        store
            .add(cert)
            .map_err(|e| fail(format!("a certificate in it cannot be used ({e})")))?;
    }
    if store.is_empty() {
        return Err(fail("it holds no PEM certificate".into()));
    }
    Ok(store)
}

/// The connector, and whether it checks the server's certificate.
fn connector(
    mode: Mode,
    roots: Option<RootCertStore>,
) -> Result<(MakeRustlsConnect, bool), PgError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let fail = |e: &dyn std::fmt::Display| PgError::new(format!("cannot set up TLS: {e}"));
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(&e))?;
    let checked = roots.is_some();
    let verifier: Arc<dyn ServerCertVerifier> = match roots {
        None => Arc::new(Unchecked(provider)),
        Some(roots) => {
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| fail(&e))?;
            if mode == Mode::VerifyFull {
                webpki
            } else {
                Arc::new(ChainOnly(webpki))
            }
        }
    };
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok((MakeRustlsConnect::new(config), checked))
}

/// prefer and require without a root certificate file: any certificate (the handshake's
/// signatures are still checked against it).
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// verify-ca: webpki's whole check, less the host name (webpki checks the chain first, so a
/// name error means the chain was good).
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// One line for a connect that failed in TLS, or None when TLS was not the cause.
/// Whether a connection failed in the TLS handshake itself (rustls refused the server's
/// certificate or the exchange), rather than before it or after it.
pub fn is_handshake_error(e: &postgres::Error) -> bool {
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let rustls_error = c.downcast_ref::<rustls::Error>().is_some()
            || c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some());
        if rustls_error {
            return true;
        }
        cause = c.source();
    }
    false
}

pub fn explain(e: &postgres::Error, tls: &Tls, host: &str) -> Option<String> {
    let mode = tls.mode.name();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let rustls_error = c.downcast_ref::<rustls::Error>().or_else(|| {
            c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(r) = rustls_error {
            return Some(certificate_line(r, tls, host));
        }
        if c.to_string() == "server does not support TLS" {
            return Some(format!(
                "the server does not support TLS (sslmode={mode}): turn ssl on in its \
                 postgresql.conf, or use sslmode=prefer on a trusted network"
            ));
        }
        cause = c.source();
    }
    None
}

fn certificate_line(r: &rustls::Error, tls: &Tls, host: &str) -> String {
    let mode = tls.mode.name();
    let root = tls
        .root
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let shown = |s: &str| s.chars().take(200).collect::<String>();
    match r {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::NotValidForName => {
                format!("the server's certificate does not name the host {host} (sslmode={mode})")
            }
            CertificateError::NotValidForNameContext { presented, .. } => format!(
                "the server's certificate does not name the host {host}: it names {} \
                 (sslmode={mode})",
                shown(
                    &presented
                        .iter()
                        .map(|n| plain_name(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                format!("the server's certificate has expired (sslmode={mode})")
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                format!("the server's certificate is not valid yet (sslmode={mode})")
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature => format!(
                "the server's certificate is not trusted: no CA in {root} signed it \
                 (sslmode={mode})"
            ),
            // the variant's name alone: some carry lists of algorithm ids
            other => format!(
                "the server's certificate is not trusted ({}; CA file {root}, sslmode={mode})",
                format!("{other:?}")
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
            ),
        },
        other => format!(
            "TLS with the server failed (sslmode={mode}): {}",
            shown(&other.to_string())
        ),
    }
}

/// A name as rustls presents it (`DnsName("db.post")`, `IpAddress(10.0.0.5)`) as written.
fn plain_name(name: &str) -> &str {
    for (open, close) in [("DnsName(\"", "\")"), ("IpAddress(", ")")] {
        if let Some(inner) = name.strip_prefix(open).and_then(|n| n.strip_suffix(close)) {
            return inner;
        }
    }
    name
}
