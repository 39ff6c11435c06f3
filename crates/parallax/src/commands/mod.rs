//! One module per command.

pub mod analysis;
pub mod articles;
pub mod clustering;
pub mod corpus;
pub mod demo;
pub mod dossier;
pub mod duplicates;
pub mod engine;
pub mod extraction;
pub mod feeds;
pub mod fidelity;
pub mod follow;
pub mod ingest;
pub mod quotes;
pub mod search;
pub mod serve;
pub mod stories;
pub mod summaries;
pub mod times;
