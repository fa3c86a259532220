import Foundation

/// A fresh directory under the system temp dir, removed by `remove()`; tests run in parallel, so each
/// gets its own.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Creates `…/drydock-<label>-XXXXXX` with mode 0700.
    public init(_ label: String = "test") throws {
        var template = Array((NSTemporaryDirectory().replacingOccurrences(of: "/+$", with: "", options: .regularExpression) + "/drydock-\(label)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: String(cString: template)])
        }
        path = String(cString: made)
    }

    /// `path/name`.
    public func appending(_ name: String) -> String { path + "/" + name }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
