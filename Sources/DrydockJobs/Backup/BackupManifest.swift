import DrydockCore

/// The manifest of a month's backup (`manifests/<month>/manifest.json`): what was exported from where,
/// each object's key, item count, size and SHA-256. Written after every object is uploaded and read back,
/// so it never points at a missing object.
public struct BackupManifest: Sendable, Equatable {
    public struct Object: Sendable, Equatable {
        public var key: String
        public var region: String
        public var table: String
        public var items: Int
        public var bytes: Int
        /// Lowercase hex SHA-256 of the stored (gzip) bytes.
        public var sha256: String
    }

    public var month: String
    /// RFC 3339, UTC.
    public var generatedAt: String
    public var bucket: String
    public var sourceRegions: [String]
    public var tables: [String]
    public var objects: [Object]

    /// Everything but `generatedAt`: two runs over the same data have the same content.
    public func sameContent(as other: BackupManifest) -> Bool {
        var copy = other
        copy.generatedAt = generatedAt
        return copy == self
    }

    public var json: JSONValue {
        .object([
            ("month", .string(month)), ("generatedAt", .string(generatedAt)), ("bucket", .string(bucket)),
            ("sourceRegions", .array(sourceRegions.map(JSONValue.string))), ("tables", .array(tables.map(JSONValue.string))),
            ("objects", .array(objects.map { object in
                .object([
                    ("key", .string(object.key)), ("region", .string(object.region)), ("table", .string(object.table)),
                    ("items", .number(object.items)), ("bytes", .number(object.bytes)), ("sha256", .string(object.sha256)),
                ])
            })),
        ])
    }

    /// Parses a stored manifest; nil names what is wrong.
    public static func parse(_ bytes: [UInt8]) -> Result<BackupManifest, BackupError> {
        func bad(_ what: String) -> Result<BackupManifest, BackupError> {
            .failure(BackupError(.corruptManifest, "the manifest is not a Drydock backup manifest: \(what)"))
        }
        guard let document = try? JSONValue.parse(bytes) else { return bad("not JSON") }
        guard let month = document["month"]?.stringValue, let generatedAt = document["generatedAt"]?.stringValue else {
            return bad("no month or generatedAt")
        }
        let strings = { (name: String) in document[name]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        var objects: [Object] = []
        for (index, entry) in (document["objects"]?.arrayValue ?? []).enumerated() {
            guard let key = entry["key"]?.stringValue, let sha = entry["sha256"]?.stringValue, sha.count == 64,
                  let size = entry["bytes"]?.intValue, size >= 0 else {
                return bad("objects[\(index)] needs key, bytes and a 64-digit sha256")
            }
            objects.append(Object(
                key: key, region: entry["region"]?.stringValue ?? "", table: entry["table"]?.stringValue ?? "",
                items: entry["items"]?.intValue ?? 0, bytes: size, sha256: sha))
        }
        return .success(BackupManifest(
            month: month, generatedAt: generatedAt, bucket: document["bucket"]?.stringValue ?? "",
            sourceRegions: strings("sourceRegions"), tables: strings("tables"), objects: objects))
    }
}
