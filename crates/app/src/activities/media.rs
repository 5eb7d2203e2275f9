//! An activity's photos and files, once the web tier has stored their bytes: recorded with
//! their audit event, removed as a state. A confirmed or cancelled record takes no new ones.

use super::access;
use super::problems::Refused;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::activity::ActivityChange;
use store::activities::Activity;
use store::activity_media::{self, NewPhoto};

type Answer<T> = Result<std::result::Result<T, Refused>>;

/// A stored content: its hash, size and type.
#[derive(Debug, Clone)]
pub struct Stored {
    pub hash: String,
    pub size: i64,
    pub content_type: String,
}

/// A processed photo whose two files are on disk.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    pub full: Stored,
    pub thumb: Stored,
    pub width: i64,
    pub height: i64,
    pub caption: String,
}

/// Loads activity `id` for adding or removing media: recordable and still open.
pub async fn open_for_media(app: &App, actor: &Actor, id: i64) -> Answer<Activity> {
    let a = access::recordable(app, actor, id).await?;
    Ok(a.state
        .after(ActivityChange::Edit)
        .map(|_| a)
        .map_err(Refused::from))
}

/// Keeps a photo of activity `id`.
pub async fn add_photo(app: &App, actor: &Actor, id: i64, p: StoredPhoto) -> Answer<i64> {
    let a = match open_for_media(app, actor, id).await? {
        Ok(a) => a,
        Err(r) => return Ok(Err(r)),
    };
    let mut w = app.write(actor).await?;
    for f in [&p.full, &p.thumb] {
        store::files::record(&mut w.tx, &f.hash, f.size, &f.content_type, w.now).await?;
    }
    let caption: String = p
        .caption
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let new = NewPhoto {
        activity_id: id,
        file_hash: &p.full.hash,
        thumb_hash: &p.thumb.hash,
        width: p.width,
        height: p.height,
        caption: &caption,
    };
    let photo = activity_media::add_photo(&mut w.tx, new, actor.account.id, w.now).await?;
    w.commit(
        "activity.photo",
        ("activity", id),
        a.org_id,
        format!("photo {photo}"),
    )
    .await?;
    Ok(Ok(photo))
}

/// Keeps a file attached to activity `id` under `name`.
pub async fn add_file(app: &App, actor: &Actor, id: i64, f: Stored, name: &str) -> Answer<i64> {
    let a = match open_for_media(app, actor, id).await? {
        Ok(a) => a,
        Err(r) => return Ok(Err(r)),
    };
    let mut w = app.write(actor).await?;
    store::files::record(&mut w.tx, &f.hash, f.size, &f.content_type, w.now).await?;
    let file =
        activity_media::add_file(&mut w.tx, id, &f.hash, name, actor.account.id, w.now).await?;
    w.commit(
        "activity.file",
        ("activity", id),
        a.org_id,
        format!("file {file} {name}"),
    )
    .await?;
    Ok(Ok(file))
}

/// What is removed.
#[derive(Debug, Clone, Copy)]
pub enum Item {
    Photo(i64),
    File(i64),
}

/// Removes a photo or file from view (kept in the database and on disk).
pub async fn remove(app: &App, actor: &Actor, id: i64, item: Item) -> Answer<()> {
    let a = match open_for_media(app, actor, id).await? {
        Ok(a) => a,
        Err(r) => return Ok(Err(r)),
    };
    let mut w = app.write(actor).await?;
    let (done, detail) = match item {
        Item::Photo(p) => (
            activity_media::remove_photo(&mut w.tx, id, p, actor.account.id, w.now).await?,
            format!("photo {p}"),
        ),
        Item::File(f) => (
            activity_media::remove_file(&mut w.tx, id, f, actor.account.id, w.now).await?,
            format!("file {f}"),
        ),
    };
    if !done {
        return Err(Error::not_found());
    }
    w.commit("activity.remove_media", ("activity", id), a.org_id, detail)
        .await?;
    Ok(Ok(()))
}

/// The photos and files shown on activity `a` (already authorised).
pub async fn of(
    app: &App,
    a: &Activity,
) -> Result<(
    Vec<activity_media::Photo>,
    Vec<activity_media::ActivityFile>,
)> {
    let db = app.db.read();
    Ok((
        activity_media::photos(db, a.id).await?,
        activity_media::files(db, a.id).await?,
    ))
}
