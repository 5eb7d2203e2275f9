//! A member's part in a study campaign, against the real server on both databases: logging
//! self-study and online study (each wrong entry refused with its code, nothing saved),
//! progress showing exactly what is left, sessions sat in counting apart, withdrawing one's own
//! entries only, closed campaigns and accounts without a member refused; reflections written,
//! edited with every version kept (a stale save refused), commented on and featured by the
//! branch, read by exactly who may; and the pages' forms keeping what was typed.

mod logs;
mod pages;
mod reflections;

use crate::campaign_support::{campaign_body, open_campaign};
use crate::helpers::{TestApp, branch_org, scalar, send, spawn};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Noon of 1 September 2022 in Shanghai: "today" for every test here, inside the founding
/// notice's campaign (5 August to 15 October 2022).
pub const TODAY: i64 = 1_662_004_800_000;

/// An open campaign of the whole committee from 5 August to 15 October 2022, seen on
/// 1 September, with a speech (no chapters) and a book of three chapters.
pub struct Study {
    pub app: TestApp,
    pub admin: String,
    pub member1: String,
    pub branch1: String,
    pub campaign: i64,
    pub speech: i64,
    pub book: i64,
}

impl Study {
    pub async fn start() -> Study {
        let app = spawn().await;
        app.clock.set(domain::Timestamp(TODAY));
        let admin = app.token_ok("admin").await;
        let body = campaign_body(&app, ("2022-08-05", "2022-10-15")).await;
        let c = open_campaign(&app, &admin, body).await;
        Study {
            campaign: c["id"].as_i64().unwrap(),
            speech: c["materials"][0]["id"].as_i64().unwrap(),
            book: c["materials"][1]["id"].as_i64().unwrap(),
            member1: app.token_ok("member1").await,
            branch1: app.token_ok("branch1").await,
            admin,
            app,
        }
    }

    pub async fn call(
        &self,
        m: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        send(&self.app, m, path, token, body).await
    }

    /// Logs study in the campaign as `token`.
    pub async fn log(&self, token: &str, body: Value) -> (StatusCode, Value) {
        let path = format!("/api/v1/campaigns/{}/study-logs", self.campaign);
        self.call(Method::POST, &path, token, Some(body)).await
    }

    pub async fn progress(&self, token: &str) -> (StatusCode, Value) {
        let path = format!("/api/v1/campaigns/{}/progress", self.campaign);
        self.call(Method::GET, &path, token, None).await
    }

    /// Writes a reflection as `token`; answers it.
    pub async fn write(&self, token: &str, title: &str, body: &str) -> Value {
        let path = format!("/api/v1/campaigns/{}/reflections", self.campaign);
        let (status, r) = self
            .call(
                Method::POST,
                &path,
                token,
                Some(json!({"title": title, "body": body, "material_id": self.book})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{r}");
        r
    }

    /// A new account `username` (the test password) standing for another active member of
    /// branch 1, with the member role there; answers its token.
    pub async fn second_member(&self, username: &str) -> String {
        let org = branch_org(&self.app, 1).await;
        let member = scalar(
            &self.app,
            &format!(
                "SELECT MAX(id) FROM members WHERE org_id = {org} AND status = 'active' \
                 AND id NOT IN (SELECT member_id FROM accounts WHERE member_id IS NOT NULL)"
            ),
        )
        .await;
        self.account(username, Some(member), domain::Role::Member, org)
            .await
    }

    /// A new account with `role` over `org`, standing for `member` (or nobody); its token.
    pub async fn account(
        &self,
        username: &str,
        member: Option<i64>,
        role: domain::Role,
        org: i64,
    ) -> String {
        let id = self
            .app
            .create_account(username, crate::helpers::PASSWORD, false)
            .await;
        let db = self.app.db().await;
        let mut tx = db.begin().await.unwrap();
        store::grants::create(&mut tx, id, role, org, None, domain::Timestamp(0))
            .await
            .unwrap();
        sqlx::query("UPDATE accounts SET member_id = $1 WHERE id = $2")
            .bind(member)
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
        db.close().await;
        self.app.token_ok(username).await
    }

    /// How many audit events of `action` on `object_type` there are.
    pub async fn events(&self, action: &str, object_type: &str) -> i64 {
        scalar(
            &self.app,
            &format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = '{action}' \
                 AND object_type = '{object_type}'"
            ),
        )
        .await
    }
}

/// The error code of an error answer.
pub fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

/// The field the first problem of an error answer names.
pub fn field(v: &Value) -> &str {
    v["error"]["problems"][0]["field"].as_str().unwrap_or("")
}
