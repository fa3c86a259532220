import Foundation

/// A shard iterator: where in which shard of which stream a reader is, and when the iterator was
/// issued (it expires 15 minutes later).
///
/// Written as DynamoDB writes them, the stream ARN, `|1|`, then an opaque part (here base64 of
/// `shardId|position|issuedMillis`), so tools that read the ARN prefix keep working.
struct ShardIterator: Equatable {
    let streamArn: String
    let shardID: String
    /// The sequence number of the next record to read.
    let position: UInt64
    /// Milliseconds since 1970 when GetShardIterator or GetRecords issued it.
    let issuedMillis: Int64

    /// DynamoDB Streams iterators live 15 minutes.
    static let lifetime: TimeInterval = 15 * 60

    init(streamArn: String, shardID: String, position: UInt64, issuedAt: Date) {
        self.streamArn = streamArn
        self.shardID = shardID
        self.position = position
        self.issuedMillis = Int64((issuedAt.timeIntervalSince1970 * 1000).rounded(.down))
    }

    var text: String {
        streamArn + "|1|" + Data("\(shardID)|\(position)|\(issuedMillis)".utf8).base64EncodedString()
    }

    /// Parses an iterator this emulator issued; nil for anything else (any length: the caller has
    /// already held it to the API's 1–2048 characters).
    init?(parsing text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "1", let data = Data(base64Encoded: String(parts[2])),
              let inner = String(data: data, encoding: .utf8) else { return nil }
        let fields = inner.split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[0].isEmpty, let position = UInt64(fields[1]), let issued = Int64(fields[2]) else { return nil }
        streamArn = String(parts[0])
        shardID = String(fields[0])
        self.position = position
        issuedMillis = issued
    }

    func isExpired(at now: Date) -> Bool {
        let nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let (age, overflow) = nowMillis.subtractingReportingOverflow(issuedMillis)
        return overflow || age > Int64(Self.lifetime * 1000)
    }
}
