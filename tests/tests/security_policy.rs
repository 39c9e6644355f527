//! The served app runs under its strict content security policy: no script of its own is
//! refused, online or opened offline from its cache, while an inline script is; the
//! office screens too.

use pantau_e2e::{Browser, PASSWORD, Product};

/// Collects every content-security-policy violation of each document the page opens.
const RECORD_VIOLATIONS: &str = "window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI), true);";

async fn violations(browser: &Browser) -> anyhow::Result<Vec<String>> {
    let value = browser
        .client
        .execute(
            "return window.cspViolations || ['the recorder did not run'];",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_runs_under_its_policy_online_and_offline() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.cdp("Page.enable", serde_json::json!({})).await?;
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": RECORD_VIOLATIONS }),
        )
        .await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    for page in [
        "#nav-subjects",
        "#register-subject",
        "#nav-inspections",
        "#nav-meetings",
        "#nav-sync",
    ] {
        browser.click(page).await?;
    }
    browser.find("#sync-page").await?;
    assert_eq!(violations(&browser).await?, Vec::<String>::new(), "online");

    // Opened again with no network, from the service worker's cache.
    browser
        .wait_until("navigator.serviceWorker.controller !== null", 10)
        .await?;
    browser.set_offline(true).await?;
    browser.client.refresh().await?;
    browser.pass_lock().await?;
    browser
        .wait_for_text("#connection-status", "Luring")
        .await?;
    browser.click("#nav-subjects").await?;
    browser.find("#subject-search").await?;
    assert_eq!(violations(&browser).await?, Vec::<String>::new(), "offline");

    // The policy is in force: an inline script is refused, and seen to be.
    browser
        .client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.ran = 1';
             document.body.appendChild(s);",
            vec![],
        )
        .await?;
    browser
        .wait_until(
            "window.cspViolations.length === 1 && window.ran === undefined",
            5,
        )
        .await?;

    // The office screens run under the same policy.
    browser.set_offline(false).await?;
    browser
        .client
        .goto(&format!("{}/kantor/", product.url))
        .await?;
    browser.find("#login-submit").await?;
    assert_eq!(violations(&browser).await?, Vec::<String>::new(), "office");
    browser.client.clone().close().await?;
    Ok(())
}
