//! The store's one error type.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique or foreign-key constraint refused the write.
    #[error("the write conflicts with existing data ({0:?})")]
    Conflict(Conflict),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which rule of the schema a write broke: named here, in the one place that reads the
/// database's own words, so nothing above ever passes them on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// An account with that username exists.
    Username,
    /// Another row holds the same unique value.
    Duplicate,
    /// The row refers to one that does not exist (a foreign key).
    MissingReference,
}

impl Conflict {
    /// The stable code a client sees.
    pub fn code(self) -> &'static str {
        match self {
            Conflict::Username => "username_taken",
            Conflict::Duplicate => "duplicate",
            Conflict::MissingReference => "missing_reference",
        }
    }
}

/// Turns a unique or foreign-key violation into `StoreError::Conflict`; other errors pass
/// through. Write functions call this so handlers can answer 409 without matching on driver
/// messages.
pub(crate) fn on_constraint(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_foreign_key_violation() {
            return StoreError::Conflict(Conflict::MissingReference);
        }
        if db.is_unique_violation() {
            // PostgreSQL names the constraint (`accounts_username_key`); SQLite only says
            // `UNIQUE constraint failed: accounts.username`.
            let said = db.constraint().unwrap_or(db.message());
            return StoreError::Conflict(if said.contains("username") {
                Conflict::Username
            } else {
                Conflict::Duplicate
            });
        }
    }
    StoreError::Database(err)
}
