//! 账号管理: administrators create accounts, reset passwords, disable and enable accounts,
//! grant and revoke roles — each within their subtree, never for themselves, all audited.

mod creating;
mod granting;
mod large_tree;
mod pages;
mod separation;
mod support;
mod three_admins;

/// Run with the other browser tests (`-- --ignored`).
mod browser {
    use super::support::*;
    use crate::browser::Browser;
    use crate::helpers::*;
    use serde_json::Value;

    #[tokio::test]
    #[ignore = "needs chromium and chromedriver; run by .ci/run"]
    async fn the_account_pages_fit_a_phone() {
        let app = spawn().await;
        let member1 = account_id(&app, "member1").await;
        let browser = Browser::start(360).await;
        browser.log_in(&app, "admin", PASSWORD).await;
        browser.text_of("#greeting").await;
        for (path, name) in [
            ("/accounts".to_owned(), "accounts-360"),
            (format!("/accounts/{member1}"), "account-360"),
            (
                "/accounts/new?member_q=%E7%8E%8B".to_owned(),
                "account-new-360",
            ),
        ] {
            browser.client.goto(&app.url(&path)).await.unwrap();
            browser.text_of("h1").await;
            browser.screenshot(name).await;
            let overflow = browser
                .client
                .execute(
                    "return document.documentElement.scrollWidth > window.innerWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(overflow, Value::Bool(false), "{path} scrolls sideways");
        }

        // Creating an account through the form shows its first password.
        let (member, name) = member_without_account(&app, BRANCH1).await;
        let form = app.url(&format!("/accounts/new?member_id={member}"));
        browser.client.goto(&form).await.unwrap();
        assert!(browser.text_of("#account-member").await.contains(&name));
        browser.screenshot("account-form-360").await;
        browser.fill("#username", "li.si").await;
        browser.click("#account-create").await;
        let password = browser.text_of("#temporary-password").await;
        assert!(
            domain::NewPassword::parse(&password, "li.si").is_ok(),
            "{password}"
        );
        browser.screenshot("account-created-360").await;
        browser.close().await;
    }
}
