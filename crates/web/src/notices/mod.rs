//! 通知: the rules of notices, shared by pages and API — composing a notice from a document,
//! its revisions, publishing to recipients, withdrawal, opening and signing (签收).

pub mod attachments;
pub mod compose;
pub mod receipts_ledger;
pub mod refusals;
pub mod rules;
pub mod view;
