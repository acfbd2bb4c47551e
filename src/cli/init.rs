//! `plenary init` and `plenary id`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::ConfigArg;
use crate::config::{Config, EMBEDDED_DEFAULT};
use crate::crypto::NodeKey;

/// Arguments of `plenary init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Directory to create the node in (receives plenary.toml and node.key)
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
    /// The organisation's name
    #[arg(long)]
    name: String,
    /// The organisation's acronym
    #[arg(long)]
    acronym: String,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR")]
    listen: SocketAddr,
    /// URL partners reach this node at [default: http://LISTEN]
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
}

/// Creates the key and config; prints the node id.
pub fn run(args: &InitArgs) -> anyhow::Result<()> {
    let config_path = args.dir.join("plenary.toml");
    let key_path = args.dir.join("node.key");
    for path in [&config_path, &key_path] {
        if path.exists() {
            bail!("{} already exists; refusing to overwrite a node", path.display());
        }
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let mut config =
        Config::parse(EMBEDDED_DEFAULT, "embedded default", std::path::Path::new(""), [])?;
    config.node.name = args.name.clone();
    config.node.acronym = args.acronym.clone();
    config.node.listen = args.listen;
    config.node.public_url =
        args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.listen));
    config.node.data_dir = "data".into();
    config.node.key_file = "node.key".into();
    config.validate()?;
    let key = NodeKey::generate();
    key.save_new(&key_path)?;
    let text = format!("# Plenary node configuration (DESIGN §4.3)\n{}", config.to_toml());
    std::fs::write(&config_path, text)
        .with_context(|| format!("cannot write {}", config_path.display()))?;
    println!("{}", key.node_id());
    eprintln!("created {} and {}", config_path.display(), key_path.display());
    Ok(())
}

/// Prints the node id of the configured key.
pub fn print_id(args: &ConfigArg) -> anyhow::Result<()> {
    let (config, _) = args.load()?;
    println!("{}", super::load_key(&config)?.node_id());
    Ok(())
}
