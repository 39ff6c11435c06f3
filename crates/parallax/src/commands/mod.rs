//! One module per command.

pub mod articles;
pub mod demo;
pub mod ingest;
