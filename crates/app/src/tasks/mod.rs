//! Tasks (任务): the rules of drafting, publishing and closing them, their report forms and
//! submissions, the supervision board's figures, and the background job that opens periods.

pub mod board;
pub mod input;
pub mod jobs;
pub mod listing;
pub mod prefill;
pub mod record_links;
pub mod reports;
pub mod rules;
