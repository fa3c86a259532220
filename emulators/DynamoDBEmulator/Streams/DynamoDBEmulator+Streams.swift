import DrydockCore
import DrydockHTTP
import Foundation

/// The DynamoDB Streams API (`X-Amz-Target: DynamoDBStreams_20120810.<Action>`): ListStreams,
/// DescribeStream, GetShardIterator, GetRecords, over the streams of this emulator's tables.
///
/// Texts: "Requested resource not found: Stream: <arn> not found", "Invalid ShardId in ShardIterator"
/// and "Shard iterator has expired" are AWS's as seen in public reports; Coral's member constraints
/// follow the Streams API Reference's limits; texts marked "assumed" could not be confirmed.
extension DynamoDBEmulator {
    /// Every DynamoDBStreams_20120810 action.
    static let streamsActions = ["DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"]

    /// The request's action when this emulator knows it: a DynamoDB action or a DynamoDB Streams one.
    static func knownAction(of request: HTTPRequest) -> String? {
        if let action = DynamoDBTarget.action(of: request) { return knownActionSet.contains(action) ? action : nil }
        if let action = DynamoDBTarget.streamsAction(of: request) { return streamsActions.contains(action) ? action : nil }
        return nil
    }

    // MARK: ListStreams

    /// ListStreams: the region's readable streams (enabled, or disabled less than 24 hours ago), by
    /// ARN, optionally of one table; `Limit` 1–100 (default 100) after `ExclusiveStartStreamArn`.
    func listStreams(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let limit = try call.body.int("Limit")
        let tableName = try call.body.string("TableName")
        let start = try call.body.string("ExclusiveStartStreamArn")
        var violations: [String] = []
        Self.checkRange(limit, member: "limit", 1...100, into: &violations)
        if let tableName { CreateTableRequest.checkTableName(tableName, member: "tableName", into: &violations) }
        Self.checkLength(start, member: "exclusiveStartStreamArn", Self.streamArnLength, into: &violations)
        if !violations.isEmpty { throw .constraint(violations) }
        if let start, !Self.isStreamArn(start) { throw Self.invalidStreamArn }
        let streams = streamsSnapshot(region: call.region, now: call.now)
            .filter { tableName == nil || $0.tableName == tableName }
            .sorted { Array($0.arn.utf8).lexicographicallyPrecedes(Array($1.arn.utf8)) }
        let after = streams.filter { stream in
            start.map { Array($0.utf8).lexicographicallyPrecedes(Array(stream.arn.utf8)) } ?? true
        }
        let page = after.prefix(limit ?? 100)
        var members: [(String, JSONValue)] = [("Streams", .array(page.map { stream in
            ["StreamArn": .string(stream.arn), "TableName": .string(stream.tableName), "StreamLabel": .string(stream.label)]
        }))]
        if page.count < after.count, let last = page.last { members.append(("LastEvaluatedStreamArn", .string(last.arn))) }
        return .object(members)
    }

    // MARK: DescribeStream

