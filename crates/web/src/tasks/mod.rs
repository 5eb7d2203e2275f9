//! 任务 and 报送 in the web tier: the spreadsheet of the supervision board, the 通报 text,
//! how the rules' refusals are answered, and the files attached to reports. The rules
//! themselves live in `app::tasks`.

pub mod board_ledger;
pub mod late_notice;
pub mod refusals;
pub mod report_files;
