//! PostgreSQL's copy: `pg_dump --format=custom` (one consistent snapshot) and `pg_restore`.
//! The password, if the URL holds one, goes to the tools by `PGPASSWORD`, never on their
//! command line where `ps` would show it.

use anyhow::{Context, bail};
use std::path::Path;
use std::process::Command;

/// The URL without its password, and the password.
fn split_password(url: &str) -> (String, Option<String>) {
    if let (Some(scheme_end), Some(at)) = (url.find("://"), url.rfind('@'))
        && at > scheme_end
    {
        let userinfo = &url[scheme_end + 3..at];
        if let Some(colon) = userinfo.find(':') {
            let bare = format!(
                "{}{}{}",
                &url[..scheme_end + 3],
                &userinfo[..colon],
                &url[at..]
            );
            return (bare, Some(userinfo[colon + 1..].to_owned()));
        }
    }
    (url.to_owned(), None)
}

fn tool(program: &str, args: &[&str], url: &str) -> anyhow::Result<()> {
    let (bare, password) = split_password(url);
    let mut command = Command::new(program);
    command.args(args).arg(format!("--dbname={bare}"));
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let out = match command.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{program} is not installed: install the PostgreSQL client tools (the same major \
             version as the server) or follow the manual procedure in docs/OPERATIONS.md"
        ),
        Err(e) => return Err(e).with_context(|| format!("running {program}")),
    };
    if !out.status.success() {
        bail!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// `pg_dump` of the database at `url` into `file`.
pub async fn dump(url: &str, file: &Path) -> anyhow::Result<()> {
    let (url, file) = (url.to_owned(), file.to_string_lossy().into_owned());
    tokio::task::spawn_blocking(move || {
        tool(
            "pg_dump",
            &["--format=custom", "--no-owner", "--file", &file],
            &url,
        )
    })
    .await
    .context("pg_dump's thread")?
}

/// `pg_restore` of `file` into the database at `url`, replacing what it holds, in one
/// transaction.
pub async fn restore(url: &str, file: &Path) -> anyhow::Result<()> {
    let (url, file) = (url.to_owned(), file.to_string_lossy().into_owned());
    tokio::task::spawn_blocking(move || {
        tool(
            "pg_restore",
            &[
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                &file,
            ],
            &url,
        )
    })
    .await
    .context("pg_restore's thread")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://zhibu:s3cr:et@db:5432/zhibu"),
            (
                "postgres://zhibu@db:5432/zhibu".to_owned(),
                Some("s3cr:et".to_owned())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/x"),
            ("postgres://postgres@127.0.0.1/x".to_owned(), None)
        );
    }
}
