//! What a phone photo goes through, proven on real files.
//!
//! The fixtures in `testdata/` were made once with Pillow and piexif and are committed as bytes:
//! `gps.jpg` is a 640×480 gradient carrying EXIF (Make/Model "FixturePhone…", a GPS IFD with
//! latitude and longitude), an ICC profile and XMP; `orientation6.jpg` is 640×480 stored with
//! Orientation = 6 (shown turned 90° clockwise), its left half red and right half blue;
//! `alpha.png` is 16×16, its left half opaque black and its right half fully transparent.

use super::*;
use domain::Problem;
use image::{GenericImageView, ImageEncoder};

const GPS_JPEG: &[u8] = include_bytes!("testdata/gps.jpg");
const ORIENTATION_6_JPEG: &[u8] = include_bytes!("testdata/orientation6.jpg");
const ALPHA_PNG: &[u8] = include_bytes!("testdata/alpha.png");
const GENEROUS: u64 = 20 * 1024 * 1024;

/// The markers of a JPEG's segments, up to the start of the picture data.
fn markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "starts with SOI");
    let mut found = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() {
        assert_eq!(jpeg[at], 0xFF, "a segment starts at {at}");
        let marker = jpeg[at + 1];
        found.push(marker);
        if marker == 0xDA {
            break;
        }
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at += 2 + length;
    }
    found
}

/// The tags of the first IFD of the fixture's EXIF (APP1) segment.
fn exif_ifd0_tags(jpeg: &[u8]) -> Vec<u16> {
    let start = find(jpeg, b"Exif\0\0").expect("an Exif header") + 6;
    let tiff = &jpeg[start..];
    let little = &tiff[..2] == b"II";
    let u16_at = |i: usize| {
        let b = [tiff[i], tiff[i + 1]];
        if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        }
    };
    let u32_at = |i: usize| {
        let b = [tiff[i], tiff[i + 1], tiff[i + 2], tiff[i + 3]];
        if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let ifd = u32_at(4) as usize;
    (0..usize::from(u16_at(ifd)))
        .map(|n| u16_at(ifd + 2 + 12 * n))
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn decoded(jpeg: &[u8]) -> DynamicImage {
    assert_eq!(image::guess_format(jpeg).unwrap(), ImageFormat::Jpeg);
    image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap()
}

/// A JPEG of the given size, made here rather than committed (a 4000×3000 file is megabytes).
fn generated_jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 60)
        .encode_image(&picture)
        .unwrap();
    out
}

/// CRC-32 (ISO-HDLC, as PNG chunks use), bit by bit: a few bytes, no table needed.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    out.extend_from_slice(&checked);
    out.extend_from_slice(&crc32(&checked).to_be_bytes());
}

/// A valid PNG header declaring `width`×`height` RGBA, followed by a token of image data: what
/// a decompression bomb looks like before it is inflated.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
    png_chunk(&mut png, b"IHDR", &header);
    png_chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn the_gps_fixture_really_carries_what_must_be_stripped() {
    assert!(find(GPS_JPEG, b"Exif\0\0").is_some());
    let tags = exif_ifd0_tags(GPS_JPEG);
    assert!(tags.contains(&0x8825), "a GPS IFD pointer: {tags:x?}");
    assert!(
        tags.contains(&0x010F) && tags.contains(&0x0110),
        "Make and Model: {tags:x?}"
    );
    assert!(find(GPS_JPEG, b"FixturePhone").is_some());
    assert!(find(GPS_JPEG, b"ICC_PROFILE").is_some());
    assert!(find(GPS_JPEG, b"http://ns.adobe.com/xap/1.0/").is_some());
    let segments = markers(GPS_JPEG);
    assert!(
        segments.contains(&0xE1) && segments.contains(&0xE2),
        "{segments:x?}"
    );
}

