/// Where a month's backup lives in the bucket:
/// `<prefix>exports/<month>/<region>/<table>.jsonl.gz` for each region's table and
/// `<prefix>manifests/<month>/manifest.json` for the manifest, written last.
public struct BackupLayout: Sendable, Equatable {
    public let bucket: String
    /// "" or ending in `/`.
    public let prefix: String
    /// `YYYY-MM`.
    public let month: String

    public init(bucket: String, prefix: String, month: String) {
        self.bucket = bucket
        self.prefix = prefix
        self.month = month
    }

    public func objectKey(region: String, table: String) -> String {
        "\(prefix)exports/\(month)/\(region)/\(table).jsonl.gz"
    }

    public var manifestKey: String { "\(prefix)manifests/\(month)/manifest.json" }

    /// Whether `text` is a month `YYYY-MM` (01–12, years 2000–2999).
    public static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]) else { return false }
        return (2000...2999).contains(year) && (1...12).contains(month)
    }
}
