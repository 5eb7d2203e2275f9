//! What every "no" from a rule has in common: a stable code for clients and a catalogue key
//! (with values for its placeholders) for people. The web tier turns any [`Problem`] into its
//! error in one place.

/// A reason a rule refused: what a client matches on and what a person reads.
pub trait Problem {
    /// The stable, machine-readable code (`already_published`).
    fn code(&self) -> &'static str;
    /// The catalogue key of the message (`notice.problem.already_published`).
    fn message_key(&self) -> &'static str;
    /// Values for the message's `{placeholders}`, if it has any.
    fn args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}
