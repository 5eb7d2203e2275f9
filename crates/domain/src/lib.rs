//! zhibu's domain: the types, rules and state machines of the product.
//!
//! Pure by design: no IO, no async, no SQL. Every value that enters from outside becomes one of
//! these types through a `parse` function, so code holding one knows it is valid.

pub mod access;
pub mod account_policy;
pub mod activity;
pub mod activity_content;
pub mod activity_standing;
pub mod audit_retention;
pub mod campaign;
pub mod campaign_progress;
pub mod campaign_study;
pub mod drafts;
pub mod form;
pub mod locale;
pub mod login_policy;
pub mod member;
pub mod natural;
pub mod notice;
pub mod notice_signoff;
pub mod org;
pub mod password;
pub mod problem;
pub mod reminder;
pub mod reminder_ladder;
pub mod role;
pub mod session_policy;
pub mod submission;
pub mod supervision;
pub mod task;
pub mod text;
pub mod time;
pub mod username;

pub use audit_retention::AuditRetention;
pub use locale::Locale;
pub use org::OrgKind;
pub use password::{NewPassword, PasswordProblem};
pub use problem::Problem;
pub use role::Role;
pub use time::Timestamp;
pub use username::Username;
