//! What every use case can reach: the database, the clock and the deployment's zone.

use crate::channels::Channels;
use crate::clock::Clock;
use crate::tasks::reports::FormCache;
use crate::zone::Zone;
use std::sync::Arc;
use store::Db;

#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub zone: Zone,
    pub audit_retention: domain::AuditRetention,
    /// Report forms read once (a stored form version never changes).
    pub forms: FormCache,
    /// Email and robots, besides the inbox.
    pub channels: Arc<Channels>,
    /// The site's address as people reach it (`https://zhibu.example.org`), for links in email
    /// and robot posts; `None`: links are paths.
    pub public_url: Option<String>,
    /// A member opening a notice counts as the org having read it (by default only those who
    /// sign for the org count).
    pub member_reads_count: bool,
}

impl App {
    pub fn new(db: Db, clock: Arc<dyn Clock>, zone: Zone) -> App {
        App {
            db,
            clock,
            zone,
            audit_retention: domain::AuditRetention::default(),
            forms: FormCache::default(),
            channels: Arc::new(Channels::default()),
            public_url: None,
            member_reads_count: false,
        }
    }

    /// The link to `path` as people outside the site follow it.
    pub fn link(&self, path: &str) -> String {
        match &self.public_url {
            Some(base) => format!("{}{path}", base.trim_end_matches('/')),
            None => path.to_owned(),
        }
    }

    pub fn now(&self) -> domain::Timestamp {
        self.clock.now()
    }

    /// Today's date in the deployment's zone, for "not in the future" checks.
    pub fn today(&self) -> domain::member::PlainDate {
        self.zone.today(self.now())
    }
}