#[test]
fn re_encoding_drops_exif_gps_xmp_and_icc() {
    let photo = process(GPS_JPEG, GENEROUS).unwrap();
    for jpeg in [&photo.full, &photo.thumb] {
        let segments = markers(jpeg);
        // APP1 holds EXIF and XMP, APP2 ICC, APP13 IPTC: none may survive.
        for app in [0xE1, 0xE2, 0xED] {
            assert!(
                !segments.contains(&app),
                "APP{:x} in {segments:x?}",
                app - 0xE0
            );
        }
        for leak in [
            b"Exif".as_slice(),
            b"GPS",
            b"FixturePhone",
            b"ICC_PROFILE",
            b"http://ns.adobe.com",
            b"xmpmeta",
        ] {
            assert!(
                find(jpeg, leak).is_none(),
                "{}",
                String::from_utf8_lossy(leak)
            );
        }
    }
    assert_eq!((photo.width, photo.height), (640, 480), "never enlarged");
    assert_eq!((photo.thumb_width, photo.thumb_height), (400, 300));
    assert_eq!(decoded(&photo.full).dimensions(), (640, 480));
    assert_eq!(decoded(&photo.thumb).dimensions(), (400, 300));
}

#[test]
fn a_photo_taken_holding_the_phone_upright_comes_out_upright() {
    let photo = process(ORIENTATION_6_JPEG, GENEROUS).unwrap();
    assert_eq!((photo.width, photo.height), (480, 640));
    assert_eq!((photo.thumb_width, photo.thumb_height), (300, 400));
    let full = decoded(&photo.full).into_rgb8();
    assert_eq!(full.dimensions(), (480, 640));
    // The stored left half (red) is the top once turned clockwise; the right half the bottom.
    let [r, _, b] = full.get_pixel(240, 40).0;
    assert!(r > 200 && b < 60, "top is red: {r} {b}");
    let [r, _, b] = full.get_pixel(240, 600).0;
    assert!(b > 200 && r < 60, "bottom is blue: {r} {b}");
    assert!(
        !markers(&photo.full).contains(&0xE1),
        "no orientation tag to apply twice"
    );
}

#[test]
fn a_large_photo_is_scaled_to_the_full_and_thumbnail_edges() {
    let photo = process(&generated_jpeg(4000, 3000), GENEROUS).unwrap();
    assert_eq!((photo.width, photo.height), (1600, 1200));
    assert_eq!((photo.thumb_width, photo.thumb_height), (400, 300));
    assert_eq!(decoded(&photo.full).dimensions(), (1600, 1200));
    assert_eq!(decoded(&photo.thumb).dimensions(), (400, 300));
}

#[test]
fn sizes_keep_their_proportions_and_are_never_enlarged() {
    assert_eq!(fit(4000, 3000, FULL_EDGE), (1600, 1200));
    assert_eq!(fit(3000, 4000, FULL_EDGE), (1200, 1600));
    assert_eq!(fit(1600, 900, FULL_EDGE), (1600, 900));
    assert_eq!(fit(120, 80, THUMB_EDGE), (120, 80));
    assert_eq!(fit(4032, 3024, THUMB_EDGE), (400, 300));
    assert_eq!(
        fit(20_000, 3, THUMB_EDGE),
        (400, 1),
        "a sliver keeps a pixel"
    );
}

#[test]
fn transparency_becomes_white_not_black() {
    let photo = process(ALPHA_PNG, GENEROUS).unwrap();
    assert_eq!((photo.width, photo.height), (16, 16));
    let full = decoded(&photo.full).into_rgb8();
    let dark = full.get_pixel(1, 8).0;
    let light = full.get_pixel(14, 8).0;
    assert!(
        dark.iter().all(|&c| c < 50),
        "opaque black stays black: {dark:?}"
    );
    assert!(
        light.iter().all(|&c| c > 220),
        "transparent is white: {light:?}"
    );
}

#[test]
fn an_upload_over_the_limit_is_refused_before_it_is_read() {
    let limit = 5 * 1024 * 1024;
    let big = vec![0u8; limit as usize + 1];
    assert_eq!(
        process(&big, limit),
        Err(PhotoProblem::TooLarge { limit_mb: 5 })
    );
    // Even a real photo, and the message never says "0 MB".
    assert_eq!(
        process(GPS_JPEG, 1000),
        Err(PhotoProblem::TooLarge { limit_mb: 1 })
    );
    assert_eq!(
        PhotoProblem::TooLarge { limit_mb: 5 }.args(),
        vec![("limit", "5".to_string())]
    );
}

