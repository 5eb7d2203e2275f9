//! zhibu's web tier: server-rendered pages, the JSON API under `/api/v1`, sessions, CSRF,
//! languages and embedded assets. Stateless apart from the database, so several processes can
//! serve one PostgreSQL behind a load balancer.

pub(crate) mod api;
mod assets;
mod audit_actions;
mod audit_checkpoints;
mod audit_query;
mod audit_sentence;
mod auth;
mod config;
mod error;
mod files;
mod health;
mod i18n;
pub mod ledger;
pub(crate) mod links;
mod lists;
pub mod markup;
mod middleware;
mod notices;
mod pages;
mod roster;
mod routes;
mod server;
mod state;
mod tasks;

pub use config::Config;
pub use i18n::catalog_keys;
pub use server::{Application, route_table};
