//! Photos for the demo's activities, drawn rather than downloaded: a room in the kind's colour
//! with a red banner and rows of people, as JPEG with its thumbnail.

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage, imageops};

/// A drawn photo and its thumbnail, both JPEG.
pub struct Shot {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

const WIDTH: u32 = 800;
const HEIGHT: u32 = 600;

fn wall(kind: &str) -> [u8; 3] {
    match kind {
        "volunteer" => [120, 170, 110],
        "science_outreach" => [110, 150, 190],
        "theme_day" => [200, 180, 150],
        _ => [185, 185, 175],
    }
}

/// Draws the photo of an activity of `kind`; `seed` varies the people.
pub fn generate(kind: &str, seed: usize) -> anyhow::Result<Shot> {
    let [r, g, b] = wall(kind);
    let mut img = RgbImage::from_fn(WIDTH, HEIGHT, |_, y| {
        let shade = (y * 40 / HEIGHT) as u8;
        Rgb([
            r.saturating_sub(shade),
            g.saturating_sub(shade),
            b.saturating_sub(shade),
        ])
    });
    // The banner (横幅) across the wall.
    fill(&mut img, 80, 40, WIDTH - 160, 70, [196, 30, 36]);
    fill(&mut img, 100, 65, WIDTH - 200, 20, [235, 200, 80]);
    // Rows of people: a head and shoulders each.
    let mut n = (seed as u32).wrapping_mul(2654435761);
    for row in 0..3u32 {
        for col in 0..9u32 {
            n = n.wrapping_mul(1103515245).wrapping_add(12345);
            if n.is_multiple_of(7) {
                continue;
            }
            let x = 60 + col * 78 + row * 12;
            let y = 300 + row * 90;
            let coat = [
                (40 + n % 60) as u8,
                (40 + (n >> 8) % 60) as u8,
                (60 + (n >> 16) % 80) as u8,
            ];
            fill(&mut img, x, y + 34, 52, 60, coat);
            fill(&mut img, x + 14, y, 24, 30, [225, 190, 160]);
        }
    }
    let thumb = imageops::thumbnail(&img, WIDTH / 2, HEIGHT / 2);
    Ok(Shot {
        full: jpeg(&img)?,
        thumb: jpeg(&thumb)?,
        width: WIDTH,
        height: HEIGHT,
    })
}

fn fill(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(colour));
        }
    }
}

fn jpeg(img: &RgbImage) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 80).encode_image(img)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_drawn_photo_is_a_jpeg_with_its_thumbnail() {
        let shot = super::generate("theme_day", 3).unwrap();
        assert_eq!(&shot.full[..2], &[0xFF, 0xD8]);
        assert_eq!(&shot.thumb[..2], &[0xFF, 0xD8]);
        assert!(shot.thumb.len() < shot.full.len());
        assert_eq!((shot.width, shot.height), (800, 600));
    }
}
