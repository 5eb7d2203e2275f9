//! Argon2id password hashes with OWASP's parameters (19 MiB, 2 iterations, 1 lane).
//!
//! Hashing takes tens of milliseconds on purpose, so it runs on the blocking pool, never on an
//! async worker.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// A hash of nothing anyone knows: verifying against it when the username does not exist makes
/// an unknown name cost the same time as a wrong password, so timing does not reveal accounts.
static DECOY: LazyLock<String> = LazyLock::new(|| {
    let mut secret = [0u8; 16];
    let _ = getrandom::fill(&mut secret);
    hash_now(&format!("{secret:?}")).expect("hashing the decoy")
});

/// Whether `password` matches `stored`; `None` verifies against the decoy and answers false.
pub async fn verify(stored: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let stored = stored.unwrap_or_else(|| DECOY.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && real
    })
    .await
    .unwrap_or(false)
}
