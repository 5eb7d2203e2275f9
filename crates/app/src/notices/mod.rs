//! Notices (通知): composing a draft from the 公文 parser's reading, the rules of issuing,
//! withdrawing and signing for them, the optional 签发 before they go out (with the deployment
//! setting that asks for it), and the plain view of a draft.

pub mod compose;
pub mod listing;
pub mod rules;
pub mod settings;
pub mod signoff;
pub mod view;
