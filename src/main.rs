//! The `plenary` binary: everything is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    plenary::cli::main()
}
