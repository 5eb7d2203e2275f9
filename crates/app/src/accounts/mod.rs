//! 账号管理: creating accounts, resetting their passwords, disabling and enabling them,
//! granting and revoking roles. Shared by the pages and the API, so each rule lives once:
//! every function authorises (through `domain::account_policy` and `crate::authz`), loads,
//! applies the rule and writes in one transaction with its audit event.

pub mod create;
pub mod detail;
pub mod grants;
pub mod list;
pub mod password;
pub mod problems;
pub mod status;
pub mod target;