    /// DescribeStream: status, view type, key schema and the shard (with its sequence-number range;
    /// `EndingSequenceNumber` once the stream is disabled). `ExclusiveStartShardId` lists the shards
    /// after that id (none for an id past the last, as DynamoDB answers an unknown one).
    /// `ShardFilter` `{"Type": "CHILD_SHARDS", "ShardId": parent}` lists that shard's children:
    /// none here, as the one shard never splits (a filter without both members is not applied; what
    /// DynamoDB does with one is not documented).
    func describeStream(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let arn = try call.body.string("StreamArn")
        let limit = try call.body.int("Limit")
        let startShard = try call.body.string("ExclusiveStartShardId")
        let filter = try call.body.object("ShardFilter")
        let filterType = try filter?.string("Type")
        let filterShard = try filter?.string("ShardId")
        var violations: [String] = []
        if arn == nil { violations.append("Value null at 'streamArn' failed to satisfy constraint: Member must not be null") }
        Self.checkLength(arn, member: "streamArn", Self.streamArnLength, into: &violations)
        Self.checkRange(limit, member: "limit", 1...100, into: &violations)
        Self.checkLength(startShard, member: "exclusiveStartShardId", Self.shardIDLength, into: &violations)
        if let filterType, filterType != "CHILD_SHARDS" {
            violations.append("Value '\(filterType)' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]")
        }
        Self.checkLength(filterShard, member: "shardFilter.shardId", Self.shardIDLength, into: &violations)
        if !violations.isEmpty { throw .constraint(violations) }
        guard let arn, Self.isStreamArn(arn) else { throw Self.invalidStreamArn }
        let stream = try withStream(arn, region: call.region, now: call.now) { (stream) throws(DynamoDBError) in stream }
        let childrenOf = filterType == nil ? nil : filterShard
        let shards = [stream.shardID].filter { id in
            // No shard has a parent, so no shard is anyone's child.
            childrenOf == nil && (startShard.map { Array($0.utf8).lexicographicallyPrecedes(Array(id.utf8)) } ?? true)
        }
        var range: [(String, JSONValue)] = [("StartingSequenceNumber", .string(TableStream.sequenceNumber(stream.startingSequence)))]
        if let ending = stream.endingSequence { range.append(("EndingSequenceNumber", .string(TableStream.sequenceNumber(ending)))) }
        let description: [(String, JSONValue)] = [
            ("StreamArn", .string(stream.arn)),
            ("StreamLabel", .string(stream.label)),
            ("StreamStatus", .string(stream.status)),
            ("StreamViewType", .string(stream.viewType.rawValue)),
            ("CreationRequestDateTime", TableDefinition.epoch(stream.createdAt)),
            ("TableName", .string(stream.tableName)),
            ("KeySchema", stream.keySchema.json),
            ("Shards", .array(shards.prefix(limit ?? 100).map { id in
                ["ShardId": .string(id), "SequenceNumberRange": .object(range)]
            })),
        ]
        return ["StreamDescription": .object(description)]
    }

    // MARK: GetShardIterator

    enum ShardIteratorType: String {
        case trimHorizon = "TRIM_HORIZON", latest = "LATEST"
        case atSequenceNumber = "AT_SEQUENCE_NUMBER", afterSequenceNumber = "AFTER_SEQUENCE_NUMBER"
    }

    /// GetShardIterator: TRIM_HORIZON (the oldest record kept), LATEST (after the newest), and
    /// AT_/AFTER_SEQUENCE_NUMBER (which need `SequenceNumber`, and refuse one older than the trim
    /// point with TrimmedDataAccessException).
    func getShardIterator(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let arn = try call.body.string("StreamArn")
        let shardID = try call.body.string("ShardId")
        let typeName = try call.body.string("ShardIteratorType")
        let sequenceText = try call.body.string("SequenceNumber")
        var violations: [String] = []
        if arn == nil { violations.append("Value null at 'streamArn' failed to satisfy constraint: Member must not be null") }
        Self.checkLength(arn, member: "streamArn", Self.streamArnLength, into: &violations)
        if shardID == nil { violations.append("Value null at 'shardId' failed to satisfy constraint: Member must not be null") }
        Self.checkLength(shardID, member: "shardId", Self.shardIDLength, into: &violations)
        if typeName == nil {
            violations.append("Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be null")
        } else if let typeName, ShardIteratorType(rawValue: typeName) == nil {
            violations.append("Value '\(typeName)' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]")
        }
        Self.checkLength(sequenceText, member: "sequenceNumber", 21...40, into: &violations)
        if !violations.isEmpty { throw .constraint(violations) }
        guard let arn, let shardID, let type = typeName.flatMap(ShardIteratorType.init(rawValue:)) else { throw .missing("streamArn") }
        guard Self.isStreamArn(arn) else { throw Self.invalidStreamArn }
        let needsSequence = type == .atSequenceNumber || type == .afterSequenceNumber
        if needsSequence, sequenceText == nil {
            throw .validation("Invalid Request: SequenceNumber is required for ShardIteratorType \(type.rawValue)")  // assumed
        }
        if !needsSequence, sequenceText != nil {
            throw .validation("Invalid Request: SequenceNumber must not be provided for ShardIteratorType \(type.rawValue)")  // assumed
        }
        let position = try withStream(arn, region: call.region, now: call.now) { (stream) throws(DynamoDBError) -> UInt64 in
            guard stream.shardID == shardID else {
                throw DynamoDBError(
                    type: "ResourceNotFoundException",
                    message: "Requested resource not found: Shard: \(shardID) in Stream: \(arn) not found")  // assumed
            }
            switch type {
            case .trimHorizon: return stream.trimmedBelow
            case .latest: return stream.nextSequence
            case .atSequenceNumber, .afterSequenceNumber:
                guard let text = sequenceText, let sequence = TableStream.sequenceValue(text),
                      sequence >= stream.startingSequence, sequence <= max(stream.startingSequence, stream.nextSequence - 1) else {
                    throw .validation("Invalid SequenceNumber: \(sequenceText ?? "") for shard: \(shardID)")  // assumed
                }
                if sequence < stream.trimmedBelow { throw Self.trimmed }
                return type == .atSequenceNumber ? sequence : sequence + 1
            }
        }
        let iterator = ShardIterator(streamArn: arn, shardID: shardID, position: position, issuedAt: call.now)
        return ["ShardIterator": .string(iterator.text)]
    }

