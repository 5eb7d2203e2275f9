//! How long audit events are kept: an option shared by `serve` (the audit page states it) and
//! `audit prune` (which applies it), read from the same variable so they cannot disagree.

use clap::Args;
use domain::AuditRetention;

#[derive(Args, Debug, Clone)]
pub struct RetentionArgs {
    /// Days audit events are kept before `zhibu audit prune` may remove them; at least 180.
    #[arg(
        long = "audit-retention-days",
        env = "ZHIBU_AUDIT_RETENTION_DAYS",
        value_name = "DAYS",
        default_value = "180",
        value_parser = parse_retention
    )]
    pub audit_retention: AuditRetention,
}

fn parse_retention(s: &str) -> Result<AuditRetention, String> {
    AuditRetention::parse(s)
        .map_err(|problem| format!("ZHIBU_AUDIT_RETENTION_DAYS / --audit-retention-days {problem}"))
}
