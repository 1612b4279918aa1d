fn main() -> std::process::ExitCode {
    waymark::cmd::main()
}
