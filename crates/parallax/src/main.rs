//! The `parallax` command: one story, every outlet.
//!
//! A thin layer over the library crates: it parses arguments, composes the stages and turns
//! errors into messages and exit codes (0 ok, 1 error or some items failed, 2 usage).

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(&cli.data_dir, args),
        Command::Watch(args) => commands::feeds::watch(&cli.data_dir, args),
        Command::Articles(args) => commands::articles::list(&cli.data_dir, args),
        Command::Article(args) => commands::articles::show(&cli.data_dir, args),
        Command::Duplicates(args) => commands::duplicates::run(&cli.data_dir, args),
        Command::Stories(args) => commands::stories::run(&cli.data_dir, args),
        Command::Story(args) => commands::dossier::story(&cli.data_dir, args),
        Command::Follow(args) => commands::follow::follow(&cli.data_dir, args),
        Command::Unfollow(args) => commands::follow::unfollow(&cli.data_dir, args),
        Command::Following(args) => commands::follow::following(&cli.data_dir, args),
        Command::Search(args) => commands::search::run(&cli.data_dir, args),
        Command::Serve(args) => commands::serve::run(&cli.data_dir, args),
        Command::Analyze(args) => commands::dossier::analyze(args),
        Command::Eval(cli::EvalCommand::Duplicates(args)) => commands::duplicates::eval(args),
        Command::Eval(cli::EvalCommand::Clustering(args)) => commands::clustering::eval(args),
        Command::Eval(cli::EvalCommand::Extraction(args)) => commands::extraction::eval(args),
        Command::Eval(cli::EvalCommand::Quotes(args)) => commands::quotes::eval(args),
        Command::Eval(cli::EvalCommand::Summaries(args)) => commands::summaries::eval(args),
        Command::Eval(cli::EvalCommand::Fidelity(args)) => commands::fidelity::eval(args),
        Command::Eval(cli::EvalCommand::Times(args)) => commands::times::eval(args),
        Command::Train(cli::TrainCommand::Clustering(args)) => commands::clustering::train(args),
        Command::Bench(cli::BenchCommand::Duplicates(args)) => commands::duplicates::bench(args),
        Command::Bench(cli::BenchCommand::Clustering(args)) => commands::clustering::bench(args),
        Command::Bench(cli::BenchCommand::Extraction(args)) => commands::extraction::bench(args),
        Command::Bench(cli::BenchCommand::Warc(args)) => commands::ingest::bench_warc(args),
        Command::Bench(cli::BenchCommand::Analysis(args)) => commands::analysis::bench(args),
        Command::Demo(args) => commands::demo::run(args),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// How a command that ran ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything went through.
    Ok,
    /// The command ran, but some items failed (they were reported).
    SomeFailed,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Ok => ExitCode::SUCCESS,
            Status::SomeFailed => ExitCode::FAILURE,
        }
    }
}

/// A reader that stops early (`parallax stories | head -1`) closes the pipe; the process then
/// ends quietly, as other command-line tools do, instead of panicking at its next print. Rust
/// ignores SIGPIPE by default, which turns the closed pipe into a print error.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    #[expect(unsafe_code, reason = "restoring a signal's default action has no preconditions")]
    // SAFETY: called first in main, before any thread starts; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
