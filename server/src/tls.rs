//! HTTPS without a reverse proxy: `serve --tls-cert FILE --tls-key FILE`, through rustls
//! with the `ring` provider (the same one sqlx uses for TLS to PostgreSQL).

use anyhow::Context;
use axum_server::tls_rustls::RustlsConfig;
use std::path::Path;

/// Reads a PEM certificate chain and its private key; each error names the file.
pub async fn load(cert: &Path, key: &Path) -> anyhow::Result<RustlsConfig> {
    // Both rustls users in the process share this provider; a second install is a no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cert_pem = tokio::fs::read(cert)
        .await
        .with_context(|| format!("--tls-cert {}: cannot read the certificate", cert.display()))?;
    let key_pem = tokio::fs::read(key)
        .await
        .with_context(|| format!("--tls-key {}: cannot read the private key", key.display()))?;
    RustlsConfig::from_pem(cert_pem, key_pem)
        .await
        .with_context(|| {
            format!(
                "--tls-cert {} / --tls-key {}: not a PEM certificate chain and its private key",
                cert.display(),
                key.display()
            )
        })
}
