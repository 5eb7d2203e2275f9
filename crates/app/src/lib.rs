//! zhibu's use cases, between the HTTP face (`web`) and the database (`store`).
//!
//! Each use case takes the [`App`] (database, clock, zone) and the [`Actor`] asking (account,
//! grants, address), authorises, loads, applies a `domain` rule, writes in one transaction
//! with its audit event, and answers a domain result or an [`Error`]. Nothing here knows
//! about HTTP: the CLI, the benchmark and background jobs call the same functions the pages
//! and the API do.

pub mod accounts;
pub mod activities;
pub mod actor;
pub mod audit_log;
pub mod authz;
pub mod backup;
pub mod campaigns;
pub mod channels;
pub mod clock;
mod context;
pub mod demo;
pub mod error;

pub mod ledger;
pub mod notices;
pub mod passwords;
pub mod reminders;
pub mod roster;
pub mod tasks;
pub mod write;
pub mod zone;

pub use actor::{Actor, Client};
pub use clock::{Clock, ManualClock, SystemClock};
pub use context::App;
pub use error::{Error, FieldIssue, Message, Refusal, Result};
pub use write::Write;
pub use zone::{Zone, rfc3339};
