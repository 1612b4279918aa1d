fn main() -> std::process::ExitCode {
    // Like other command-line tools, stop quietly when the reader of the output goes away
    // (`waymark check --format json | head -1`) instead of panicking on the closed pipe.
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    waymark::cmd::main()
}
