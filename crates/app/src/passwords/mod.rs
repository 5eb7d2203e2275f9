//! Passwords: hashing what people type, and generating the ones handed out.

pub mod generate;
pub mod hash;

pub use generate::{generate, generate_for};