    // MARK: GetRecords

    /// GetRecords: up to `Limit` (1–1000, default 1000) records and about 1 MB from the iterator's
    /// position, with `NextShardIterator` (absent once a closed shard is read to its end).
    func getRecords(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let text = try call.body.string("ShardIterator")
        let limit = try call.body.int("Limit")
        var violations: [String] = []
        if text == nil { violations.append("Value null at 'shardIterator' failed to satisfy constraint: Member must not be null") }
        Self.checkLength(text, member: "shardIterator", 1...2048, into: &violations)
        Self.checkRange(limit, member: "limit", 1...1000, into: &violations)
        if !violations.isEmpty { throw .constraint(violations) }
        guard let text, let iterator = ShardIterator(parsing: text), Self.isStreamArn(iterator.streamArn) else {
            throw .validation("Invalid ShardIterator")  // assumed wording; DynamoDB answers ValidationException
        }
        if iterator.isExpired(at: call.now) {
            throw DynamoDBError(type: "ExpiredIteratorException", message: "Shard iterator has expired")
        }
        return try withStream(iterator.streamArn, region: call.region, now: call.now) { (stream) throws(DynamoDBError) -> JSONValue in
            guard stream.shardID == iterator.shardID else {
                throw DynamoDBError(type: "ResourceNotFoundException", message: "Invalid ShardId in ShardIterator")
            }
            if iterator.position < stream.trimmedBelow { throw Self.trimmed }
            let records = stream.records(from: iterator.position, limit: limit ?? 1000)
            var members: [(String, JSONValue)] = [("Records", .array(records.map { $0.json(stream: stream) }))]
            let next = records.last.map { $0.sequence + 1 } ?? max(iterator.position, stream.trimmedBelow)
            if let ending = stream.endingSequence, next > ending { return .object(members) }
            let nextIterator = ShardIterator(streamArn: stream.arn, shardID: stream.shardID, position: next, issuedAt: call.now)
            members.append(("NextShardIterator", .string(nextIterator.text)))
            return .object(members)
        }
    }

    // MARK: Lookup

