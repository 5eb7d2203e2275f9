//! 主题学习活动: study campaigns run by a committee — their materials, the branches taking part,
//! the activities that study them, members' self-study and reflections, 先学领学, the
//! committee's dashboard, a branch's to-do list and the report that fills itself.

pub mod access;
pub mod branch_view;
#[allow(clippy::module_inception)]
pub mod campaigns;
pub mod dashboard;
pub mod dashboard_export;
pub mod figures;
pub mod from_notice;
pub mod kept;
pub mod materials;
pub mod problems;
pub mod reflection_reads;
pub mod reflections;
pub mod report;
mod report_values;
pub mod sessions;
pub mod study;
pub mod study_progress;
pub mod todo;

pub use problems::Refused;
