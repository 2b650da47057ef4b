//! The `frontline` binary: everything it does is the library's command line (`cli::main`).

fn main() -> std::process::ExitCode {
    frontline::cli::main()
}
