//! TLS settings (`tls`), and TLS against a live server with a certificate of a test CA:
//! `FRONTLINE_TEST_PG_TLS=postgres://USER@localhost:PORT/DB` (ssl=on, a certificate naming
//! `localhost` and `127.0.0.1`) and `FRONTLINE_TEST_PG_TLS_CA=FILE` (the CA that signed it).
//! Without them the live tests print that they were skipped and pass, unless
//! `FRONTLINE_REQUIRE_PG_TLS=1` (CI) makes that a failure.

use super::tls::{Env, Mode, ROOT_CERT_MAX, settings, take_settings};
use super::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

/// A CA that signed nothing the tests meet (its key was thrown away).
const UNRELATED_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBojCCAUmgAwIBAgIUWaMXXLkzZUfCk2eY4O4ZbTu8UhUwCgYIKoZIzj0EAwIw
JjEkMCIGA1UEAwwbZnJvbnRsaW5lLXVucmVsYXRlZC10ZXN0LWNhMCAXDTI2MTIw
NDAyMjgwMFoYDzIxMjYxMTEwMDIyODAwWjAmMSQwIgYDVQQDDBtmcm9udGxpbmUt
dW5yZWxhdGVkLXRlc3QtY2EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASB/GIw
+oe9iU7UCDzwEW5G/QptC3LzxlopMAU3MB69vDVrpWveQjem4pYgP/+fQokc6yyq
0NDcY89mh1jK86+Go1MwUTAdBgNVHQ4EFgQUettAsK4uFKHRnh4mqgq9KhmS0F4w
HwYDVR0jBBgwFoAUettAsK4uFKHRnh4mqgq9KhmS0F4wDwYDVR0TAQH/BAUwAwEB
/zAKBggqhkjOPQQDAgNHADBEAiAL8J7tjhtnISBmXPaenNZgP+RIrPr/5pbUYH4J
BfatfAIgEvUdJF7jXcv1vdbfbEP1QDkwmsNZpx/Qb2ZijefcOFo=
-----END CERTIFICATE-----
";

fn env() -> Env {
    Env::default()
}

fn err(mode: Option<&str>, root: Option<&str>, env: &Env) -> String {
    match settings(mode.map(str::to_owned), root.map(str::to_owned), env) {
        Ok(t) => panic!(
            "sslmode {mode:?} root {root:?} was accepted as {:?}",
            t.mode
        ),
        Err(e) => {
            assert!(!e.message.contains('\n'), "{e}");
            e.message
        }
    }
}

fn ok(mode: Option<&str>, root: Option<&str>, env: &Env) -> tls::Tls {
    settings(mode.map(str::to_owned), root.map(str::to_owned), env).unwrap()
}

#[test]
fn sslmode_and_sslrootcert_are_taken_out_of_a_url_and_a_key_value_string() {
    let (rest, mode, root) = take_settings(
        "postgres://u@h:5/db?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca%20x.crt&application_name=x",
    );
    assert_eq!(rest, "postgres://u@h:5/db?application_name=x");
    assert_eq!(mode.as_deref(), Some("verify-full"));
    assert_eq!(root.as_deref(), Some("/tmp/ca x.crt"));
    let (rest, mode, root) = take_settings("postgresql://u@h/db?sslmode=require");
    assert_eq!(
        (rest.as_str(), mode.as_deref(), root),
        ("postgresql://u@h/db", Some("require"), None)
    );
    assert_eq!(take_settings("postgres://u@h/db").0, "postgres://u@h/db");
    let (rest, mode, root) =
        take_settings(r"host=h sslmode = 'verify-ca'  sslrootcert='/a b/c\'d' user=u");
    assert_eq!(rest, "host=h user=u");
    assert_eq!(mode.as_deref(), Some("verify-ca"));
    assert_eq!(root.as_deref(), Some("/a b/c'd"));
    // a malformed string is left for the parser to refuse
    assert_eq!(take_settings("host=h sslmode").0, "host=h sslmode");
    assert!(config_with("host=h sslmode", None).is_err());
    // what is left parses, with the mode tokio-postgres can do
    let cfg = config_with("postgres://u@h/db?sslmode=disable&connect_timeout=3", None).unwrap();
    assert_eq!(cfg.get_ssl_mode(), postgres::config::SslMode::Disable);
    assert_eq!(cfg.get_connect_timeout(), Some(&Duration::from_secs(3)));
}

