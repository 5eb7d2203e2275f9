//! The command line and its settings, run as the real binary.

use crate::helpers::run_zhibu as zhibu;
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_bad_listen_address_names_the_setting() {
    let o = zhibu(&["serve", "--listen", "not-an-address"], &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("ZHIBU_LISTEN"), "{}", stderr(&o));

    let o = zhibu(&["serve"], &[("ZHIBU_LISTEN", "localhost")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("ZHIBU_LISTEN"), "{}", stderr(&o));
}

#[test]
fn a_bad_database_url_names_the_setting_and_hides_the_password() {
    let o = zhibu(
        &["migrate"],
        &[("ZHIBU_DATABASE_URL", "mysql://root:hunter2@db/zhibu")],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("ZHIBU_DATABASE_URL"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_bad_time_zone_names_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let o = zhibu(
        &["serve", "--data", data, "--listen", "127.0.0.1:0"],
        &[("ZHIBU_TIME_ZONE", "Mars/Olympus")],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("ZHIBU_TIME_ZONE"), "{}", stderr(&o));
}

#[test]
fn a_bad_session_limit_names_the_setting() {
    let o = zhibu(&["serve"], &[("ZHIBU_SESSION_IDLE_MINUTES", "0")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("session-idle-minutes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_data_directory_that_cannot_be_made_names_the_setting() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let inside_a_file = file.path().join("data");
    let o = zhibu(&["migrate", "--data", inside_a_file.to_str().unwrap()], &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("ZHIBU_DATA"), "{}", stderr(&o));
}

#[test]
fn migrate_creates_the_database_and_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    for _ in 0..2 {
        let o = zhibu(&["migrate"], &[("ZHIBU_DATA", data.to_str().unwrap())]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(data.join("zhibu.db").exists());
}

#[test]
fn version_prints_the_version() {
    let o = zhibu(&["version"], &[]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("zhibu {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn setup_creates_the_root_committee_and_first_accounts_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let args = [
        "setup",
        "--data",
        data,
        "--committee",
        "中共示例市委员会",
        "--admin",
        "dangwu",
        "--audit-admin",
        "shenji",
    ];
    let o = zhibu(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("dangwu") && out.contains("committee_admin") && out.contains("audit_admin"),
        "{out}"
    );
    assert!(out.contains("initial password: "));
    // Never twice: the database is no longer empty.
    let o = zhibu(&args, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("empty database"), "{}", stderr(&o));
    // The same person cannot hold two roles here.
    let other = tempfile::tempdir().unwrap();
    let o = zhibu(
        &[
            "setup",
            "--data",
            other.path().to_str().unwrap(),
            "--committee",
            "x",
            "--admin",
            "same",
            "--audit-admin",
            "same",
        ],
        &[],
    );
    assert!(!o.status.success());
}
