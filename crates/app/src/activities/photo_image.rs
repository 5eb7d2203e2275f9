//! A photo of a branch activity, as it arrives from a phone, made fit to keep and to show.
//!
//! Phones send large JPEGs (or PNG screenshots) that carry where and with what they were taken:
//! EXIF with GPS coordinates, maker notes, XMP, ICC profiles. A record of a meeting must not
//! publish where members live or gathered, so the photo is decoded and encoded afresh: only the
//! pixels survive, turned upright by the EXIF orientation first (phones store portraits on their
//! side and rely on that tag, which the re-encoding drops). Two sizes come out: one to view
//! ([`FULL_EDGE`]) and one for lists ([`THUMB_EDGE`]).
//!
//! The bytes are hostile until proven otherwise: the size is refused before anything is read,
//! the format is told from the bytes (never the file name), and the declared dimensions are
//! checked before a single pixel is decoded, so a small file that inflates to gigabytes (a
//! decompression bomb) is refused without the memory being asked for.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage,
    metadata::Orientation,
};
use std::io::Cursor;

/// The long edge of the stored photo, in pixels: sharp on a laptop, a few hundred KB.
pub const FULL_EDGE: u32 = 1600;
/// The long edge of the thumbnail shown in lists.
pub const THUMB_EDGE: u32 = 400;
/// The most pixels a photo may declare. Phone cameras stay well below (a 50 MP sensor is the
/// top of the range); anything above is refused before decoding.
pub const MAX_PIXELS: u64 = 50_000_000;

/// What the decoder may hold at once: a photo at [`MAX_PIXELS`] in 8-bit RGBA. A 16-bit PNG
/// that large is refused rather than given twice the memory.
const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 4;
/// JPEG quality of both outputs: indistinguishable from the original at these sizes.
const JPEG_QUALITY: u8 = 82;
/// Resampling filter: Triangle (bilinear, widened when shrinking) is smooth enough for photos
/// and several times faster than Lanczos on a 12 MP original.
const FILTER: FilterType = FilterType::Triangle;

/// A photo made fit to keep: both sizes are baseline JPEGs carrying no metadata at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The photo, upright, long edge at most [`FULL_EDGE`].
    pub full: Vec<u8>,
    /// The thumbnail, long edge at most [`THUMB_EDGE`].
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

/// Why an upload is not taken as a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoProblem {
    /// The file is larger than the deployment allows (in whole MB, rounded up).
    TooLarge { limit_mb: u64 },
    /// Neither a JPEG nor a PNG.
    NotAPhoto,
    /// An iPhone's (or Android's) HEIC/HEIF — its own message, because the fix is a phone
    /// setting: Camera → Formats → "Most Compatible", or sharing as JPEG.
    Heic,
    /// The photo declares more than [`MAX_PIXELS`] (or would need more memory than allowed).
    TooManyPixels,
    /// A JPEG or PNG that cannot be decoded: cut short or corrupt.
    Damaged,
}

impl domain::Problem for PhotoProblem {
    fn code(&self) -> &'static str {
        match self {
            PhotoProblem::TooLarge { .. } => "photo_too_large",
            PhotoProblem::NotAPhoto => "photo_not_a_photo",
            PhotoProblem::Heic => "photo_heic",
            PhotoProblem::TooManyPixels => "photo_too_many_pixels",
            PhotoProblem::Damaged => "photo_damaged",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            PhotoProblem::TooLarge { .. } => "activity.photo.too_large",
            PhotoProblem::NotAPhoto => "activity.photo.not_a_photo",
            PhotoProblem::Heic => "activity.photo.heic",
            PhotoProblem::TooManyPixels => "activity.photo.too_many_pixels",
            PhotoProblem::Damaged => "activity.photo.damaged",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PhotoProblem::TooLarge { limit_mb } => vec![("limit", limit_mb.to_string())],
            _ => Vec::new(),
        }
    }
}

/// Takes an uploaded photo of at most `limit_bytes` and answers it upright, scaled and stripped
/// of every metadata segment (EXIF, GPS, XMP, ICC), in two sizes.
///
/// CPU-bound for up to a second on a large photo in release builds: call it from
/// `spawn_blocking`, not on the async executor.
pub fn process(bytes: &[u8], limit_bytes: u64) -> Result<Processed, PhotoProblem> {
    if bytes.len() as u64 > limit_bytes {
        return Err(PhotoProblem::TooLarge {
            limit_mb: limit_bytes.div_ceil(1024 * 1024),
        });
    }
    let format = sniff(bytes)?;
    let upright = decode_upright(bytes, format)?;
    let rgb = flatten(upright);

    let (width, height) = fit(rgb.width(), rgb.height(), FULL_EDGE);
    let full_image = scale(rgb, width, height);
    // The thumbnail comes from the scaled photo: the same look, a fraction of the work.
    let (thumb_width, thumb_height) = fit(width, height, THUMB_EDGE);
    let thumb_image = scale(full_image.clone(), thumb_width, thumb_height);

    Ok(Processed {
        full: encode(&full_image)?,
        thumb: encode(&thumb_image)?,
        width,
        height,
        thumb_width,
        thumb_height,
    })
}

