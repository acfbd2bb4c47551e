//! The `plenary` command line as a user runs it: the real binary as a subprocess in a fresh
//! directory (help, init, config errors, offline and online account management, publish and get
//! against a running `plenary serve`, and `serve` on the embedded default configuration).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::process::{
    Server, eventually, init, login, released_address, run, run_env, run_stdin, serve, try_serve,
};
use serde_json::{Value, json};
use sha2::Digest;

/// `plenary init --dir DIR/node --listen LISTEN` for the CLI Test Organisation; returns the
/// config path.
async fn init_node(dir: &Path, listen: &str) -> PathBuf {
    init(&dir.join("node"), "CLI Test Organisation", "CTO", listen).await.config
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

fn is_record_id(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_node_id(text: &str) -> bool {
    text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Creates `alice` (editor) and an API token for her while the node is stopped.
async fn offline_editor_token(dir: &Path, config: &str) -> String {
    run_stdin(
        dir,
        &["user", "add", "alice", "--role", "editor", "--password-stdin", "--config", config],
        "alice's long password\n",
    )
    .await
    .ok("user add alice");
    let out =
        run(dir, &["token", "create", "alice-cli", "--user", "alice", "--config", config]).await;
    out.ok("token create").trim().to_owned()
}

#[tokio::test]
async fn help_works_for_every_command_and_misuse_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let commands: &[&[&str]] = &[
        &[],
        &["serve"],
        &["init"],
        &["id"],
        &["user"],
        &["user", "add"],
        &["user", "list"],
        &["user", "passwd"],
        &["user", "remove"],
        &["token"],
        &["token", "create"],
        &["token", "list"],
        &["token", "revoke"],
        &["publish"],
        &["get"],
        &["search"],
        &["reindex"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let out = run(dir.path(), &args).await;
        let stdout = out.ok(&format!("plenary {}", args.join(" ")));
        let usage = format!("Usage: plenary {}", command.join(" "));
        assert!(stdout.contains(usage.trim_end()), "{args:?} prints its usage: {stdout}");
    }
    let version = run(dir.path(), &["--version"]).await;
    assert!(version.ok("--version").starts_with("plenary "), "{version:?}");

    let bare = run(dir.path(), &[]).await;
    bare.fails_saying("plenary with no arguments", &["Usage: plenary <COMMAND>"]);
    assert!(bare.stdout.is_empty(), "usage goes to stderr: {bare:?}");
    let unknown = run(dir.path(), &["frobnicate"]).await;
    unknown.fails_saying("an unknown subcommand", &["unrecognized subcommand", "frobnicate"]);
    let unknown = run(dir.path(), &["user", "frobnicate"]).await;
    unknown.fails_saying("an unknown user subcommand", &["frobnicate"]);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "help and misuse create no files"
    );
}

#[tokio::test]
async fn init_creates_a_private_key_and_config_and_never_overwrites_them() {
    let dir = tempfile::tempdir().unwrap();
    let node_dir = dir.path().join("node");
    let init_args = [
        "init",
        "--dir",
        node_dir.to_str().unwrap(),
        "--name",
        "CLI Test Organisation",
        "--acronym",
        "CTO",
        "--listen",
        "127.0.0.1:0",
    ];
    let out = run(dir.path(), &init_args).await;
    let id = out.ok("init").strip_suffix('\n').unwrap().to_owned();
    assert!(is_node_id(&id), "init prints the node id alone: {:?}", out.stdout);
    let config = node_dir.join("plenary.toml");
    let key = node_dir.join("node.key");
    assert!(config.is_file() && key.is_file(), "init creates plenary.toml and node.key");
    assert_eq!(mode(&key), 0o600, "the key is private");
    let key_bytes = std::fs::read(&key).unwrap();
    let config_bytes = std::fs::read(&config).unwrap();

    let shown = run(dir.path(), &["id", "--config", config.to_str().unwrap()]).await;
    assert_eq!(shown.ok("id --config"), format!("{id}\n"));
    let shown = run(&node_dir, &["id"]).await;
    assert_eq!(shown.ok("id with ./plenary.toml"), format!("{id}\n"));

    let again = run(dir.path(), &init_args).await;
    again.fails_saying("init over a node", &[config.to_str().unwrap(), "already exists"]);
    assert!(again.stdout.is_empty(), "no id printed: {again:?}");
    assert_eq!(std::fs::read(&key).unwrap(), key_bytes, "the key is untouched");
    assert_eq!(std::fs::read(&config).unwrap(), config_bytes, "the config is untouched");

    // A key alone is protected too, and no config is written next to it.
    std::fs::remove_file(&config).unwrap();
    let again = run(dir.path(), &init_args).await;
    again.fails_saying("init over a key", &[key.to_str().unwrap(), "already exists"]);
    assert_eq!(std::fs::read(&key).unwrap(), key_bytes, "the key is untouched");
    assert!(!config.exists(), "no config written over a refused init");
}

#[tokio::test]
async fn config_errors_name_the_field_path_or_variable() {
    let dir = tempfile::tempdir().unwrap();
    let config = init_node(dir.path(), "127.0.0.1:0").await;
    let good = std::fs::read_to_string(&config).unwrap();
    let variant = |name: &str, text: String| {
        let path = config.with_file_name(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let unknown =
        variant("unknown.toml", good.replacen("[node]\n", "[node]\ncolour = \"red\"\n", 1));
    let version = variant("version.toml", good.replacen("version = 1", "version = 2", 1));
    let url = variant(
        "url.toml",
        good.replacen("public_url = \"http://127.0.0.1:0\"", "public_url = \"ftp://x\"", 1),
    );
    assert_ne!(std::fs::read_to_string(&url).unwrap(), good, "the url variant differs");

    let cases = [
        (&unknown, "unknown field", &["colour"][..]),
        (&version, "wrong version", &["version", "must be 1"][..]),
        (&url, "bad public_url", &["node.public_url", "http://"][..]),
    ];
    for (path, what, needles) in cases {
        for command in ["id", "serve"] {
            let out = run(dir.path(), &[command, "--config", path]).await;
            let first = out.fails(what).lines().next().unwrap_or_default().to_owned();
            for needle in needles {
                assert!(
                    first.contains(needle),
                    "{command} / {what}: first line names {needle}: {out:?}"
                );
            }
            assert!(first.starts_with("error: "), "{out:?}");
            assert!(out.stdout.is_empty(), "{command} / {what}: nothing on stdout: {out:?}");
        }
    }

    let missing = dir.path().join("nowhere").join("plenary.toml");
    let out = run(dir.path(), &["id", "--config", missing.to_str().unwrap()]).await;
    out.fails_saying("missing config", &[missing.to_str().unwrap()]);

    let config = config.to_str().unwrap();
    for command in ["id", "serve"] {
        let out = run_env(
            dir.path(),
            &[command, "--config", config],
            &[("PLENARY_LIMITS_RECORD_BYTES", "lots")],
        )
        .await;
        out.fails_saying("a non-integer override", &["PLENARY_LIMITS_RECORD_BYTES", "lots"]);
        let out = run_env(
            dir.path(),
            &[command, "--config", config],
            &[("PLENARY_LIMITS_RECORD_SIZE", "1")],
        )
        .await;
        out.fails_saying("an override of no field", &["PLENARY_LIMITS_RECORD_SIZE"]);
    }
}

#[tokio::test]
async fn offline_user_and_token_management_works_and_refuses_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let config = init_node(dir.path(), "127.0.0.1:0").await;
    let config = config.to_str().unwrap();
    let d = dir.path();
    let with_config = |args: &[&'static str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--config", config]);
        all
    };
    let add_alice = with_config(&["user", "add", "alice", "--role", "editor", "--password-stdin"]);

    let out = run_stdin(d, &add_alice, "alice's first password\n").await;
    assert_eq!(out.ok("user add alice"), "added alice (editor)\n");
    let listed = run(d, &with_config(&["user", "list"])).await;
    let listed = listed.ok("user list").to_owned();
    assert!(
        listed.lines().any(|l| l.starts_with("alice\teditor\t")),
        "user list shows alice and her role: {listed}"
    );
    let out = run_stdin(
        d,
        &with_config(&["user", "passwd", "alice", "--password-stdin"]),
        "alice's second password\n",
    )
    .await;
    assert_eq!(out.ok("user passwd alice"), "password changed for alice\n");

    let out = run(d, &with_config(&["token", "create", "ci", "--user", "alice"])).await;
    let token = out.ok("token create").trim().to_owned();
    assert!(token.starts_with("plt_") && !token.contains(char::is_whitespace), "{out:?}");
    assert_eq!(out.stdout, format!("{token}\n"), "the secret alone on stdout");
    let listed = run(d, &with_config(&["token", "list"])).await;
    let listed = listed.ok("token list").to_owned();
    assert!(listed.lines().any(|l| l.starts_with("ci\talice\t")), "token list shows ci: {listed}");
    assert!(!listed.contains(&token), "token list never shows the secret");
    let out = run(d, &with_config(&["token", "revoke", "ci"])).await;
    assert_eq!(out.ok("token revoke"), "revoked ci\n");
    let listed = run(d, &with_config(&["token", "list"])).await;
    assert!(!listed.ok("token list").contains("ci\t"), "revoked token is gone: {listed:?}");
    run(d, &with_config(&["token", "revoke", "ci"]))
        .await
        .fails_saying("revoking a missing token", &["ci", "not found"]);

    // Mistakes.
    let short = with_config(&["user", "add", "bob", "--role", "editor", "--password-stdin"]);
    run_stdin(d, &short, "short\n").await.fails_saying("a short password", &["password", "10"]);
    let role = with_config(&["user", "add", "bob", "--role", "boss", "--password-stdin"]);
    let out = run_stdin(d, &role, "a long enough password\n").await;
    out.fails_saying("an unknown role", &["boss", "--role", "admin, editor, member"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses the role: {out:?}");
    run_stdin(d, &add_alice, "alice's first password\n")
        .await
        .fails_saying("a duplicate user", &["alice", "already exists"]);
    run(d, &with_config(&["user", "add", "carol", "--role", "member"]))
        .await
        .fails_saying("user add without a terminal", &["--password-stdin"]);
    run_stdin(
        d,
        &with_config(&["user", "add", "carol", "--role", "member", "--password-stdin"]),
        "",
    )
    .await
    .fails_saying("an empty stdin", &["stdin held no password"]);
    run(d, &with_config(&["token", "create", "x", "--user", "nobody"]))
        .await
        .fails_saying("a token for a missing user", &["nobody", "not found"]);

    let out = run(d, &with_config(&["user", "remove", "alice"])).await;
    assert_eq!(out.ok("user remove"), "removed alice\n");
    let listed = run(d, &with_config(&["user", "list"])).await;
    assert!(!listed.ok("user list").contains("alice"), "alice is gone: {listed:?}");
    run(d, &with_config(&["user", "remove", "alice"]))
        .await
        .fails_saying("removing a missing user", &["alice", "not found"]);
    run_stdin(
        d,
        &with_config(&["user", "passwd", "alice", "--password-stdin"]),
        "a new password\n",
    )
    .await
    .fails_saying("passwd of a missing user", &["alice", "not found"]);
}

/// Online account commands: sled is locked by the running node (listening on port 0), so the CLI
/// goes through its API, at the address the node wrote to its control file.
#[tokio::test]
async fn online_user_and_token_commands_go_through_the_running_node() {
    let dir = tempfile::tempdir().unwrap();
    let config = init_node(dir.path(), "127.0.0.1:0").await;
    let server = serve(&config).await;
    online_account_steps(dir.path(), config.to_str().unwrap(), &server).await;
    server.stop().await;
}

async fn online_account_steps(dir: &Path, config: &str, server: &Server) {
    let url = server.url.as_str();
    let add = ["user", "add", "bob", "--role", "editor", "--password-stdin", "--config", config];
    let out = run_stdin(dir, &add, "bob's long password\n").await;
    assert_eq!(out.ok("online user add"), "added bob (editor)\n");
    run_stdin(dir, &add, "bob's long password\n")
        .await
        .fails_saying("online duplicate user", &["bob", "already exists"]);
    let listed = run(dir, &["user", "list", "--config", config]).await;
    let listed = listed.ok("online user list").to_owned();
    assert!(listed.lines().any(|l| l.starts_with("admin\tadmin\t")), "{listed}");
    assert!(listed.lines().any(|l| l.starts_with("bob\teditor\t")), "{listed}");

    let out = run(dir, &["token", "create", "bobtoken", "--user", "bob", "--config", config]).await;
    let token = out.ok("online token create").trim().to_owned();
    assert!(token.starts_with("plt_"), "{out:?}");
    let listed = run(dir, &["token", "list", "--config", config]).await;
    assert!(listed.ok("online token list").contains("bobtoken\tbob\t"), "{listed:?}");

    // The account is real in the running node: bob logs in, and the token publishes.
    let (status, session) = login(url, "bob", "bob's long password").await;
    assert_eq!(status, 200, "bob logs in: {session}");
    assert_eq!(session["username"], "bob");
    assert!(session["token"].as_str().unwrap().starts_with("pls_"), "{session}");
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "online notes\n").unwrap();
    let publish = |token: String| {
        let notes = notes.clone();
        async move {
            let args = ["publish", notes.to_str().unwrap(), "--title", "Notes", "--node", url];
            let mut args = args.to_vec();
            args.extend(["--token", &token]);
            run(dir, &args).await
        }
    };
    let out = publish(token.clone()).await;
    assert!(is_record_id(out.ok("publish with bob's token").trim()), "{out:?}");

    let passwd = ["user", "passwd", "bob", "--password-stdin", "--config", config];
    run_stdin(dir, &passwd, "bob's new password\n").await.ok("online passwd");
    assert_eq!(login(url, "bob", "bob's long password").await.0, 401, "old password refused");
    assert_eq!(login(url, "bob", "bob's new password").await.0, 200, "new password works");

    run(dir, &["token", "revoke", "bobtoken", "--config", config]).await.ok("online revoke");
    publish(token).await.fails_saying("publish with a revoked token", &["authentication"]);
    run(dir, &["user", "remove", "bob", "--config", config]).await.ok("online user remove");
    assert_eq!(login(url, "bob", "bob's new password").await.0, 401, "bob is gone");
}

#[tokio::test]
async fn publish_uploads_files_and_get_shows_them_with_versions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = init_node(d, "127.0.0.1:0").await;
    let token = offline_editor_token(d, config.to_str().unwrap()).await;
    let server = serve(&config).await;
    let url = server.url.clone();

    let report = d.join("rapport annuel.txt");
    let annex = d.join("annex.pdf");
    let report_bytes = "Rapport annuel du comité\n".repeat(100).into_bytes();
    let annex_bytes: Vec<u8> = (0..300_000u32).map(|n| (n * 7 % 251) as u8).collect();
    std::fs::write(&report, &report_bytes).unwrap();
    std::fs::write(&annex, &annex_bytes).unwrap();
    let files = [(&report, &report_bytes, "text/plain"), (&annex, &annex_bytes, "application/pdf")];

    let out = run(
        d,
        &[
            "publish",
            report.to_str().unwrap(),
            annex.to_str().unwrap(),
            "--title",
            "Rapport annuel",
            "--lang",
            "fr",
            "--symbol",
            "CTO/RA(2025)1",
            "--visibility",
            "public",
            "--node",
            &url,
            "--token",
            &token,
        ],
    )
    .await;
    let v1 = out.ok("publish").trim().to_owned();
    assert!(is_record_id(&v1), "publish prints the record id: {out:?}");
    assert_eq!(out.stdout, format!("{v1}\n"), "the id alone on stdout");

    let out = run(d, &["get", &v1, "--node", &url, "--token", &token]).await;
    let view: Value = serde_json::from_str(out.ok("get")).unwrap();
    assert_eq!(view["id"], v1.as_str());
    assert_eq!(view["verified"], true);
    assert_eq!(view["record"]["header"]["kind"], "document");
    assert_eq!(view["record"]["header"]["visibility"], "public");
    assert_eq!(view["record"]["header"]["origin"], server.node_id.as_str());
    let body = &view["record"]["body"];
    assert_eq!(body["title"], "Rapport annuel");
    assert_eq!(body["symbol"], "CTO/RA(2025)1");
    assert_eq!(body["language"], "fr");
    let attachments = body["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), files.len(), "one attachment per file: {body}");
    let http = reqwest::Client::new();
    for ((path, bytes, media_type), attachment) in files.iter().zip(attachments) {
        let sha = sha256_hex(bytes);
        assert_eq!(attachment["sha256"], sha.as_str(), "{}", path.display());
        assert_eq!(attachment["size"], bytes.len());
        assert_eq!(attachment["name"], path.file_name().unwrap().to_str().unwrap());
        assert_eq!(attachment["media_type"], *media_type);
        // Public: anyone may download it, byte for byte.
        let response = http.get(format!("{url}/api/v1/blobs/{sha}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "download {}", path.display());
        assert_eq!(&response.bytes().await.unwrap()[..], &bytes[..], "{}", path.display());
    }

    // Version 2 through PLENARY_NODE / PLENARY_TOKEN instead of flags.
    let env = [("PLENARY_NODE", url.as_str()), ("PLENARY_TOKEN", token.as_str())];
    let args = [
        "publish",
        report.to_str().unwrap(),
        "--title",
        "Rapport annuel (révisé)",
        "--lang",
        "fr",
        "--visibility",
        "public",
        "--supersedes",
        &v1,
    ];
    let out = run_env(d, &args, &env).await;
    let v2 = out.ok("publish v2 from env").trim().to_owned();
    assert!(is_record_id(&v2) && v2 != v1, "{out:?}");
    let out = run_env(d, &["get", &v1], &env).await;
    let view: Value = serde_json::from_str(out.ok("get v1 from env")).unwrap();
    assert_eq!(view["current"], v2.as_str(), "v1's current version is v2");
    assert_eq!(view["superseded_by"], json!([v2]));
    let out = run_env(d, &["get", &v2], &env).await;
    let view: Value = serde_json::from_str(out.ok("get v2")).unwrap();
    assert_eq!(view["current"], v2.as_str());
    assert_eq!(view["lineage"], v1.as_str());
    assert_eq!(view["record"]["body"]["supersedes"], v1.as_str());
    server.stop().await;
}

#[tokio::test]
async fn client_errors_are_clear_and_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = init_node(d, "127.0.0.1:0").await;
    let token = offline_editor_token(d, config.to_str().unwrap()).await;
    let server = serve(&config).await;
    let url = server.url.as_str();
    let file = d.join("doc.txt");
    std::fs::write(&file, "a document\n").unwrap();
    let file = file.to_str().unwrap();

    let out = run(d, &["publish", file, "--title", "T", "--node", url]).await;
    out.fails_saying("publish without a token", &["authentication", "401"]);
    let out =
        run(d, &["publish", file, "--title", "T", "--node", url, "--token", "plt_bogus"]).await;
    out.fails_saying("publish with a bogus token", &["authentication", "401"]);

    let missing = d.join("no such file.pdf");
    let missing = missing.to_str().unwrap();
    let out = run(d, &["publish", missing, "--title", "T", "--node", url, "--token", &token]).await;
    out.fails_saying("publish of a missing file", &[missing]);

    let nowhere = format!("http://{}", released_address());
    let out =
        run(d, &["publish", file, "--title", "T", "--node", &nowhere, "--token", &token]).await;
    out.fails_saying("publish to nothing", &["cannot reach the node", &nowhere]);
    let out = run(d, &["get", &"0".repeat(64), "--node", &nowhere, "--token", &token]).await;
    out.fails_saying("get from nothing", &["cannot reach the node", &nowhere]);
    let out = run(d, &["get", &"0".repeat(64), "--node", "not-a-url"]).await;
    out.fails_saying("a malformed node url", &["not-a-url", "is not a node url"]);

    let unknown = "ab".repeat(32);
    let out = run(d, &["get", &unknown, "--node", url, "--token", &token]).await;
    out.fails_saying("get of an unknown id", &[&unknown, "record_not_found", "404"]);

    let out = run(d, &["get", "not-an-id", "--node", url, "--token", &token]).await;
    out.fails_saying("get of a malformed id", &["not-an-id", "<ID>", "64"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses the id: {out:?}");

    let out = run(
        d,
        &[
            "publish",
            file,
            "--title",
            "T",
            "--visibility",
            "everyone",
            "--node",
            url,
            "--token",
            &token,
        ],
    )
    .await;
    out.fails_saying("an unknown visibility", &["--visibility", "everyone"]);
    assert!(out.stdout.is_empty(), "nothing published: {out:?}");
    server.stop().await;
}

#[tokio::test]
async fn serve_on_the_embedded_default_creates_a_node_once_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let env = [
        ("PLENARY_NODE_LISTEN", "127.0.0.1:0"),
        ("PLENARY_NODE_PUBLIC_URL", "http://127.0.0.1:7700"),
    ];
    let first = try_serve(d, &[], &env).await.unwrap_or_else(|e| panic!("serve: {e}"));
    let key = d.join("plenary-data").join("node.key");
    assert!(key.is_file(), "serve creates ./plenary-data/node.key");
    assert_eq!(mode(&key), 0o600, "the key is private");
    assert!(!d.join("plenary.toml").exists(), "no config file is written");
    assert!(is_node_id(&first.node_id), "{}", first.node_id);
    let password = first.password.clone().expect("the first start prints the admin password");
    assert!(password.len() >= 10, "{password}");
    let shown = first.banner.iter().filter(|l| l.contains("password:")).count();
    assert_eq!(shown, 1, "password shown once: {:?}", first.banner);

    let health: Value =
        reqwest::get(format!("{}/healthz", first.url)).await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["node_id"], first.node_id.as_str());
    assert_eq!(login(&first.url, "admin", &password).await.0, 200, "the printed password works");
    let node_id = first.node_id.clone();
    let rest = first.stop().await;
    assert!(!rest.iter().any(|l| l.contains("password")), "nothing more printed: {rest:?}");

    let id = run_env(d, &["id"], &env).await;
    assert_eq!(id.ok("id on the embedded default"), format!("{node_id}\n"));

    let second = try_serve(d, &[], &env).await.unwrap_or_else(|e| panic!("second serve: {e}"));
    assert_eq!(second.node_id, node_id, "same node id after a restart");
    assert!(second.password.is_none(), "no second password: {:?}", second.banner);
    assert!(!second.banner.iter().any(|l| l.contains("password")), "{:?}", second.banner);
    let health: Value =
        reqwest::get(format!("{}/healthz", second.url)).await.unwrap().json().await.unwrap();
    assert_eq!(health["node_id"], node_id.as_str());
    assert_eq!(login(&second.url, "admin", &password).await.0, 200, "the admin survives");
    second.stop().await;
}

#[tokio::test]
async fn serve_refuses_a_taken_port_naming_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let env = [("PLENARY_NODE_LISTEN", address.as_str())];
    let stderr = match try_serve(dir.path(), &[], &env).await {
        Ok(server) => {
            server.stop().await;
            panic!("serve started on the taken address {address}");
        }
        Err(stderr) => stderr,
    };
    assert!(stderr.contains(&address) && stderr.contains("cannot listen"), "{stderr}");

    // Same with a config file, and a second node on the same data is refused by its lock.
    let config = init_node(dir.path(), &address).await;
    let config = config.to_str().unwrap();
    let out = run(dir.path(), &["serve", "--config", config]).await;
    out.fails_saying("serve on a taken port", &["cannot listen", &address]);
    drop(taken);
    let running =
        try_serve(dir.path(), &["--config", config], &[("PLENARY_NODE_LISTEN", "127.0.0.1:0")])
            .await
            .unwrap_or_else(|e| panic!("serve: {e}"));
    let out = run_env(
        dir.path(),
        &["serve", "--config", config],
        &[("PLENARY_NODE_LISTEN", "127.0.0.1:0")],
    )
    .await;
    out.fails_saying("a second node on the same data", &["locked", "running"]);
    running.stop().await;
}

#[tokio::test]
async fn search_finds_published_files_and_reindex_rebuilds_online_and_offline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = init_node(d, "127.0.0.1:0").await;
    let config = config.to_str().unwrap().to_owned();
    let token = offline_editor_token(d, &config).await;
    let server = serve(Path::new(&config)).await;
    let url = server.url.clone();
    let notes = d.join("notes.txt");
    std::fs::write(&notes, "The working party discussed quinoa tariffs at length.\n").unwrap();
    let args = [
        "publish",
        notes.to_str().unwrap(),
        "--title",
        "Working party notes",
        "--visibility",
        "public",
    ];
    let mut args = args.to_vec();
    args.extend(["--node", &url, "--token", &token]);
    let id = run(d, &args).await.ok("publish").trim().to_owned();

    // The file's text is extracted and indexed shortly after publishing.
    let search = |query: &'static str| {
        let (url, token) = (url.clone(), token.clone());
        async move { run(d, &["search", query, "--node", &url, "--token", &token]).await }
    };
    let listing = std::sync::Mutex::new(String::new());
    eventually("search finds the published notes", Duration::from_secs(20), || async {
        let text = search("quinoa").await.ok("search").to_owned();
        let found = text.starts_with("1 results");
        *listing.lock().unwrap() = text;
        found
    })
    .await;
    let listing = listing.into_inner().unwrap();
    assert!(listing.contains("Working party notes") && listing.contains(&id), "{listing}");
    assert!(listing.contains("[quinoa]"), "the snippet marks the match: {listing}");
    let json = run(d, &["search", "quinoa", "--json", "--node", &url, "--token", &token]).await;
    let page: Value = serde_json::from_str(json.ok("search --json")).unwrap();
    assert_eq!(page["hits"][0]["id"], id.as_str());
    search("\"unbalanced")
        .await
        .fails_saying("a malformed query", &["bad query", "unbalanced quotes"]);

    let online = run(d, &["reindex", "--config", &config]).await;
    assert!(online.ok("online reindex").contains("rebuilding"), "{online:?}");
    server.stop().await;
    let offline = run(d, &["reindex", "--config", &config]).await;
    assert!(offline.ok("offline reindex").starts_with("reindexed "), "{offline:?}");
    let server = serve(Path::new(&config)).await;
    let (url, token) = (server.url.clone(), token.clone());
    let out = run(d, &["search", "quinoa", "--node", &url, "--token", &token]).await;
    assert!(out.ok("search after reindex").starts_with("1 results"), "{out:?}");
    server.stop().await;
}
