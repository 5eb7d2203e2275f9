//! 附件: files people upload — kept on disk by content hash, limited in size, accepted only
//! when their bytes say they are a document, an image or plain text, and always served as a
//! download, never shown inline.
//!
//! The database records which notice holds which file (`store::files`); this module holds the
//! bytes: [`blobs`] on disk, [`receive`] from a multipart upload, [`sniff`] for the kind,
//! [`accept`] putting those together for a route, [`serve`] as a download, [`stream`] read in
//! pieces as the client takes them.

pub mod accept;
pub mod blobs;
pub mod photos;
pub mod receive;
pub mod serve;
pub mod sniff;
pub mod stream;

pub use blobs::FileStore;

/// The upload limit when none is configured: 50 MB.
pub const DEFAULT_LIMIT_MB: u64 = 50;
/// The largest upload limit that can be configured: 1 GB.
pub const MAX_LIMIT_MB: u64 = 1024;
/// The body limit of an upload route: the largest configurable file and the form around it.
/// The configured limit is enforced while the file streams in.
pub const BODY_LIMIT: usize = (MAX_LIMIT_MB * 1024 * 1024) as usize + 64 * 1024;

/// `name` as sent by a browser, fit to store and to offer back: the last path component,
/// without characters file systems refuse, at most 200 characters (the extension kept).
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let safe = crate::ledger::download::file_safe(base);
    let safe = safe.trim().trim_start_matches('.').trim();
    if safe.chars().count() <= 200 {
        return safe.to_owned();
    }
    let (stem, ext) = match safe.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 10 => (stem, format!(".{ext}")),
        _ => (safe, String::new()),
    };
    let stem: String = stem.chars().take(200 - ext.chars().count()).collect();
    format!("{stem}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_paths_and_forbidden_characters() {
        assert_eq!(
            clean_name("C:\\Users\\党务\\通知:附件1.pdf"),
            "通知附件1.pdf"
        );
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name(" ..hidden "), "hidden");
        let long = format!("{}.docx", "长".repeat(300));
        let cut = clean_name(&long);
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with(".docx"));
    }
}
