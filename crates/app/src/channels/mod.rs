//! The channels reminders go out through besides the inbox: email over SMTP, and group-chat
//! robots (企业微信, 钉钉, 飞书) or a signed webhook over https.
//!
//! What is sent and to whom is decided when a reminder is written (a delivery is queued in its
//! transaction); the sending happens after, by the delivery worker, so a slow or broken channel
//! never holds up a reminder, and each attempt's outcome is kept.

pub mod admin;
pub mod email;
pub mod robots;
pub mod ssrf;

pub use email::Mailer;

/// The deployment's channels.
#[derive(Clone, Default)]
pub struct Channels {
    /// `None`: email is not configured; accounts may still save an address.
    pub mailer: Option<Mailer>,
    pub webhooks: ssrf::Policy,
}
