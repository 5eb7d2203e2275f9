//! Branch life on record (活动 / 会议记录): activities planned and recorded with every version
//! kept, attendance, photos and files, the 三会一课 ledger, the committee's board and a
//! member's own page.

pub mod access;
pub mod attendance;
pub mod board;
pub mod board_remind;
pub mod calendar;
pub mod kinds;
pub mod ledger;
pub mod ledger_export;
pub mod listing;
pub mod media;
pub mod mine;
pub mod mine_calendar;
pub mod photo_image;
pub mod problems;
pub mod records;
pub mod scope;

pub use problems::Refused;