    /// Runs `body` on the stream `arn` of `region` (a table's, or a retired one still readable), after
    /// trimming it to its last 24 hours; ResourceNotFoundException when there is none.
    func withStream<T>(
        _ arn: String, region: String, now: Date, _ body: (inout TableStream) throws(DynamoDBError) -> T
    ) throws(DynamoDBError) -> T {
        try state.withLock { (state) throws(DynamoDBError) -> T in
            let notFound = DynamoDBError(type: "ResourceNotFoundException", message: "Requested resource not found: Stream: \(arn) not found")
            // Taken out of the state while in use (and put back on every path), so nothing is copied.
            guard var regionState = state.regions.removeValue(forKey: region) else { throw notFound }
            defer { state.regions[region] = regionState }
            regionState.retiredStreams.removeAll { !$0.isReadable(at: now) }
            if let name = Self.tableName(inStreamArn: arn), var table = regionState.tables.removeValue(forKey: name) {
                var current = table.stream
                table.stream = nil
                defer {
                    table.stream = current
                    regionState.tables[name] = table
                }
                if var stream = current, stream.arn == arn, stream.isReadable(at: now) {
                    current = nil
                    defer { current = stream }
                    stream.trim(now: now)
                    return try body(&stream)
                }
            }
            guard let index = regionState.retiredStreams.firstIndex(where: { $0.arn == arn }) else { throw notFound }
            regionState.retiredStreams[index].trim(now: now)
            return try body(&regionState.retiredStreams[index])
        }
    }

    /// Every readable stream of `region`.
    func streamsSnapshot(region: String, now: Date) -> [TableStream] {
        state.withLock { state in
            guard let regionState = state.regions[region] else { return [] }
            let current = regionState.tables.values.compactMap(\.stream)
            return (current + regionState.retiredStreams).filter { $0.isReadable(at: now) }
        }
    }

    /// `arn:<partition>:dynamodb:<region>:<account>:table/<name>/stream/<label>`.
    static func isStreamArn(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "dynamodb", !parts[3].isEmpty, !parts[4].isEmpty else { return false }
        return tableName(inStreamArn: text) != nil
    }

    /// The table name in a stream ARN.
    static func tableName(inStreamArn arn: String) -> String? {
        guard let table = arn.range(of: ":table/"), let stream = arn.range(of: "/stream/", range: table.upperBound..<arn.endIndex),
              table.upperBound < stream.lowerBound, stream.upperBound < arn.endIndex else { return nil }
        return String(arn[table.upperBound..<stream.lowerBound])
    }

    /// A ValidationException for a StreamArn that is not one (AWS's text as an AWS SDK's integration
    /// test matches it).
    static let invalidStreamArn = DynamoDBError.validation("Invalid StreamArn")

    /// Reading before the trim point (24 hours). The live service's text as a user of DynamoDB Streams
    /// quotes it (ironSource/node-dynamodb-stream#13, 2019); DynamoDB Local answers the API Reference's
    /// description instead ("The operation attempted to read past the oldest stream record in a shard.").
    static let trimmed = DynamoDBError(
        type: "TrimmedDataAccessException",
        message: "The data you are trying to access has been trimmed")

    /// The Streams API Reference's length constraints on `StreamArn` (and `ExclusiveStartStreamArn`)
    /// and on shard ids.
    static let streamArnLength = 37...1024
    static let shardIDLength = 28...65

    /// A member's length constraint as Coral words it, counted in UTF-16 units as Java counts a
    /// string's length (nothing for an absent member).
    static func checkLength(_ value: String?, member: String, _ range: ClosedRange<Int>, into violations: inout [String]) {
        guard let value else { return }
        let length = value.utf16.count
        if length < range.lowerBound {
            violations.append("Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length greater than or equal to \(range.lowerBound)")
        } else if length > range.upperBound {
            violations.append("Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to \(range.upperBound)")
        }
    }

    static func checkRange(_ value: Int?, member: String, _ range: ClosedRange<Int>, into violations: inout [String]) {
        guard let value else { return }
        if value < range.lowerBound {
            violations.append("Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have value greater than or equal to \(range.lowerBound)")
        } else if value > range.upperBound {
            violations.append("Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have value less than or equal to \(range.upperBound)")
        }
    }
}