#[test]
fn each_mode_asks_tokio_postgres_for_what_it_needs_and_prefer_is_the_default() {
    use postgres::config::SslMode;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.crt");
    std::fs::write(&ca, UNRELATED_CA).unwrap();
    let ca = ca.to_str();
    assert_eq!(ok(None, None, &env()).mode, Mode::Prefer);
    assert_eq!(ok(None, None, &env()).mode.pg(), SslMode::Prefer);
    assert_eq!(
        ok(Some("disable"), None, &env()).mode.pg(),
        SslMode::Disable
    );
    assert_eq!(
        ok(Some("require"), None, &env()).mode.pg(),
        SslMode::Require
    );
    for mode in ["verify-ca", "verify-full"] {
        let t = ok(Some(mode), ca, &env());
        assert_eq!(t.mode.pg(), SslMode::Require);
        assert_eq!(t.root.as_deref().and_then(|p| p.to_str()), ca);
    }
    // neither prefer nor require checks a certificate without a root certificate file
    assert!(ok(Some("require"), None, &env()).root.is_none());
    assert!(ok(None, None, &env()).root.is_none());
    assert!(
        err(Some("allow"), None, &env()).starts_with("sslmode=allow is not supported: use disable")
    );
    assert!(err(Some("verify-full"), Some("system"), &env()).contains("sslrootcert=system"));
    let cfg = config_with("postgres://u@h/db", None).unwrap();
    assert_eq!(cfg.get_ssl_mode(), SslMode::Prefer);
}

#[test]
fn the_address_wins_over_the_environment_which_wins_over_root_crt_in_home() {
    let home = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let named = other.path().join("named.crt");
    std::fs::write(&named, UNRELATED_CA).unwrap();
    let named = named.to_str().unwrap().to_owned();
    let env_root = other.path().join("from-env.crt");
    std::fs::write(&env_root, UNRELATED_CA).unwrap();
    let in_home = home.path().join(".postgresql/root.crt");
    let mut e = Env {
        sslmode: Some("disable".into()),
        sslrootcert: None,
        home: Some(home.path().to_owned()),
    };
    // the environment's mode when the address says none; the address's otherwise
    assert_eq!(ok(None, None, &e).mode, Mode::Disable);
    assert_eq!(ok(Some("require"), None, &e).mode, Mode::Require);
    // verify-* looks in ~/.postgresql/root.crt when nothing names a file
    let line = err(Some("verify-ca"), None, &e);
    assert_eq!(
        line,
        format!(
            "sslmode=verify-ca needs the CA certificate file {}: there is no such file",
            in_home.display()
        )
    );
    std::fs::create_dir_all(in_home.parent().unwrap()).unwrap();
    std::fs::write(&in_home, UNRELATED_CA).unwrap();
    assert_eq!(
        ok(Some("verify-full"), None, &e).root,
        Some(in_home.clone())
    );
    // require and prefer check the certificate (as verify-ca) once root.crt exists
    assert_eq!(ok(Some("require"), None, &e).root, Some(in_home.clone()));
    assert_eq!(ok(Some("prefer"), None, &e).root, Some(in_home.clone()));
    assert_eq!(ok(Some("disable"), None, &e).root, None);
    // $PGSSLROOTCERT over root.crt, the address's sslrootcert over both
    e.sslrootcert = Some(env_root.to_str().unwrap().into());
    assert_eq!(ok(Some("verify-ca"), None, &e).root, Some(env_root.clone()));
    assert_eq!(
        ok(Some("verify-ca"), Some(&named), &e)
            .root
            .unwrap()
            .to_str(),
        Some(named.as_str())
    );
    // in an address, through the whole settings
    let url = format!("postgres://u@h/db?sslmode=verify-full&sslrootcert={named}");
    let t = target_with(&url, None, &e).unwrap();
    assert_eq!(
        (t.tls.mode, t.cfg.get_ssl_mode()),
        (Mode::VerifyFull, postgres::config::SslMode::Require)
    );
    assert_eq!(t.tls.root.unwrap().to_str(), Some(named.as_str()));
    e.sslmode = Some("verify-full".into());
    e.sslrootcert = Some(other.path().join("gone.crt").to_str().unwrap().into());
    assert!(err(None, None, &e).ends_with("gone.crt: there is no such file"));
}

