//! Photos over the API: over the upload limit refused as too large, anything but a JPEG or
//! PNG refused by its bytes, and a phone's JPEG kept without its EXIF and GPS, served as
//! `image/jpeg` with `nosniff`, with a 400 px thumbnail.

use super::*;
use crate::helpers::spawn_with;

/// A phone photo of 640×480 carrying EXIF with the maker, the model and GPS coordinates.
const GPS_JPEG: &[u8] = include_bytes!("../../../../app/src/activities/testdata/gps.jpg");

async fn upload(
    app: &TestApp,
    token: &str,
    id: i64,
    bytes: Vec<u8>,
    name: &str,
) -> (StatusCode, Value) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new()
        .text("caption", "集体学习")
        .part("file", part);
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The (width, height) in a baseline JPEG's frame header (SOF0).
fn jpeg_size(bytes: &[u8]) -> (u32, u32) {
    let at = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline frame header");
    let h = u32::from(bytes[at + 5]) << 8 | u32::from(bytes[at + 6]);
    let w = u32::from(bytes[at + 7]) << 8 | u32::from(bytes[at + 8]);
    (w, h)
}

#[tokio::test]
async fn photos_are_limited_checked_and_stripped_of_exif_and_gps() {
    let app = spawn_with(|c| c.upload_limit = 64 * 1024).await;
    let b = branches(&app).await;
    let a = add(
        &app,
        &b.branch1,
        b.org1,
        "record",
        "theme_day",
        "2026-05-10T14:30",
    )
    .await;
    let id = a["id"].as_i64().unwrap();

    // The fixture is what a phone sends.
    assert!(contains(GPS_JPEG, b"Exif\0\0"));
    assert!(contains(GPS_JPEG, b"FixturePhoneMaker"));

    let mut big = GPS_JPEG.to_vec();
    big.resize(64 * 1024 + 1, 0);
    let (status, e) = upload(&app, &b.branch1, id, big, "大图.jpg").await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::PAYLOAD_TOO_LARGE, "photo_too_large")
    );
    let (status, e) = upload(
        &app,
        &b.branch1,
        id,
        b"%PDF-1.4\n%%EOF\n".to_vec(),
        "照片.jpg",
    )
    .await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "photo_not_a_photo")
    );
    let (status, _) = upload(&app, &b.branch2, id, GPS_JPEG.to_vec(), "活动.jpg").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM activity_photos").await,
        0
    );

    let (status, photo) = upload(&app, &b.branch1, id, GPS_JPEG.to_vec(), "活动.jpg").await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(640), Some(480))
    );
    assert_eq!(photo["caption"], "集体学习");
    let url = format!("/api/v1/activities/{id}/photos/{}", photo["id"]);
    // Served at a fixed path (no url field: see PhotoView).
    assert!(photo.get("url").is_none() && photo.get("thumb_url").is_none());

    for (path, size) in [
        (url.clone(), (640, 480)),
        (format!("{url}?size=thumb"), (400, 300)),
    ] {
        let r = app.api_get(&path, &b.branch1).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        let bytes = r.bytes().await.unwrap();
        assert_eq!(&bytes[..2], [0xFF, 0xD8]);
        assert_eq!(jpeg_size(&bytes), size, "{path}");
        assert!(!contains(&bytes, b"Exif\0\0"), "{path} keeps EXIF");
        assert!(
            !contains(&bytes, b"FixturePhoneMaker"),
            "{path} keeps the maker"
        );
        assert!(
            !contains(&bytes, &[0xFF, 0xE1]),
            "{path} keeps an APP1 segment"
        );
    }
    // The activity lists it; another branch cannot fetch it.
    let (_, a) = get(&app, &b.branch1, &format!("/api/v1/activities/{id}")).await;
    assert_eq!(a["photos"].as_array().unwrap().len(), 1);
    assert_eq!(a["photos"][0]["id"], photo["id"]);
    assert_eq!(
        app.api_get(&url, &b.branch2).await.status(),
        StatusCode::NOT_FOUND
    );
    let missing = format!(
        "/api/v1/activities/{id}/photos/{}",
        photo["id"].as_i64().unwrap() + 1
    );
    assert_eq!(
        app.api_get(&missing, &b.branch1).await.status(),
        StatusCode::NOT_FOUND
    );

    // A confirmed record takes no more photos.
    let (status, _) = post(
        &app,
        &b.branch1,
        &format!("/api/v1/activities/{id}/confirm"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, e) = upload(&app, &b.branch1, id, GPS_JPEG.to_vec(), "活动.jpg").await;
    assert_eq!(
        (status, code(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, "activity_locked")
    );
}
