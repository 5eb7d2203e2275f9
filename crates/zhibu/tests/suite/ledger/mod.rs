//! 台账: roster import (API, page, CLI) and the org and roster ledger exports, end to end.

mod browser;
mod cli;
mod export;
pub(crate) mod files;
mod import_api;
mod import_page;
mod roster_list;
