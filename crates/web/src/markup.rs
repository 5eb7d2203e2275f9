//! STUB of the `media` branch's module (same signatures), reverted when `media` is merged.

/// Stub: escaped text with line breaks.
pub fn minutes_html(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    format!("<p>{}</p>", escaped.replace('\n', "<br>"))
}

/// Stub.
pub fn plain(text: &str) -> String {
    text.to_owned()
}
