//! Languages in the web tier: the message catalogue's translator `T` (an extractor here) and
//! which language a request is answered in.

pub mod negotiate;

pub use catalogue::{T, catalog_keys};
pub use negotiate::negotiate;