#[test]
fn anything_but_a_jpeg_or_png_is_not_a_photo() {
    // Deterministic noise (a linear congruential generator), so a failure can be replayed.
    let mut state = 0x2545_F491_u32;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect();
    assert_eq!(process(&noise, GENEROUS), Err(PhotoProblem::NotAPhoto));
    assert_eq!(
        process(b"GIF89a....", GENEROUS),
        Err(PhotoProblem::NotAPhoto)
    );
    assert_eq!(
        process(b"%PDF-1.7\n", GENEROUS),
        Err(PhotoProblem::NotAPhoto)
    );
    assert_eq!(process(b"", GENEROUS), Err(PhotoProblem::NotAPhoto));
    // A Live Photo's video is an ISO media file too, but not a HEIF one.
    let video = b"\0\0\0\x14ftypqt  \0\0\0\0qt  ";
    assert_eq!(process(video, GENEROUS), Err(PhotoProblem::NotAPhoto));
}

#[test]
fn an_iphone_heic_gets_its_own_answer() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x20meta";
    assert_eq!(process(heic, GENEROUS), Err(PhotoProblem::Heic));
    // Some phones lead with the generic HEIF brand and name HEIC among the compatible ones.
    let mif1 = b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic";
    assert_eq!(process(mif1, GENEROUS), Err(PhotoProblem::Heic));
    assert_eq!(PhotoProblem::Heic.code(), "photo_heic");
    assert_eq!(PhotoProblem::Heic.message_key(), "activity.photo.heic");
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let bomb = png_declaring(20_000, 20_000);
    assert!(bomb.len() < 100, "a tiny file declaring 400 million pixels");
    // Decoding would ask for 1.6 GB; the refusal comes from the header alone.
    assert_eq!(process(&bomb, GENEROUS), Err(PhotoProblem::TooManyPixels));
    // The crafted header is otherwise sound: a small declaration gets past it to the data.
    assert_ne!(
        process(&png_declaring(20, 20), GENEROUS),
        Err(PhotoProblem::TooManyPixels)
    );
}

/// A JPEG cut off before its picture data has no pixels to show: Damaged. One cut off inside
/// the picture data is decoded as far as it goes (the decoder is lenient, as browsers are), so
/// a photo that arrives partly grey is still taken rather than refused.
#[test]
fn a_jpeg_cut_short_before_its_pixels_is_damaged() {
    let picture_data = find(GPS_JPEG, &[0xFF, 0xDA]).expect("a start of scan");
    let truncated = &GPS_JPEG[..picture_data];
    assert_eq!(process(truncated, GENEROUS), Err(PhotoProblem::Damaged));
    let header_only = &GPS_JPEG[..600];
    assert_eq!(process(header_only, GENEROUS), Err(PhotoProblem::Damaged));
}

#[test]
fn every_problem_has_its_code_and_message_key() {
    let all = [
        PhotoProblem::TooLarge { limit_mb: 1 },
        PhotoProblem::NotAPhoto,
        PhotoProblem::Heic,
        PhotoProblem::TooManyPixels,
        PhotoProblem::Damaged,
    ];
    for problem in all {
        let suffix = problem.code().trim_start_matches("photo_");
        assert_eq!(problem.message_key(), format!("activity.photo.{suffix}"));
    }
    assert!(PhotoProblem::Damaged.args().is_empty());
}

#[test]
fn a_png_screenshot_is_taken_too() {
    let picture = RgbImage::from_pixel(30, 20, Rgb([10, 120, 200]));
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(picture.as_raw(), 30, 20, image::ExtendedColorType::Rgb8)
        .unwrap();
    let photo = process(&png, GENEROUS).unwrap();
    assert_eq!((photo.width, photo.height), (30, 20));
    assert_eq!(decoded(&photo.full).dimensions(), (30, 20));
}
