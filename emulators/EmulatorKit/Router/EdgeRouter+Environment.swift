import Foundation

extension EdgeRouter {
    /// Every emulator's endpoint variables for an edge at `baseURL` (`http://127.0.0.1:8080`; a trailing
    /// `/` is dropped). A name two emulators both set keeps the first emulator's value.
    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var seen = Set<String>()
        return emulators.flatMap { $0.endpointVariables(baseURL: base) }.filter { seen.insert($0.name).inserted }
    }

    /// `export NAME='value'` lines for a shell to `eval`, values single-quoted safely.
    public func exportLines(baseURL: String) -> [String] {
        endpointVariables(baseURL: baseURL).map { "export \($0.name)=\(Self.shellQuoted($0.value))" }
    }

    /// `value` in single quotes, each `'` written as `'\''`.
    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
