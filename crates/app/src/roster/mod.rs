//! The rules of the org tree and the roster, shared by the pages, the API and the importer:
//! each function authorises, loads, applies the domain rule, writes in one transaction with
//! its audit event.

pub mod listing;
pub mod members;
pub mod orgs;