#[test]
fn a_root_certificate_file_that_cannot_be_used_is_refused_in_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let no_home = env();
    assert_eq!(
        err(Some("verify-full"), None, &no_home),
        "sslmode=verify-full needs the CA certificate file: give sslrootcert=FILE (no home \
         directory for ~/.postgresql/root.crt)"
    );
    std::fs::write(path("empty.crt"), "").unwrap();
    std::fs::write(path("text.crt"), "not a certificate\n").unwrap();
    let mut big = UNRELATED_CA.as_bytes().to_vec();
    big.resize(ROOT_CERT_MAX as usize + 1, b'\n');
    std::fs::write(path("big.crt"), &big).unwrap();
    let bad_base64 = UNRELATED_CA.replace("MIIB", "M!IB");
    std::fs::write(path("bad.crt"), bad_base64).unwrap();
    for (file, why) in [
        ("empty.crt", "it holds no PEM certificate"),
        ("text.crt", "it holds no PEM certificate"),
        ("big.crt", "it is larger than 1024 KiB"),
        ("missing.crt", "there is no such file"),
        ("", "it is not a file"),
    ] {
        let named = path(file);
        let line = err(Some("verify-ca"), Some(&named), &no_home);
        assert_eq!(
            line,
            format!("sslmode=verify-ca needs the CA certificate file {named}: {why}")
        );
    }
    let line = err(Some("verify-ca"), Some(&path("bad.crt")), &no_home);
    assert!(
        line.contains("bad.crt: it is not valid PEM") || line.contains("cannot be used"),
        "{line}"
    );
    // require with a file named that exists but is no certificate: refused, as libpq
    assert!(
        err(Some("require"), Some(&path("text.crt")), &no_home)
            .starts_with("sslmode=require: cannot use the CA certificate file")
    );
    // a missing one means no check, as libpq
    assert!(
        ok(Some("require"), Some(&path("missing.crt")), &no_home)
            .root
            .is_none()
    );
    let long = "x".repeat(5000);
    assert!(err(Some("verify-ca"), Some(&long), &no_home).contains("too long"));
    // refused before connecting (nothing listens on port 1)
    let e = PgClient::connect(&format!(
        "postgres://u@127.0.0.1:1/db?sslmode=verify-full&sslrootcert={}",
        path("missing.crt")
    ))
    .err()
    .unwrap();
    assert!(
        e.message.starts_with("sslmode=verify-full needs the CA"),
        "{e}"
    );
    assert!(!e.lost);
}

/// The TLS test server and its CA, or None (printed) when they are not given.
fn tls_server() -> Option<(postgres::Config, String)> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match (
        var("FRONTLINE_TEST_PG_TLS"),
        var("FRONTLINE_TEST_PG_TLS_CA"),
    ) {
        (Some(url), Some(ca)) => Some((url.parse().expect("FRONTLINE_TEST_PG_TLS"), ca)),
        _ if var("FRONTLINE_REQUIRE_PG_TLS").is_some() => {
            panic!("FRONTLINE_REQUIRE_PG_TLS is set but FRONTLINE_TEST_PG_TLS or _CA is not")
        }
        _ => {
            println!(
                "PostgreSQL TLS tests skipped: set FRONTLINE_TEST_PG_TLS=postgres://… and \
                 FRONTLINE_TEST_PG_TLS_CA=FILE"
            );
            None
        }
    }
}

