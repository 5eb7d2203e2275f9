//! 任务 and 报送: the reporting loop's rules, shared by pages and API — writing and assigning
//! tasks, opening their periods, filling in and handing in reports, reviewing them (审核), and
//! the supervision board (督办) that shows who has done what.

pub mod board;
pub mod board_ledger;
pub mod input;
pub mod jobs;
pub mod refusals;
pub mod report_files;
pub mod reports;
pub mod rules;
