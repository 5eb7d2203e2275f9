//! STUB of the `media` branch's module (same signatures), reverted when `media` is merged.

/// A photo made fit to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

/// Why an upload is not taken as a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoProblem {
    TooLarge { limit_mb: u64 },
    NotAPhoto,
}

impl domain::Problem for PhotoProblem {
    fn code(&self) -> &'static str {
        match self {
            PhotoProblem::TooLarge { .. } => "photo_too_large",
            PhotoProblem::NotAPhoto => "photo_not_a_photo",
        }
    }
    fn message_key(&self) -> &'static str {
        match self {
            PhotoProblem::TooLarge { .. } => "activity.photo.too_large",
            PhotoProblem::NotAPhoto => "activity.photo.not_a_photo",
        }
    }
}

/// Stub: a JPEG passes through unchanged.
pub fn process(bytes: &[u8], limit_bytes: u64) -> Result<Processed, PhotoProblem> {
    if bytes.len() as u64 > limit_bytes {
        return Err(PhotoProblem::TooLarge { limit_mb: 1 });
    }
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return Err(PhotoProblem::NotAPhoto);
    }
    Ok(Processed {
        full: bytes.to_vec(),
        thumb: bytes.to_vec(),
        width: 1,
        height: 1,
        thumb_width: 1,
        thumb_height: 1,
    })
}
