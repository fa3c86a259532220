/// Gmail-style conversations from RFC 5322 headers: messages linked by `In-Reply-To` / `References`
/// to another message's `Message-ID` share a thread, and a thread's id is the id of its earliest
/// message (internal date, then id). Unlinked messages are threads of their own.
enum Threading {
    /// The thread id for each of `contents` (parallel to `ids`).
    static func threadIDs(_ contents: [ThreadingKey], ids: [UInt64]) -> [UInt64] {
        var parent = Array(contents.indices)
        func find(_ index: Int) -> Int {
            var root = index
            while parent[root] != root { root = parent[root] }
            var node = index
            while parent[node] != root {
                let next = parent[node]
                parent[node] = root
                node = next
            }
            return root
        }
        var byMessageID: [String: Int] = [:]
        for (index, content) in contents.enumerated() {
            if let key = content.messageID, byMessageID[key] == nil { byMessageID[key] = index }
        }
        for (index, content) in contents.enumerated() {
            for reference in content.referencedIDs {
                guard let other = byMessageID[reference] else { continue }
                let a = find(index), b = find(other)
                if a != b { parent[a] = b }
            }
        }
        // The earliest member of each component names the thread.
        var earliest: [Int: Int] = [:]
        for index in contents.indices {
            let root = find(index)
            if let current = earliest[root] {
                if (contents[index].internalDate, ids[index]) < (contents[current].internalDate, ids[current]) {
                    earliest[root] = index
                }
            } else {
                earliest[root] = index
            }
        }
        return contents.indices.map { ids[earliest[find($0)]!] }
    }
}

/// What threading reads of a message: its Message-ID, the ids it answers, and its internal date.
struct ThreadingKey: Sendable {
    let messageID: String?
    let referencedIDs: [String]
    let internalDate: Int64
}