/// A `key=value` address of the test server at `host` (hostaddr 127.0.0.1) with these settings.
fn at(server: &postgres::Config, host: &str, settings: &str) -> String {
    let port = server.get_ports().first().copied().unwrap_or(5432);
    let user = server.get_user().unwrap_or("postgres");
    let db = server.get_dbname().unwrap_or("postgres");
    format!("host={host} hostaddr=127.0.0.1 port={port} user={user} dbname={db} {settings}")
}

/// Connect with no TLS settings from the environment (a developer's own root.crt unread).
fn open(address: &str) -> Result<PgClient, PgError> {
    PgClient::start(target_with(address, pgpass::default_path(), &env())?)
}

fn on_tls(c: &PgClient) -> bool {
    let rows = c
        .query(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            Args::Pos(Vec::new()),
        )
        .unwrap();
    rows == [[Value::Integer(1)]]
}

#[test]
fn require_and_prefer_use_tls_when_the_server_offers_it() {
    let Some((server, _)) = tls_server() else {
        return;
    };
    for settings in ["sslmode=require", "sslmode=prefer", ""] {
        let c = open(&at(&server, "localhost", settings)).unwrap();
        assert!(on_tls(&c), "{settings:?} did not use TLS");
    }
    let c = open(&at(&server, "localhost", "sslmode=disable")).unwrap();
    assert!(!on_tls(&c));
}

#[test]
fn verify_full_checks_the_chain_and_the_host_name_or_address() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let full = format!("sslmode=verify-full sslrootcert={ca}");
    for host in ["localhost", "127.0.0.1"] {
        let c = open(&at(&server, host, &full)).unwrap();
        assert!(on_tls(&c), "{host}");
    }
    let e = open(&at(&server, "not-in-the-cert.invalid", &full))
        .err()
        .unwrap();
    assert_eq!(
        e.message,
        "cannot connect to PostgreSQL: the server's certificate does not name the host \
         not-in-the-cert.invalid: it names localhost, 127.0.0.1 (sslmode=verify-full)"
    );
    assert!(!e.to_string().contains('\n'));
    // verify-ca does not look at the name
    let ca_only = format!("sslmode=verify-ca sslrootcert={ca}");
    let c = open(&at(&server, "not-in-the-cert.invalid", &ca_only)).unwrap();
    assert!(on_tls(&c));
    // the URL form says the same
    let url = format!(
        "postgres://{}@localhost:{}/{}?sslmode=verify-full&sslrootcert={ca}",
        server.get_user().unwrap_or("postgres"),
        server.get_ports().first().copied().unwrap_or(5432),
        server.get_dbname().unwrap_or("postgres"),
    );
    assert!(on_tls(&open(&url).unwrap()));
}

#[test]
fn a_certificate_from_another_ca_is_not_trusted() {
    let Some((server, _)) = tls_server() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other-ca.crt");
    std::fs::write(&other, UNRELATED_CA).unwrap();
    for mode in ["verify-ca", "verify-full", "require"] {
        let settings = format!("sslmode={mode} sslrootcert={}", other.display());
        let e = open(&at(&server, "localhost", &settings)).err().unwrap();
        assert_eq!(
            e.message,
            format!(
                "cannot connect to PostgreSQL: the server's certificate is not trusted: no CA \
                 in {} signed it (sslmode={mode})",
                other.display()
            )
        );
        assert!(!e.lost);
    }
}

