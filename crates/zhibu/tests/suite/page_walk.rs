//! Every page of the route table, as each role, on a 360-px phone and a 1280-px desk, in a real
//! browser. A page fails the walk when it scrolls sideways, logs a console error (a missing
//! favicon is one), shows English in its controls on a zh-CN page (or Chinese on an en page),
//! sets two buttons side by side at different heights, or has a form that sends typed text
//! without keeping it (forms.js). Screenshots of every page land in
//! `target/tmp/screenshots/walk-*` for people to look at (CI keeps them with the run).

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, branch_org, scalar, spawn_with};
use serde_json::Value;

/// The roles walked: the committee, a branch, a member and the auditor.
const ROLES: [&str; 4] = ["admin", "branch1", "member1", "auditor"];

/// Latin words allowed in a zh-CN page's controls: product and format names, and the demo's
/// usernames where a control names an account.
const LATIN_ALLOWED: &[&str] = &[
    "admin", "branch", "member", "auditor", "security", "sysadmin", "docx", "xlsx", "Word",
    "Excel", "JSON", "WeCom", "DingTalk", "Feishu", "Webhook", "webhook", "SMTP", "HTTPS", "https",
    "http", "outsider", "zhibu",
];

/// What the page's own script finds: overflow, the language of its controls, button rows.
const INSPECT: &str = r#"
const out = {
  holds: document.body.hasAttribute("data-holds-drafts"),
  overflow: document.documentElement.scrollWidth > window.innerWidth,
  icon: !!document.querySelector('link[rel="icon"]'),
  texts: [],
  pairs: [],
};
// The words of the controls: buttons, summaries, table heads, labels' own text, the nav,
// tabs, pagers, empty states and placeholders (user data sits elsewhere).
// People's words (a notice's section, a report form's columns, a name) are marked data-user.
const own = (el) => Array.from(el.childNodes)
  .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(" ").trim();
const product = (el) => {
  const copy = el.cloneNode(true);
  for (const u of copy.querySelectorAll("[data-user]")) u.remove();
  return copy.textContent.trim();
};
for (const el of document.querySelectorAll(
    "button, summary, th, label, legend, .usernav a, .tabs a, .pager a, .empty, a.button")) {
  if (el.offsetParent === null && !el.closest("details")) continue;
  // A ticked org, a report form's own field labels: people's words, not the product's.
  if (el.querySelector("input[type=checkbox], input[type=radio]") || el.closest(".fill-table, .report-form")) continue;
  if (el.closest("[data-user]")) continue;
  const text = el.matches("label, summary") ? own(el) : product(el);
  if (text) out.texts.push(text);
}
for (const el of document.querySelectorAll("[placeholder]")) out.texts.push(el.placeholder);
// Buttons side by side: same row (same top), same height.
for (const box of document.querySelectorAll(".actions, .row, .report-actions, .search-row")) {
  const shown = Array.from(box.querySelectorAll(":scope > button, :scope > a.button, :scope > form > button"))
    .filter((b) => b.offsetParent !== null);
  for (let i = 1; i < shown.length; i++) {
    const a = shown[i - 1].getBoundingClientRect(), b = shown[i].getBoundingClientRect();
    if (Math.abs(a.top - b.top) < 2 && Math.abs(a.height - b.height) > 1) {
      out.pairs.push(shown[i - 1].textContent.trim() + " / " + shown[i].textContent.trim()
        + " (" + a.height + " vs " + b.height + ")");
    }
  }
}
// Every form that sends typed text keeps it (forms.js), but for passwords and the report form.
out.unkept = Array.from(document.querySelectorAll("form[method=post]")).filter((f) =>
  f.querySelector("textarea, input[type=text], input:not([type])") &&
  !f.querySelector("input[type=password]") && f.id !== "report-form" &&
  !f.hasAttribute("data-no-keep") && f.dataset.kept !== "1").map((f) => f.action);
return out;
"#;

