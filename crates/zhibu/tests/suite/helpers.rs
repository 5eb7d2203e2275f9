//! Starting the real application on a fresh database for each test.
//!
//! The backend is chosen by `ZHIBU_TEST_DATABASE`: `sqlite` (default) gives each test its own
//! SQLite file in a temporary directory; `postgres` gives each test its own database on the
//! server at `ZHIBU_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`),
//! dropped when the test ends. Asking for PostgreSQL when it cannot be reached fails the test.

use app::ManualClock;
use reqwest::StatusCode;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use std::sync::Arc;
use tempfile::TempDir;
use web::{Application, Config};

/// The demo accounts' password in every test.
pub const PASSWORD: &str = "Test-Pass-2026";

pub fn using_postgres() -> bool {
    match std::env::var("ZHIBU_TEST_DATABASE").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("ZHIBU_TEST_DATABASE must be sqlite or postgres, got {other:?}"),
    }
}

fn postgres_admin_url() -> String {
    std::env::var("ZHIBU_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A PostgreSQL database made for one test and dropped after it.
pub struct PostgresDatabase {
    name: String,
}

impl PostgresDatabase {
    pub async fn create() -> (PostgresDatabase, String) {
        sqlx::any::install_default_drivers();
        let admin = postgres_admin_url();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
            .await
            .unwrap_or_else(|e| {
                panic!("ZHIBU_TEST_DATABASE=postgres but {admin} cannot be reached: {e}")
            });
        let mut bytes = [0u8; 6];
        getrandom(&mut bytes);
        let name = format!(
            "zhibu_test_{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("creating the test database");
        let base = admin
            .rsplit_once('/')
            .map(|(base, _)| base)
            .unwrap_or(&admin);
        let url = format!("{base}/{name}");
        (PostgresDatabase { name }, url)
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs inside the test's runtime: do the async work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                if let Ok(mut conn) =
                    <sqlx::AnyConnection as sqlx::Connection>::connect(&postgres_admin_url()).await
                {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

fn getrandom(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .expect("reading /dev/urandom");
}

pub struct TestApp {
    pub address: String,
    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub clock: ManualClock,
    pub database_url: String,
    pub data_dir: TempDir,
    _postgres: Option<PostgresDatabase>,
}

/// Starts the app with demo data and the test password.
pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary directory");
    let clock = ManualClock::starting_now();
    let mut config = Config::new(data_dir.path());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.demo = true;
    config.demo_password = Some(PASSWORD.to_owned());
    config.clock = Arc::new(clock.clone());
    // The background jobs write on their own timers; tests run their passes by hand so that
    // nothing writes beside what a test does (one test turns them on to see them run).
    config.jobs = false;
    // A year of demo activities would be in the way of tests counting activities from none;
    // the demo test turns them on.
    config.demo_activities = false;
    let postgres = if using_postgres() {
        let (db, url) = PostgresDatabase::create().await;
        config.database_url = Some(url);
        Some(db)
    } else {
        None
    };
    adjust(&mut config);
    let database_url = config.database_url();
    let app = Application::build(config)
        .await
        .expect("building the application");
    let address = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    let (client, jar) = new_client();
    TestApp {
        address,
        client,
        jar,
        clock,
        database_url,
        data_dir,
        _postgres: postgres,
    }
}

pub fn new_client() -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(Policy::none())
        .build()
        .unwrap();
    (client, jar)
}

/// The value of the first `csrf_token` field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a csrf_token field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }

    /// Posts a form with the CSRF token of the page at `token_from`.
    /// Publishes a notice from its page: the first press answers the confirmation (whom it
    /// reaches), the second, carrying the count confirmed, sends it.
    pub async fn publish_confirmed(
        &self,
        path: &str,
        token_from: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let first = self.post_form(path, token_from, fields).await;
        assert_eq!(first.status(), StatusCode::OK, "the confirmation first");
        let count = confirmed_count(&first.text().await.unwrap());
        let mut confirmed = fields.to_vec();
        confirmed.push(("confirmed", &count));
        self.post_form(path, token_from, &confirmed).await
    }

    /// Saves a notice draft of the committee from the check step (`POST /notices`,
    /// `intent=save`) with `source` and the header fields in `fields`.
    pub async fn save_notice_draft(
        &self,
        source: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let committee = scalar(self, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
        let committee = committee.to_string();
        let mut form = vec![
            ("org_id", committee.as_str()),
            ("source", source),
            ("intent", "save"),
        ];
        form.extend_from_slice(fields);
        self.post_form("/notices", "/notices/new", &form).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        token_from: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let (_, page) = self.get_text(token_from).await;
        let token = csrf_in(&page);
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Logs in through the login page.
    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/login",
            "/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn login_ok(&self, username: &str) {
        let r = self.login(username, PASSWORD).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{username} should log in"
        );
    }

    /// A bearer token for the API.
    pub async fn token(&self, username: &str, password: &str) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    pub async fn token_ok(&self, username: &str) -> String {
        self.token_ok_with(username, PASSWORD).await
    }

    pub async fn token_ok_with(&self, username: &str, password: &str) -> String {
        let r = self.token(username, password).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: serde_json::Value = r.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn api_get(&self, path: &str, token: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// A direct connection to the test's database, for arranging what no page makes yet.
    pub async fn db(&self) -> store::Db {
        store::Db::connect(&self.database_url).await.unwrap()
    }

    /// Creates an account the way an administrator will: it must change its password first.
    pub async fn create_account(&self, username: &str, password: &str, must_change: bool) -> i64 {
        let db = self.db().await;
        let hash = app::passwords::hash::hash(password.to_owned())
            .await
            .unwrap();
        let mut tx = db.begin().await.unwrap();
        let id = store::accounts::create(
            &mut tx,
            store::accounts::NewAccount {
                username,
                display_name: "新账号",
                password_hash: &hash,
                member_id: None,
                must_change_password: must_change,
            },
            domain::Timestamp(0),
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
        db.close().await;
        id
    }

    /// The value of a cookie the client holds.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.address.parse().unwrap())?;
        header.to_str().unwrap().split("; ").find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    }

    /// A second browser holding only the given session cookie.
    pub fn client_with_session(&self, secret: &str) -> reqwest::Client {
        let (client, jar) = new_client();
        jar.add_cookie_str(
            &format!("zhibu_session={secret}"),
            &self.address.parse().unwrap(),
        );
        client
    }
}

/// Where a redirect points.
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Logging in with a client of one's own (a second browser).
pub struct TestAppClient;

impl TestAppClient {
    pub async fn login(
        app: &TestApp,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Client {
        let page = client
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = csrf_in(&page);
        let r = client
            .post(app.url("/login"))
            .form(&[
                ("username", username),
                ("password", password),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        client.clone()
    }
}

/// Runs the real binary with no `ZHIBU_*` settings from the environment but those given.
pub fn run_zhibu(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_zhibu"));
    cmd.args(args);
    for (var, _) in std::env::vars() {
        if var.starts_with("ZHIBU_") {
            cmd.env_remove(var);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("running zhibu")
}

/// 320 general branches under the committee, one branch under each of 010 to 019: past
/// the picker's list-all limit of 300 orgs.
pub async fn grow_the_tree(app: &TestApp, committee: i64) {
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    for i in 0..320 {
        let name = format!("测试总支{i:03}");
        let new = |parent_id, kind, name| store::orgs::NewOrg {
            parent_id: Some(parent_id),
            kind,
            name,
            short_name: "",
            society: "",
            contact_person: "",
            contact_phone: "",
            sort_order: 0,
        };
        let general = store::orgs::create(
            &mut tx,
            new(committee, domain::OrgKind::GeneralBranch, &name),
            domain::Timestamp(0),
        )
        .await
        .unwrap();
        if (10..20).contains(&i) {
            let branch = format!("{name}第一支部");
            store::orgs::create(
                &mut tx,
                new(general, domain::OrgKind::Branch, &branch),
                domain::Timestamp(0),
            )
            .await
            .unwrap();
        }
    }
    store::commit(tx).await.unwrap();
    db.close().await;
}

/// The one value `sql` answers (a count, an id), read straight from the app's database.
pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let v = sqlx::query_scalar(sql).fetch_one(db.read()).await.unwrap();
    db.close().await;
    v
}

/// A second committee administrator over the whole tree (the demo has one, `admin`), named
/// `display_name`, with the test password; answers the account's id.
pub async fn second_committee_admin(app: &TestApp, username: &str, display_name: &str) -> i64 {
    let id = app.create_account(username, PASSWORD, false).await;
    let root = scalar(app, "SELECT id FROM orgs WHERE parent_id IS NULL").await;
    let db = app.db().await;
    let mut tx = db.begin().await.unwrap();
    let role = domain::Role::CommitteeAdmin;
    store::grants::create(&mut tx, id, role, root, None, domain::Timestamp(0))
        .await
        .unwrap();
    sqlx::query("UPDATE accounts SET display_name = $1 WHERE id = $2")
        .bind(display_name)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    store::commit(tx).await.unwrap();
    db.close().await;
    id
}

/// The id of the org branch `n`'s admin manages (`branch{n}` of the demo).
pub async fn branch_org(app: &TestApp, n: u32) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT g.org_id FROM grants g JOIN accounts a ON a.id = g.account_id \
             WHERE a.username = 'branch{n}' AND g.role = 'branch_admin'"
        ),
    )
    .await
}

/// An API request with a bearer token and an optional JSON body; the status and the JSON
/// answer (null when there is none).
pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut req = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// The count a notice's publish confirmation asks to send back (`confirmed`), from its page.
pub fn confirmed_count(html: &str) -> String {
    let marker = "name=\"confirmed\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("a publish confirmation in {html}"))
        + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}
