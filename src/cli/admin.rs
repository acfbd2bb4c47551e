//! `plenary user …` and `plenary token …`. They act on the node's data directly when the node is
//! stopped, and through the running node's API (with the control token it wrote to its data
//! directory) when sled's lock shows it is running.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use clap::Subcommand;
use serde_json::json;

use super::ConfigArg;
use crate::client::ApiClient;
use crate::config::Config;
use crate::node::accounts::{NewSecret, TokenInfo, UserInfo};
use crate::node::{Node, NodeError, Role};
use crate::server::{CONTROL_FILE, Control};
use crate::store::StoreError;

/// `plenary user …`.
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a local account.
    Add {
        /// Login name (a-z 0-9 . _ -)
        name: String,
        /// What the account may do
        #[arg(long, value_parser = ["admin", "editor", "member"])]
        role: String,
        /// Read the password from the first line of stdin instead of prompting
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// List local accounts.
    List {
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Set an account's password (ends its sessions).
    Passwd {
        /// Login name
        name: String,
        /// Read the password from the first line of stdin instead of prompting
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Remove an account with its tokens and sessions.
    Remove {
        /// Login name
        name: String,
        #[command(flatten)]
        config: ConfigArg,
    },
}

/// `plenary token …`.
#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a named API token acting as a user; prints the secret once.
    Create {
        /// The token's name (a-z 0-9 . _ -)
        name: String,
        /// The account the token acts as
        #[arg(long, value_name = "USERNAME")]
        user: String,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// List API tokens (names only).
    List {
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Revoke an API token by name.
    Revoke {
        /// The token's name
        name: String,
        #[command(flatten)]
        config: ConfigArg,
    },
}

/// Where operator commands are carried out.
pub(super) enum Target {
    /// The node is stopped: its data directly.
    Local(Box<Node>),
    /// The node is running: its API.
    Remote(ApiClient),
}

/// The node's data when it is stopped, or the running node's API.
pub(super) async fn open_target(config: &ConfigArg) -> anyhow::Result<Target> {
    let (config, _) = config.load()?;
    let key = super::load_key(&config)?;
    match Node::open(&config, key).await {
        Ok(node) => Ok(Target::Local(Box::new(node))),
        Err(NodeError::Store(StoreError::Locked)) => remote(&config),
        Err(err) => Err(err).context("cannot open the node's data"),
    }
}

fn remote(config: &Config) -> anyhow::Result<Target> {
    let path = config.node.data_dir.join(CONTROL_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("the node is running but {} is unreadable", path.display()))?;
    let control: Control =
        serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))?;
    Ok(Target::Remote(ApiClient::new(&control.url, Some(control.token))?))
}

impl Target {
    async fn close(self) {
        if let Target::Local(node) = self {
            node.shutdown().await;
        }
    }
}

/// Runs a user command.
pub async fn user(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { name, role, password_stdin, config } => {
            let role: Role = role.parse()?;
            let password = read_password(password_stdin)?;
            let target = open_target(&config).await?;
            let info: UserInfo = match &target {
                Target::Local(node) => node.add_user(&name, role, &password).await?,
                Target::Remote(api) => {
                    api.post(
                        "/api/v1/users",
                        &json!({"username": name, "role": role, "password": password}),
                    )
                    .await?
                }
            };
            target.close().await;
            println!("added {} ({})", info.username, info.role);
        }
        UserCommand::List { config } => {
            let target = open_target(&config).await?;
            let users: Vec<UserInfo> = match &target {
                Target::Local(node) => node.list_users()?,
                Target::Remote(api) => api.get("/api/v1/users").await?,
            };
            target.close().await;
            for user in users {
                println!("{}\t{}\t{}", user.username, user.role, user.created_at);
            }
        }
        UserCommand::Passwd { name, password_stdin, config } => {
            let password = read_password(password_stdin)?;
            let target = open_target(&config).await?;
            match &target {
                Target::Local(node) => node.set_password(&name, &password).await?,
                Target::Remote(api) => {
                    api.put(
                        &format!("/api/v1/users/{name}/password"),
                        &json!({"password": password}),
                    )
                    .await?
                }
            }
            target.close().await;
            println!("password changed for {name}");
        }
        UserCommand::Remove { name, config } => {
            let target = open_target(&config).await?;
            match &target {
                Target::Local(node) => node.remove_user(&name)?,
                Target::Remote(api) => api.delete(&format!("/api/v1/users/{name}")).await?,
            }
            target.close().await;
            println!("removed {name}");
        }
    }
    Ok(())
}

/// Runs a token command.
pub async fn token(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create { name, user, config } => {
            let target = open_target(&config).await?;
            let secret: NewSecret = match &target {
                Target::Local(node) => node.create_token(&name, &user)?,
                Target::Remote(api) => {
                    api.post("/api/v1/tokens", &json!({"name": name, "username": user})).await?
                }
            };
            target.close().await;
            eprintln!(
                "token {name} acts as {} ({}); it is shown once:",
                secret.username, secret.role
            );
            println!("{}", secret.token);
        }
        TokenCommand::List { config } => {
            let target = open_target(&config).await?;
            let tokens: Vec<TokenInfo> = match &target {
                Target::Local(node) => node.list_tokens()?,
                Target::Remote(api) => api.get("/api/v1/tokens").await?,
            };
            target.close().await;
            for token in tokens {
                println!("{}\t{}\t{}", token.name, token.username, token.created_at);
            }
        }
        TokenCommand::Revoke { name, config } => {
            let target = open_target(&config).await?;
            match &target {
                Target::Local(node) => node.revoke_token(&name)?,
                Target::Remote(api) => api.delete(&format!("/api/v1/tokens/{name}")).await?,
            }
            target.close().await;
            println!("revoked {name}");
        }
    }
    Ok(())
}

/// A password from stdin's first line, or typed twice at a terminal prompt.
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        let password = line.trim_end_matches(['\n', '\r']);
        if password.is_empty() {
            bail!("--password-stdin was given but stdin held no password");
        }
        return Ok(password.to_owned());
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for a password on; pass --password-stdin and pipe it in");
    }
    let first = rpassword::prompt_password("password: ")?;
    let second = rpassword::prompt_password("again: ")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}
