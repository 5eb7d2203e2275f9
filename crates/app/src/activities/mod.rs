//! Branch life on record: activities, attendance, photos.

pub mod calendar;
pub mod photo_image;
