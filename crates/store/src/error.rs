//! The store's one error type.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique or foreign-key constraint refused the write; `constraint` names it when the
    /// database says which.
    #[error("the write conflicts with existing data ({constraint})")]
    Conflict { constraint: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Turns a unique-constraint violation into `StoreError::Conflict`; other errors pass through.
/// Write functions call this so handlers can answer 409 without matching on driver messages.
pub(crate) fn on_constraint(err: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &err
        && (db.is_unique_violation() || db.is_foreign_key_violation())
    {
        return StoreError::Conflict {
            constraint: db.constraint().unwrap_or(db.message()).to_owned(),
        };
    }
    StoreError::Database(err)
}
