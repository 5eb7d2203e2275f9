//! A photo of an activity as the pages and the API keep it: processed off the async threads
//! (upright, scaled, re-encoded without EXIF) and both JPEGs kept by content hash.

use super::FileStore;
use crate::error::Result;
use anyhow::Context;
use app::activities::media::{Stored, StoredPhoto};
use app::activities::photo_image::{self, PhotoProblem};

/// Processes `bytes` (at most `limit` long, else refused) and keeps the photo and its
/// thumbnail; the inner error is the photo's own fault, for the person who sent it.
pub async fn process_and_keep(
    files: &FileStore,
    bytes: Vec<u8>,
    caption: String,
) -> Result<std::result::Result<StoredPhoto, PhotoProblem>> {
    let limit = files.limit();
    let processed = tokio::task::spawn_blocking(move || photo_image::process(&bytes, limit))
        .await
        .context("processing a photo")?;
    let p = match processed {
        Ok(p) => p,
        Err(problem) => return Ok(Err(problem)),
    };
    let (full, thumb) = (keep(files, p.full).await?, keep(files, p.thumb).await?);
    Ok(Ok(StoredPhoto {
        full,
        thumb,
        width: i64::from(p.width),
        height: i64::from(p.height),
        caption,
    }))
}

/// Keeps a JPEG made here by its content hash.
async fn keep(files: &FileStore, bytes: Vec<u8>) -> Result<Stored> {
    let size = bytes.len() as i64;
    let files = files.clone();
    let hash = tokio::task::spawn_blocking(move || files.keep_bytes(&bytes))
        .await
        .context("keeping a photo")?
        .context("keeping a photo")?;
    Ok(Stored {
        hash,
        size,
        content_type: "image/jpeg".to_owned(),
    })
}
