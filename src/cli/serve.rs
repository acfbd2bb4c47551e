//! `plenary serve`: opens (or, on the embedded default, creates) the node and serves its API
//! until SIGINT or SIGTERM.

use anyhow::Context;

use super::ConfigArg;
use crate::crypto::NodeKey;
use crate::server;

/// Runs the node.
pub async fn run(args: &ConfigArg) -> anyhow::Result<()> {
    let (config, embedded) = args.load()?;
    let listener = tokio::net::TcpListener::bind(config.node.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.node.listen))?;
    let key = if embedded && !config.node.key_file.exists() {
        std::fs::create_dir_all(&config.node.data_dir)
            .with_context(|| format!("cannot create {}", config.node.data_dir.display()))?;
        let key = NodeKey::generate();
        key.save_new(&config.node.key_file)?;
        eprintln!("generated a node key in {}", config.node.key_file.display());
        key
    } else {
        super::load_key(&config)?
    };
    let address = listener.local_addr()?;
    let prepared = server::prepare(&config, key, address).await?;
    if let Some(password) = &prepared.first_admin_password {
        println!(
            "first admin account created (shown once; change it with `plenary user passwd admin`):"
        );
        println!("  username: admin");
        println!("  password: {password}");
    }
    println!("plenary node {} listening on http://{address}", prepared.node.id());
    server::run(listener, prepared.state, shutdown_signal()).await?;
    eprintln!("shutting down");
    Ok(())
}

async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
