//! 台账 over HTTP: who may import or export, the upload, the download. The readers, checks,
//! importer and workbooks themselves are `app::ledger`.

pub(crate) mod deliver;
pub(crate) mod download;
pub(crate) mod exports;
pub(crate) mod import_http;
pub(crate) mod upload;

pub use app::ledger::*;
