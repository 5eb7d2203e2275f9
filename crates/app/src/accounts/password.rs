//! 重置密码: an administrator gives an account a new temporary password, shown once. The
//! account must change it at its next login, and every session it had ends, so whoever held
//! the old password is out. The system administrator resets only accounts without business
//! powers: a member's or a committee user's password is reset by its organisation's
//! administrator, who already holds every power the account has (三员分立; see
//! `domain::account_policy::may_reset_password`), or at the server.

use super::problems;
use super::target::{self, Need};
use crate::Actor;
use crate::App;
use crate::error::Result;
use crate::passwords::{generate as password_gen, hash as password_hash};
use domain::NewPassword;
use store::sessions::{self, EndReason};

pub async fn reset(state: &App, user: &Actor, account_id: i64) -> Result<NewPassword> {
    if account_id == user.account.id {
        return Err(problems::own_account("accounts.cannot_reset_self"));
    }
    let target = target::load(state, user, account_id, Need::ResetPassword).await?;
    let password = password_gen::generate_for(&target.summary.username);
    let hash = password_hash::hash(password.expose().to_owned()).await?;
    let mut w = state.write(user).await?;
    store::accounts::reset_password(&mut w.tx, account_id, &hash, w.now).await?;
    let ended = sessions::end_all_except(
        &mut w.tx,
        account_id,
        None,
        EndReason::PasswordChanged,
        w.now,
    )
    .await?;
    w.commit(
        "account.reset_password",
        ("account", account_id),
        target.org_id(),
        format!(
            "{} ({}), {ended} sessions ended",
            account_id, target.summary.username
        ),
    )
    .await?;
    Ok(password)
}
