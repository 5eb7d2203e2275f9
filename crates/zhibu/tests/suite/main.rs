//! zhibu's integration suite: every test starts the real server on a fresh database.
//! One binary for all modules keeps link time down.

// The helpers outside `#[test]` functions unwrap too: a broken step fails the test at its line.
#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly where a step breaks"
)]

mod helpers;

mod accounts;
mod activities_api;
mod activity_browser;
mod activity_pages;
mod activity_views;
mod activity_views_browser;
mod api;
mod api_fuzz;
mod audit;
mod audit_anchor;
mod audit_views;
mod authz_matrix;
mod backup;
mod browser;
mod campaign_dashboard;
mod campaign_pages;
mod campaign_report;
mod campaign_study;
mod campaign_study_browser;
mod campaign_support;
mod campaigns_api;
mod catalogue;
mod channels;
mod crash;
mod csrf;
mod demo;
mod forms_browser;
mod layers;
mod ledger;
mod lockout;
mod login;
mod login_guard;
mod logout;
mod names;
mod notice_list;
mod notice_official;
mod notice_safety;
mod notice_signoff;
mod notices;
mod notices_api;
mod page_walk;
mod pages;
mod reminders_browser;
mod roster;
mod roster_api;
mod sessions;
mod settings;
mod sinks;
mod task_pages;
mod tasks_api;
mod tasks_api_support;
mod tasks_browser;