/// The pages to walk: every GET route that answers a page (no API, file or download), with
/// its ids filled from the demo: the founding notice, the first task, branch1's org and a
/// member of it, member1's account.
async fn pages(app: &TestApp) -> Vec<String> {
    let notice = scalar(app, "SELECT MIN(id) FROM notices").await;
    let task = scalar(app, "SELECT MIN(id) FROM tasks").await;
    let org = branch_org(app, 1).await;
    let member = scalar(
        app,
        &format!("SELECT MIN(id) FROM members WHERE org_id = {org}"),
    )
    .await;
    let account = scalar(app, "SELECT id FROM accounts WHERE username = 'member1'").await;
    let activity = {
        let b1 = crate::activity_pages::User::login(app, "branch1").await;
        crate::activity_pages::add_activity(&b1, org, "record", "party_lecture", "党课").await
    };
    // The demo's campaign and a reflection in it (none without the demo's activities).
    let campaign = scalar(app, "SELECT COALESCE(MIN(id), 0) FROM campaigns").await;
    let reflection = scalar(app, "SELECT COALESCE(MIN(id), 0) FROM reflections").await;
    let mut pages = Vec::new();
    for (method, path) in web::route_table() {
        let download = [
            ".xlsx",
            ".ics",
            ".csv",
            ".json",
            "/files",
            "/attachments/",
            "/photos/",
            "/static",
        ]
        .iter()
        .any(|s| path.contains(s));
        let skip = [
            "/api/",
            "/health",
            "/favicon",
            "/login",
            "/logout",
            "/messages/{id}",
        ]
        .iter()
        .any(|s| path.starts_with(s));
        if method != "GET" || download || skip {
            continue;
        }
        let id = match path.split('/').nth(1) {
            Some("notices") => notice,
            Some("tasks") => task,
            Some("orgs") => org,
            Some("members") => member,
            Some("accounts") => account,
            Some("activities") => activity,
            Some("campaigns") => campaign,
            Some("reflections") => reflection,
            _ => 0,
        };
        pages.push(
            path.replace("{id}", &id.to_string())
                .replace("{org_id}", &format!("{org}?period=once")),
        );
    }
    pages
}

/// What is wrong with the page the browser shows, if anything (nothing when it is not the
/// role's to see: the error page).
async fn faults(browser: &Browser, lang: &str, width: u32) -> Vec<String> {
    let found: Value = browser.client.execute(INSPECT, vec![]).await.unwrap();
    let mut faults = Vec::new();
    let console = browser.console_errors().await;
    if found["holds"] == true {
        return faults;
    }
    if found["overflow"] == true {
        faults.push(format!("scrolls sideways at {width} px"));
    }
    if found["icon"] != true {
        faults.push("no favicon link".to_owned());
    }
    faults.extend(console.into_iter().map(|c| format!("console: {c}")));
    for text in found["texts"].as_array().into_iter().flatten() {
        let text = text.as_str().unwrap_or("");
        if let Some(word) = wrong_language(text, lang) {
            faults.push(format!("{lang} page shows {word:?} in {text:?}"));
        }
    }
    for form in found["unkept"].as_array().into_iter().flatten() {
        faults.push(format!("a form to {form} does not keep what is typed"));
    }
    for pair in found["pairs"].as_array().into_iter().flatten() {
        faults.push(format!("buttons of different heights: {pair}"));
    }
    faults
}

/// A word of the other language in a control's `text`.
fn wrong_language(text: &str, lang: &str) -> Option<String> {
    if lang == "en" {
        return text
            .chars()
            .find(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .map(String::from);
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| w.len() >= 4 && !LATIN_ALLOWED.contains(w))
        .map(str::to_owned)
}

async fn walk(app: &TestApp, role: &str, width: u32, pages: &[String]) -> Vec<String> {
    let browser = Browser::start(width).await;
    browser.log_in(app, role, PASSWORD).await;
    browser.text_of("#greeting").await;
    let mut faults = Vec::new();
    for page in pages {
        browser.client.goto(&app.url(page)).await.unwrap();
        for fault in self::faults(&browser, "zh-CN", width).await {
            faults.push(format!("{role} {width}px {page}: {fault}"));
        }
        let name = page.trim_matches('/').replace(['/', '?', '='], "-");
        browser
            .screenshot(&format!(
                "walk-{role}-{width}-{}",
                if name.is_empty() { "home" } else { &name }
            ))
            .await;
    }
    browser.close().await;
    faults
}

// Both walks run on the demo with its year of activities, so ledgers, boards and records are
// walked full, as people see them.
#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn every_page_fits_speaks_the_readers_language_and_logs_no_error_for_every_role() {
    let app = spawn_with(|c| c.demo_activities = true).await;
    let pages = pages(&app).await;
    assert!(pages.len() > 25, "{pages:?}");
    let mut faults = Vec::new();
    for role in ROLES {
        for width in [360, 1280] {
            faults.extend(walk(&app, role, width, &pages).await);
        }
    }
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn in_english_no_control_shows_chinese() {
    let app = spawn_with(|c| c.demo_activities = true).await;
    let pages = pages(&app).await;
    let browser = Browser::start(1280).await;
    browser.log_in(&app, "admin", PASSWORD).await;
    browser.text_of("#greeting").await;
    // The language switch in the footer, as a person would use it.
    browser
        .client
        .execute(
            "const s = document.getElementById('lang'); s.value = 'en'; s.form.submit();",
            vec![],
        )
        .await
        .unwrap();
    browser
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(fantoccini::Locator::Css("html[lang='en']"))
        .await
        .unwrap();
    let mut faults = Vec::new();
    for page in &pages {
        browser.client.goto(&app.url(page)).await.unwrap();
        for fault in faults_of(&browser).await {
            faults.push(format!("admin en {page}: {fault}"));
        }
    }
    browser.close().await;
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

async fn faults_of(browser: &Browser) -> Vec<String> {
    faults(browser, "en", 1280).await
}
