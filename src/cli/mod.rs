//! The `plenary` command line (clap): argument definitions, config resolution and dispatch. Each
//! command lives in its own module; errors are reported as one line naming the problem.

mod admin;
mod collab;
mod comment;
mod init;
mod peer;
mod publish;
mod search;
mod seed;
mod serve;
mod survey;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config::Config;

/// A federated e-portal node for international organisations.
#[derive(Parser, Debug)]
#[command(name = "plenary", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the node (on the embedded default configuration when no config file exists).
    Serve(ConfigArg),
    /// Create a node: key file (mode 0600) and config file; prints the node id.
    Init(init::InitArgs),
    /// Print the node id.
    Id(ConfigArg),
    /// Manage local accounts.
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Manage API tokens for scripts and the CLI.
    #[command(subcommand)]
    Token(admin::TokenCommand),
    /// Manage federation peers (pinned in the config file).
    #[command(subcommand)]
    Peer(peer::PeerCommand),
    /// Publish a document with files through a running node's API.
    Publish(publish::PublishArgs),
    /// Answer a meeting invitation for this node's organisation through a running node's API.
    Rsvp(collab::RsvpArgs),
    /// Create or update a working group through a running node's API.
    #[command(subcommand)]
    Group(collab::GroupCommand),
    /// Show one record as the node serves it.
    Get(publish::GetArgs),
    /// Search a running node (what the token's account may see).
    Search(search::SearchArgs),
    /// Comment on a draft circulated for comment (or reply to a comment) through a running node.
    Comment(comment::CommentArgs),
    /// Survey results through a running node's API.
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// Rebuild the search index from the stored records.
    Reindex(ConfigArg),
    /// (internal) Extract text from one file inside resource limits; used by the node.
    #[command(hide = true)]
    ExtractWorker(crate::extract::worker::WorkerArgs),
}

/// `--config FILE`.
#[derive(Args, Debug, Clone)]
pub struct ConfigArg {
    /// Config file [default: ./plenary.toml if present, else the embedded default]
    #[arg(long, env = "PLENARY_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
}

impl ConfigArg {
    /// The config in force: `--config`, else `./plenary.toml`, else the embedded default.
    pub fn load(&self) -> anyhow::Result<(Config, bool)> {
        match &self.config {
            Some(path) => Ok((Config::load(path)?, false)),
            None if Path::new("plenary.toml").exists() => {
                Ok((Config::load(Path::new("plenary.toml"))?, false))
            }
            None => Ok((Config::embedded_default()?, true)),
        }
    }
}

/// `--node URL --token T`.
#[derive(Args, Debug, Clone)]
pub struct NodeArgs {
    /// Base URL of the node's API
    #[arg(long, env = "PLENARY_NODE", default_value = "http://127.0.0.1:7700", value_name = "URL")]
    node: String,
    /// API or session token
    #[arg(long, env = "PLENARY_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    token: Option<String>,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::ExtractWorker(args) = &cli.command {
        // No async runtime in a worker: it limits its own memory and does one thing.
        return crate::extract::worker::run(args);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    init_logging(matches!(cli.command, Command::Serve(_)));
    match runtime.block_on(dispatch(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(serving: bool) {
    let default = if serving { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("PLENARY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

async fn dispatch(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(&args).await,
        Command::Init(args) => init::run(&args),
        Command::Id(args) => init::print_id(&args),
        Command::User(command) => admin::user(command).await,
        Command::Token(command) => admin::token(command).await,
        Command::Peer(command) => peer::peer(command).await,
        Command::Publish(args) => publish::publish(&args).await,
        Command::Rsvp(args) => collab::rsvp(&args).await,
        Command::Group(command) => collab::group(command).await,
        Command::Get(args) => publish::get(&args).await,
        Command::Search(args) => search::search(&args).await,
        Command::Comment(args) => comment::comment(&args).await,
        Command::Reindex(args) => search::reindex(&args).await,
        Command::Survey(command) => survey::survey(command).await,
        Command::ExtractWorker(_) => Ok(()),
    }
}

/// Loads the node key named by the config.
pub fn load_key(config: &Config) -> anyhow::Result<crate::crypto::NodeKey> {
    crate::crypto::NodeKey::load(&config.node.key_file)
        .with_context(|| "cannot load the node key (create a node with `plenary init`)".to_string())
}
