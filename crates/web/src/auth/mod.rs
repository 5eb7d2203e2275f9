//! Who is asking: password hashing (and how many run at once), session secrets, the login procedure and the extractors
//! handlers use to demand a logged-in account.

pub mod client;
pub mod cookies;
pub mod current;
pub mod hash_gate;
pub mod login;
pub mod logout;
pub mod password_change;
pub mod token;

pub use client::Client;
pub use current::{AnyUser, CurrentUser, MaybeUser};
