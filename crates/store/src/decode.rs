//! Reading a stored state back as its Rust enum: an unknown value in the database is an
//! error naming the column and the value, never a silent default.

use crate::error::{Result, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The enum in column `col` of `r`, read with `parse`.
pub(crate) fn state<T>(r: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    let s: String = r.try_get(col)?;
    parse(&s).ok_or_else(|| StoreError::Invalid(format!("unknown {col} {s:?} in the database")))
}
