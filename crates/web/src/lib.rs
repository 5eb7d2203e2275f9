//! zhibu's web tier: server-rendered pages, the JSON API under `/api/v1`, sessions, CSRF,
//! languages and embedded assets. Stateless apart from the database, so several processes can
//! serve one PostgreSQL behind a load balancer.

mod account_admin;
mod api;
mod app;
mod assets;
mod audit_checkpoints;
mod audit_query;
mod auth;
mod authz;
mod clock;
mod config;
pub mod demo;
mod error;
mod files;
mod health;
mod i18n;
pub mod ledger;
mod middleware;
mod notices;
mod pages;
mod roster;
mod routes;
mod state;
mod tasks;
mod time_fmt;

pub use app::{Application, route_table};
pub use auth::password_gen::generate_for as generate_password;
pub use auth::password_hash::hash as hash_password;
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::Config;
pub use i18n::catalog_keys;
pub use time_fmt::{Zone, rfc3339};