#[test]
fn under_prefer_a_failed_handshake_is_tried_again_in_plain_text_as_libpq_does() {
    let Some((server, _)) = tls_server() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other-ca.crt");
    std::fs::write(&other, UNRELATED_CA).unwrap();
    let settings = format!("sslmode=prefer sslrootcert={}", other.display());
    let c = open(&at(&server, "localhost", &settings)).unwrap();
    assert!(!on_tls(&c), "the untrusted certificate was used");
}

#[test]
fn a_reconnect_keeps_the_tls_settings() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let full = format!("sslmode=verify-full sslrootcert={ca}");
    let a = open(&at(&server, "localhost", &full)).unwrap();
    let b = open(&at(&server, "localhost", "")).unwrap();
    let pid = a
        .query("SELECT pg_backend_pid()", Args::Pos(Vec::new()))
        .unwrap()[0][0]
        .clone();
    let killed = b
        .query(
            "SELECT pg_terminate_backend(?1::int, 5000)",
            Args::Pos(vec![pid.clone()]),
        )
        .unwrap();
    assert_eq!(killed, [[Value::Integer(1)]]);
    // the read is asked again on a new connection, made with verify-full again
    assert!(on_tls(&a));
    let now = a
        .query("SELECT pg_backend_pid()", Args::Pos(Vec::new()))
        .unwrap()[0][0]
        .clone();
    assert_ne!(now, pid);
}

/// A server that says no to TLS, as one with ssl=off does: a proxy to the test server that
/// answers the client's SSLRequest with 'N' and passes everything else on.
fn refusing_tls(upstream: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            std::thread::spawn(move || {
                let mut first = [0u8; 8];
                client.read_exact(&mut first).ok()?;
                let mut server = TcpStream::connect(upstream).ok()?;
                // length 8, code 80877103
                if first == [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f] {
                    client.write_all(b"N").ok()?;
                } else {
                    server.write_all(&first).ok()?;
                }
                let (mut c2, mut s2) = (client.try_clone().ok()?, server.try_clone().ok()?);
                std::thread::spawn(move || std::io::copy(&mut c2, &mut s2));
                std::io::copy(&mut server, &mut client).ok()
            });
        }
    });
    addr
}

#[test]
fn against_a_server_without_tls_require_fails_in_one_line_and_prefer_connects_plain() {
    let Some((server, ca)) = tls_server() else {
        return;
    };
    let port = server.get_ports().first().copied().unwrap_or(5432);
    let proxy = refusing_tls(SocketAddr::from(([127, 0, 0, 1], port)));
    let user = server.get_user().unwrap_or("postgres");
    let db = server.get_dbname().unwrap_or("postgres");
    let url = |mode: &str| {
        format!(
            "postgres://{user}@127.0.0.1:{}/{db}?sslmode={mode}",
            proxy.port()
        )
    };
    for mode in ["require", "verify-full"] {
        let e = open(&format!("{}&sslrootcert={ca}", url(mode)))
            .err()
            .unwrap();
        assert_eq!(
            e.message,
            format!(
                "cannot connect to PostgreSQL: the server does not support TLS (sslmode={mode}): \
                 turn ssl on in its postgresql.conf, or use sslmode=prefer on a trusted network"
            )
        );
        assert!(!e.to_string().contains('\n'));
    }
    let c = open(&url("prefer")).unwrap();
    assert!(!on_tls(&c));
}

#[test]
fn a_connection_of_ones_own_gets_the_same_tls_settings() {
    let (rest, mode, _) = tls_for("postgres://u@h/db?sslmode=disable&application_name=x").unwrap();
    assert_eq!(rest, "postgres://u@h/db?application_name=x");
    assert_eq!(mode, postgres::config::SslMode::Disable);
    let e = tls_for("postgres://u@h/db?sslmode=verify-ca&sslrootcert=/nonexistent/ca.crt")
        .err()
        .unwrap();
    assert!(
        e.message
            .ends_with("/nonexistent/ca.crt: there is no such file"),
        "{e}"
    );
}
