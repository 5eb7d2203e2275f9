//! 停用 / 启用: a disabled account cannot log in, and disabling it ends every session it has.
//! Doing either to an account already in that state changes nothing and records nothing.

use super::problems;
use super::target::{self, Need};
use crate::Actor;
use crate::App;
use crate::error::Result;
use store::sessions::{self, EndReason};

/// Disables (`true`) or enables (`false`) the account; answers whether anything changed.
pub async fn set_disabled(
    state: &App,
    user: &Actor,
    account_id: i64,
    disabled: bool,
) -> Result<bool> {
    // Disabling oneself would lock the door from outside with nobody left to open it.
    if account_id == user.account.id {
        return Err(problems::own_account("accounts.cannot_disable_self"));
    }
    let target = target::load(state, user, account_id, Need::Manage).await?;
    let mut w = state.write(user).await?;
    if !store::accounts::set_disabled(&mut w.tx, account_id, disabled).await? {
        return Ok(false);
    }
    let (action, detail) = if disabled {
        let ended =
            sessions::end_all_except(&mut w.tx, account_id, None, EndReason::Ended, w.now).await?;
        (
            "account.disable",
            format!(
                "{} ({}), {ended} sessions ended",
                account_id, target.summary.username
            ),
        )
    } else {
        (
            "account.enable",
            format!("{} ({})", account_id, target.summary.username),
        )
    };
    w.commit(action, ("account", account_id), target.org_id(), detail)
        .await?;
    Ok(true)
}
