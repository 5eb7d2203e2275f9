//! zhibu's integration suite: every test starts the real server on a fresh database.
//! One binary for all modules keeps link time down.

mod helpers;

mod accounts;
mod api;
mod api_fuzz;
mod audit;
mod audit_anchor;
mod authz_matrix;
mod browser;
mod catalogue;
mod csrf;
mod demo;
mod layers;
mod ledger;
mod lockout;
mod login;
mod login_guard;
mod logout;
mod names;
mod notice_official;
mod notices;
mod notices_api;
mod pages;
mod roster;
mod roster_api;
mod sessions;
mod settings;
mod task_pages;
mod tasks_api;
mod tasks_browser;
