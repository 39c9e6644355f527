//! What the officer finalizes is signed on every tablet, and a server that requires
//! signatures takes it: a tablet whose browser has no Ed25519 in WebCrypto makes its key
//! pair with the signer module instead, keeps the seed sealed under the data key and
//! loads the module from the offline cache after a reload; and a finalization saved just
//! before the app closed, unsigned, is signed at the next unlock before it is sent.

use pantau_e2e::{Browser, PASSWORD, Product};
use serde_json::json;

/// Run before the page's own scripts: WebCrypto refuses Ed25519, as in an older browser.
const WITHOUT_ED25519: &str = "(() => {
  const subtle = crypto.subtle;
  for (const method of ['generateKey', 'importKey', 'sign']) {
    const original = subtle[method].bind(subtle);
    subtle[method] = (...args) => {
      const algorithm = method === 'importKey' ? args[2] : args[0];
      const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
      return name === 'Ed25519'
        ? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
        : original(...args);
    };
  }
})();";

/// Run before the page's own scripts: the first Ed25519 signature of this browser tab
/// never comes, as when the app is closed while it signs.
const FIRST_SIGNATURE_NEVER_COMES: &str = "(() => {
  const subtle = crypto.subtle;
  const original = subtle.sign.bind(subtle);
  subtle.sign = (...args) => {
    const name = typeof args[0] === 'string' ? args[0] : args[0] && args[0].name;
    if (name === 'Ed25519' && !sessionStorage.getItem('signed-before')) {
      sessionStorage.setItem('signed-before', 'yes');
      return new Promise(() => {});
    }
    return original(...args);
  };
})();";

/// A product whose server refuses unsigned finalizations, with Ayu of Jembrana.
fn requiring_signatures() -> anyhow::Result<Product> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    let policy = product.run(&["device", "policy", "--require-signatures", "true"], "")?;
    assert!(policy.contains("--require-signatures true"), "{policy}");
    product.serve()?;
    Ok(product)
}

/// A browser that runs `script` before every page's own scripts.
async fn browser_with(script: &str) -> anyhow::Result<Browser> {
    let browser = Browser::start().await?;
    browser.cdp("Page.enable", json!({})).await?;
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": script }),
        )
        .await?;
    Ok(browser)
}

/// Starts an inspection at `place` with its written order and finalizes it.
async fn finalize_new_inspection(officer: &Browser, place: &str) -> anyhow::Result<()> {
    officer.click("#nav-inspections").await?;
    officer.click("#start-inspection").await?;
    officer.set_value("#place_name", place).await?;
    officer.set_value("#region_code", "51.01.04.1001").await?;
    officer
        .set_value("#warrant_number", "SPRIN/UJI/031")
        .await?;
    officer
        .wait_for_text("#officers-present", "Petugas ayu")
        .await?;
    let me = officer
        .find("#officers-present input[type=checkbox]")
        .await?;
    officer.tap(&me).await?;
    officer.click("#inspection-save").await?;
    officer.wait_for_text("#inspection-place", place).await?;
    officer.click("#finalize").await?;
    officer.click("#confirm-finalize").await?;
    officer.wait_for_text("#inspection-status", "Final").await?;
    Ok(())
}

/// Signal returns: the finalization goes, the server checks its signature and logs it,
/// and the tablet shows the receipt.
async fn signed_and_logged(officer: &Browser, product: &Product) -> anyhow::Result<()> {
    officer.set_offline(false).await?;
    officer.wait_for_number("#pending-count", 0).await?;
    let verified = product.run(&["audit", "verify"], "")?;
    assert!(verified.contains("intact: 1 entries"), "{verified}");
    officer
        .wait_for_text(
            "#inspection-signed",
            "Ditandatangani oleh Petugas ayu di tablet ini, tanda terima #1",
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_without_ed25519_signs_with_the_module() -> anyhow::Result<()> {
    let product = requiring_signatures()?;
    let officer = browser_with(WITHOUT_ED25519).await?;
    officer.sign_in(&product.url, "ayu", PASSWORD).await?;
    let refused = officer
        .client
        .execute_async(
            "crypto.subtle.generateKey({name: 'Ed25519'}, false, ['sign'])
               .then(() => arguments[0]('made'), (e) => arguments[0](e.name));",
            vec![],
        )
        .await?;
    assert_eq!(refused, json!("NotSupportedError"));

    // The seed is kept sealed: twelve bytes of nonce, 32 of seed, 16 of tag.
    let kept = officer.indexed_db("meta", Some("signing_key")).await?;
    assert_eq!(kept[2], json!("sealed-seed"), "{kept}");
    assert_eq!(kept[0].as_str().map(|s| s.chars().count()), Some(60));
    assert_eq!(kept[1].as_str().map(str::len), Some(64));

    // With no signal and after a reload, the module comes from the offline cache.
    officer.ready_for_offline().await?;
    officer.set_offline(true).await?;
    officer.client.refresh().await?;
    officer.pass_lock().await?;
    finalize_new_inspection(&officer, "Vila Contoh Modul").await?;
    signed_and_logged(&officer, &product).await?;
    officer.keep_screenshot("signed-by-module").await;
    officer.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finalization_saved_unsigned_is_signed_at_the_next_unlock() -> anyhow::Result<()> {
    let product = requiring_signatures()?;
    let officer = browser_with(FIRST_SIGNATURE_NEVER_COMES).await?;
    officer.sign_in(&product.url, "ayu", PASSWORD).await?;
    officer.ready_for_offline().await?;
    officer.set_offline(true).await?;
    finalize_new_inspection(&officer, "Vila Contoh Tertutup").await?;
    let waiting = officer
        .client
        .execute("return sessionStorage.getItem('signed-before');", vec![])
        .await?;
    assert_eq!(waiting, json!("yes"), "the app is still signing");
    officer.wait_for_number("#pending-count", 2).await?;

    // The app closes while it signs; the officer opens it again and unlocks.
    officer.client.refresh().await?;
    officer.pass_lock().await?;
    officer.wait_for_number("#pending-count", 2).await?;
    signed_and_logged(&officer, &product).await?;
    officer.client.clone().close().await?;
    Ok(())
}
