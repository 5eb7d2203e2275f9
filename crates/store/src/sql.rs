//! Building a statement whose shape depends on its input (a list of subtrees, a set of
//! states) with every value bound, never spliced into the text.
//!
//! `sqlx::QueryBuilder` cannot serve here: over the `Any` driver it writes `?` placeholders,
//! which PostgreSQL refuses. [`Sql`] writes `$1, $2 …` in the order values are pushed, which
//! both backends read.

use crate::orgs::subtree_range;
use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use std::fmt::Write;

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

/// A statement's text and its values, placeholders numbered as values are pushed.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_owned(),
            values: Vec::new(),
        }
    }

    /// Appends SQL text (never a value: values go through the `bind` methods).
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    fn placeholder(&mut self, value: Value) -> &mut Sql {
        self.values.push(value);
        // Writing to a String cannot fail.
        let _ = write!(self.text, "${}", self.values.len());
        self
    }

    pub fn bind_int(&mut self, value: i64) -> &mut Sql {
        self.placeholder(Value::Int(value))
    }

    pub fn bind_text(&mut self, value: impl Into<String>) -> &mut Sql {
        self.placeholder(Value::Text(value.into()))
    }

    /// `(col >= $a AND col < $b OR …)`: `column` lies in one of the subtrees at `roots`.
    pub fn subtree(&mut self, column: &str, roots: &[String]) -> &mut Sql {
        self.push("(");
        for (i, root) in roots.iter().enumerate() {
            if i > 0 {
                self.push(" OR ");
            }
            let (lo, hi) = subtree_range(root);
            self.push(&format!("({column} >= "))
                .bind_text(lo)
                .push(&format!(" AND {column} < "))
                .bind_text(hi)
                .push(")");
        }
        self.push(")")
    }

    /// `col IN ($a, $b …)` over text values; `values` must not be empty.
    pub fn in_texts<'v>(
        &mut self,
        column: &str,
        values: impl IntoIterator<Item = &'v str>,
    ) -> &mut Sql {
        self.push(&format!("{column} IN ("));
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind_text(v);
        }
        self.push(")")
    }

    /// `col IN ($a, $b …)` over integers; `values` must not be empty.
    pub fn in_ints(&mut self, column: &str, values: &[i64]) -> &mut Sql {
        self.push(&format!("{column} IN ("));
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind_int(*v);
        }
        self.push(")")
    }

    /// The statement, ready to run.
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for v in &self.values {
            q = match v {
                Value::Int(i) => q.bind(*i),
                Value::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_pushed() {
        let mut sql = Sql::new("SELECT 1 FROM orgs o WHERE ");
        sql.subtree("o.path", &["/1/".to_owned(), "/1/7/".to_owned()])
            .push(" AND ")
            .in_texts("o.status", ["open", "it's"])
            .push(" LIMIT ")
            .bind_int(5);
        assert_eq!(
            sql.text,
            "SELECT 1 FROM orgs o WHERE ((o.path >= $1 AND o.path < $2) OR \
             (o.path >= $3 AND o.path < $4)) AND o.status IN ($5, $6) LIMIT $7"
        );
        assert_eq!(sql.values.len(), 7);
        // A quote stays a value: nothing is spliced into the text.
        assert!(matches!(&sql.values[5], Value::Text(s) if s == "it's"));
    }
}