/// Tells the format from the first bytes; the name and the browser's content type are only
/// claims.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, PhotoProblem> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(ImageFormat::Png)
    } else if is_heif(bytes) {
        Err(PhotoProblem::Heic)
    } else {
        Err(PhotoProblem::NotAPhoto)
    }
}

/// An ISO media file whose `ftyp` box names a HEIF brand (HEIC from iPhones, AVIF from some
/// Android phones — the same container and the same phone setting). Other `ftyp` files, such as
/// a Live Photo's video, are simply not photos.
fn is_heif(bytes: &[u8]) -> bool {
    const BRANDS: [&[u8; 4]; 13] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
        b"mif2", b"avif", b"avis",
    ];
    if bytes.len() < 12 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let declared = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let end = declared.clamp(12, bytes.len());
    // The major brand, then (after the minor version) the compatible brands.
    let major = std::iter::once(&bytes[8..12]);
    let compatible = bytes.get(16..end).unwrap_or_default().chunks_exact(4);
    major
        .chain(compatible)
        .any(|brand| BRANDS.iter().any(|known| brand == known.as_slice()))
}

/// Decodes after checking the declared dimensions, then turns the picture the way the camera
/// said it was held.
fn decode_upright(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, PhotoProblem> {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    // Reads the headers only; nothing the size of the picture is allocated yet.
    let mut decoder = reader.into_decoder().map_err(problem)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoProblem::TooManyPixels);
    }
    // The bytes of the decoded picture (16-bit PNGs need twice as many) count against the
    // allowance before they are asked for.
    limits.reserve(decoder.total_bytes()).map_err(problem)?;
    // A missing or unreadable orientation tag means the picture is stored as it is meant to
    // be seen; that is no reason to refuse the photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(problem)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Which problem a decoder's complaint is, for the person uploading.
fn problem(error: ImageError) -> PhotoProblem {
    match error {
        ImageError::Limits(_) => PhotoProblem::TooManyPixels,
        // A kind of JPEG or PNG the decoder does not read (12-bit, arithmetic coding): to the
        // person it is as unusable as any other file, and "damaged" would send them hunting
        // for a better copy of the same thing.
        ImageError::Unsupported(_) => PhotoProblem::NotAPhoto,
        _ => PhotoProblem::Damaged,
    }
}

/// 8-bit RGB, the only thing a baseline JPEG holds; transparency (PNG screenshots, stickers)
/// becomes white, as on the paper the record resembles, rather than black.
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = pixel.0;
        let over_white = |c: u8| {
            let covered = (255 - u16::from(c)) * u16::from(a);
            // Rounded division by 255; the result is within 0..=255 by construction.
            255 - u8::try_from((covered + 127) / 255).unwrap_or(255)
        };
        *out = Rgb([over_white(r), over_white(g), over_white(b)]);
    }
    rgb
}

/// The size that fits `(width, height)` within a square of `edge`, keeping the proportions and
/// never enlarging: a small photo stays as sharp as it came.
fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge {
        return (width, height);
    }
    let shrink = |side: u32| {
        let scaled = (u64::from(side) * u64::from(edge) + u64::from(long) / 2) / u64::from(long);
        // At most `edge`, so it fits; at least one pixel for a sliver of a panorama.
        u32::try_from(scaled).unwrap_or(edge).max(1)
    };
    (shrink(width), shrink(height))
}

fn scale(image: RgbImage, width: u32, height: u32) -> RgbImage {
    if (image.width(), image.height()) == (width, height) {
        return image;
    }
    image::imageops::resize(&image, width, height, FILTER)
}

/// A fresh baseline JPEG: the encoder writes a JFIF header and the pixels, nothing else.
fn encode(image: &RgbImage) -> Result<Vec<u8>, PhotoProblem> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(image)
        // Writing at most 1600 × 1600 RGB into memory has no way to fail; should the encoder
        // still refuse, the person sees "damaged" rather than the request dying.
        .map_err(|_| PhotoProblem::Damaged)?;
    Ok(out)
}

#[cfg(test)]
#[path = "photo_image_tests.rs"]
mod tests;
