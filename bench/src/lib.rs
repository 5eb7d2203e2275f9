//! Shared pieces of zhibu's benchmarks, usable from the end-to-end suite too: the crash-safety
//! driver (`crash`) runs the real `zhibu serve` binary under load and kills it.

pub mod crash;
