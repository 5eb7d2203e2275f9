//! zhibu's storage: the only crate that speaks SQL.
//!
//! One query layer serves both backends through sqlx's `Any` driver: the embedded SQLite file
//! (the default) and PostgreSQL. Queries are portable SQL with `$n` placeholders numbered in the
//! order they first appear (SQLite reads `$n` as a named parameter bound by first appearance).
//! Every value is an `i64` or text: times are milliseconds since the epoch, flags are 0/1.
//! Backend differences live in `db` and in the two migration folders, which are kept in step.

pub mod accounts;
pub mod activities;
pub mod activity_attendance;
pub mod activity_media;
pub mod audit;
pub mod backup;
pub mod campaign_dashboard;
pub mod campaign_figures;
pub mod campaign_sessions;
pub mod campaigns;
pub mod channels;
mod db;
mod decode;
mod error;
pub mod files;
pub mod grants;
mod group;
pub mod ledger;
pub mod login_failures;
pub mod members;
pub mod messages;
mod migrate;
pub mod notice_reminders;
pub mod notice_signoffs;
pub mod notices;
pub mod orgs;
pub mod record_fills;
pub mod reminder_schedule;
pub mod reminders;
pub mod report_files;
pub mod report_records;
pub mod roster_import;
pub mod sessions;
pub mod settings;
mod sql;
pub mod study;
pub mod study_member;
pub mod submission_history;
pub mod submissions;
mod targets;
pub use targets::would_reach;
pub mod tasks;
pub mod throttle;

pub use db::{Backend, Conn, Db, Tx, commit, redact, sqlite_url};
pub use error::{Conflict, Result, StoreError};
pub use group::{ConnFuture, Finish};
pub use migrate::migrate;
