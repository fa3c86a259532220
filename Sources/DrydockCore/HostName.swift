#if canImport(Glibc)
import Glibc
#endif

/// This machine's name as gethostname(2) gives it: what `serve` also answers to on every interface, and
/// the shared token store's default holder id.
public enum HostName {
    /// The name, or nil when the call fails or the name is empty.
    public static func current() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
