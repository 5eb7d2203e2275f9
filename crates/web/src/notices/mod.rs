//! 通知 in the web tier: attachments, the 签收 spreadsheet and how the rules' refusals are
//! answered. The rules themselves live in `app::notices`.

pub mod attachments;
pub mod receipts_ledger;
pub mod refusals;
