//! A stored file sent in pieces as the client takes them, never read whole into memory: a
//! 1 GB attachment (the largest upload that can be configured) downloaded by many at once
//! would otherwise hold a gigabyte each.
//!
//! The file is read on a blocking thread, a piece at a time, into a channel of a few pieces;
//! the response body takes them from the channel. A slow client holds back the reader, a
//! client that goes away closes the channel and the reader stops.

use super::blobs::Stored;
use axum::body::{Body, Bytes};
use std::io::{self, Read};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// The size of a piece read and sent.
const PIECE: usize = 64 * 1024;
/// Pieces read ahead of the client.
const AHEAD: usize = 4;

/// The body of a download of `stored`.
pub fn body(stored: Stored) -> Body {
    let (tx, rx) = mpsc::channel(AHEAD);
    tokio::task::spawn_blocking(move || read_into(stored.file, &tx));
    Body::from_stream(Pieces(rx))
}

/// Reads `file` to its end into `tx`; stops early when the receiver is gone.
fn read_into(mut file: std::fs::File, tx: &mpsc::Sender<io::Result<Bytes>>) {
    loop {
        let mut piece = vec![0; PIECE];
        let piece = match file.read(&mut piece) {
            Ok(0) => return,
            Ok(n) => {
                piece.truncate(n);
                Ok(Bytes::from(piece))
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
        let failed = piece.is_err();
        // An error ends the body, so the client sees a broken download, never a short one.
        if tx.blocking_send(piece).is_err() || failed {
            return;
        }
    }
}

/// The pieces as a stream for [`Body::from_stream`].
struct Pieces(mpsc::Receiver<io::Result<Bytes>>);

impl futures_core::Stream for Pieces {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}
