/// The walk every listing shares: keys in order after a starting point, under a prefix, rolled up into
/// common prefixes at the delimiter, stopped after `maxKeys` entries (a common prefix counts as one).
struct ListingWalk {
    enum Entry: Equatable {
        case key(String)
        case commonPrefix(String)
    }

    let prefix: String
    let delimiter: String?
    let maxKeys: Int

    /// The entries after `after` (exclusive), and whether more remain.
    func walk(_ sortedKeys: [String], after: String?) -> (entries: [Entry], truncated: Bool) {
        // max-keys=0 lists nothing and is not truncated (assumed: S3 answers an empty, untruncated page).
        guard maxKeys > 0 else { return ([], false) }
        var entries: [Entry] = []
        var lastPrefix: String?
        for key in sortedKeys {
            if let after, !after.utf8.lexicographicallyPrecedes(key.utf8) { continue }
            guard key.hasPrefix(prefix) else { continue }
            var entry = Entry.key(key)
            if let delimiter, !delimiter.isEmpty {
                let rest = key.dropFirst(prefix.count)
                if let range = rest.range(of: delimiter) {
                    let common = prefix + rest[..<range.upperBound]
                    if common == lastPrefix { continue }
                    // A continuation that ends inside a common prefix already listed skips it.
                    if let after, after.hasPrefix(common) { continue }
                    lastPrefix = common
                    entry = .commonPrefix(common)
                }
            }
            if entries.count == maxKeys { return (entries, true) }
            entries.append(entry)
        }
        return (entries, false)
    }
}
