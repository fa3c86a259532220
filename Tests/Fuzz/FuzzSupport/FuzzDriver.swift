import CLibFuzzer

/// Runs libFuzzer from a fuzz target's own entry point.
///
/// Why each target defines `<module>_main` instead of relying on libFuzzer's `main`: SwiftPM links
/// every executable with `--defsym main=<module>_main` (so test targets can link executables), and
/// that symbol must exist. Each target therefore defines it (`@_cdecl("fuzz_gmail_query_main")`) and
/// calls `FuzzDriver.run`, which hands argv to `LLVMFuzzerRunDriver` — libFuzzer's documented entry
/// for programs with their own main. Each target also defines `LLVMFuzzerTestOneInput` (libFuzzer's
/// own `main`, linked in by `-sanitize=fuzzer`, refers to it), so either entry runs the same code.
public enum FuzzDriver {
    /// libFuzzer's callback: one input, 0 to keep it in the corpus if it found new coverage.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Parses libFuzzer's flags from the command line and fuzzes `test` until a limit or a crash.
    /// Returns libFuzzer's exit status.
    public static func run(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, test)
    }

    /// The input libFuzzer passes, copied (libFuzzer reuses its buffer).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }
}
