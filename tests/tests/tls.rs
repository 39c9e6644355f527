//! Pantau serving HTTPS itself (`serve --tls-cert --tls-key`) with a certificate the test
//! makes: a client that trusts it signs in and syncs, plain HTTP gets nothing, and a
//! certificate that cannot be used stops the start with the file named.

use pantau_e2e::{PASSWORD, Product};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_speaks_https_with_its_own_certificate() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])?;
    let (cert, key) = (
        folder.path().join("pantau.crt"),
        folder.path().join("pantau.key"),
    );
    std::fs::write(&cert, certified.cert.pem())?;
    std::fs::write(&key, certified.signing_key.serialize_pem())?;

    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    let (cert_arg, key_arg) = (cert.display().to_string(), key.display().to_string());
    product.serve_with(&["--tls-cert", &cert_arg, "--tls-key", &key_arg])?;
    assert!(product.url.starts_with("https://"), "{}", product.url);

    let trusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(
            certified.cert.pem().as_bytes(),
        )?)
        .build()?;
    let health = trusting
        .get(format!("{}/api/health", product.url))
        .send()
        .await?;
    assert_eq!(health.status(), 200);
    let login: Value = trusting
        .post(format!("{}/api/auth/login", product.url))
        .json(&json!({"username": "ayu", "password": PASSWORD,
            "device_id": uuid::Uuid::now_v7(), "device_name": "uji"}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"].as_str().unwrap_or_default();
    let pull = trusting
        .get(format!("{}/api/sync/pull?cursor=0", product.url))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(pull.status(), 200);

    // Nothing is served in clear text, and a client that does not trust the
    // certificate is not fooled.
    let plain = product.url.replacen("https://", "http://", 1);
    let in_clear = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()?
        .get(format!("{plain}/api/health"))
        .send()
        .await;
    assert!(in_clear.map(|r| !r.status().is_success()).unwrap_or(true));
    let untrusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .build()?;
    assert!(
        untrusting
            .get(format!("{}/api/health", product.url))
            .send()
            .await
            .is_err()
    );

    // A certificate that is not one is refused before the server listens, by name.
    let bogus = folder.path().join("bukan.crt");
    std::fs::write(&bogus, "bukan sertifikat")?;
    let bogus_arg = bogus.display().to_string();
    let refused = product
        .run(
            &[
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--tls-cert",
                &bogus_arg,
                "--tls-key",
                &key_arg,
            ],
            "",
        )
        .expect_err("refused");
    assert!(format!("{refused:#}").contains("bukan.crt"), "{refused:#}");
    let half = product
        .run(
            &["serve", "--listen", "127.0.0.1:0", "--tls-cert", &cert_arg],
            "",
        )
        .expect_err("refused");
    assert!(format!("{half:#}").contains("--tls-key"), "{half:#}");
    Ok(())
}
