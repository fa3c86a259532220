import DrydockCore
import DrydockCrypto
import DrydockServices
import Foundation

/// One region's table for the month, ready to upload: gzip JSON lines, one DynamoDB item (DynamoDB JSON,
/// members sorted) per line, lines sorted, so the same items always give the same bytes.
public struct ExportedObject: Sendable, Equatable {
    public var region: String
    public var table: String
    public var key: String
    public var items: Int
    public var body: [UInt8]
    public var sha256: String
}

/// Reads a month from every region: `crew-dispatch` items with `dispatch_month = <month>` and the
/// `charter-chats` items of those bookings (one Query per booking, as `drydock dispatch` joins them).
/// Regions are read concurrently; any region that fails fails the export (a backup is never partial).
public struct MonthlyExport: Sendable {
    public let clients: [(region: String, client: DynamoDBClient)]
    public var dispatchTable = "crew-dispatch"
    public var chatsTable = "charter-chats"

    public init(clients: [(region: String, client: DynamoDBClient)]) {
        self.clients = clients
    }

    /// The objects, ordered by region then table.
    /// - Throws: the first failing region's error (by region name), prefixed with the region.
    public func run(month: String, layout: BackupLayout) throws -> [ExportedObject] {
        let outcomes = Mutexed<[String: Result<[ExportedObject], Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: clients.count) { index in
            let (region, client) = clients[index]
            let outcome = Result { try read(region: region, client: client, month: month, layout: layout) }
            outcomes.mutate { $0[region] = outcome }
        }
        var objects: [ExportedObject] = []
        for region in outcomes.value.keys.sorted() {
            switch outcomes.value[region] {
            case .success(let exported): objects += exported
            case .failure(let error): throw RegionFailure(region: region, underlying: error)
            case nil: break
            }
        }
        return objects
    }

    func read(region: String, client: DynamoDBClient, month: String, layout: BackupLayout) throws -> [ExportedObject] {
        let dispatch = try client.query([
            "TableName": .string(dispatchTable),
            "KeyConditionExpression": "dispatch_month = :m",
            "ExpressionAttributeValues": [":m": ["S": .string(month)]],
        ]).items
        let bookings = Set(dispatch.compactMap { $0["booking_id"]?["S"]?.stringValue }).sorted()
        var chats: [JSONValue] = []
        for booking in bookings {
            chats += try client.query([
                "TableName": .string(chatsTable),
                "KeyConditionExpression": "booking_id = :b",
                "ExpressionAttributeValues": [":b": ["S": .string(booking)]],
            ]).items
        }
        return [(dispatchTable, dispatch), (chatsTable, chats)].map { table, items in
            let body = Self.gzipLines(items)
            return ExportedObject(
                region: region, table: table, key: layout.objectKey(region: region, table: table), items: items.count,
                body: body, sha256: SHA256.hex(body))
        }
    }

    /// Items as sorted, canonical JSON lines, gzipped (no name or time in the gzip header).
    static func gzipLines(_ items: [JSONValue]) -> [UInt8] {
        let lines = items.map { canonical($0).serialized() }.sorted()
        let text = lines.map { $0 + "\n" }.joined()
        guard let compressed = Zlib.gzip(Array(text.utf8)) else { fatalError("zlib could not allocate its buffers") }
        return compressed
    }

    /// `value` with every object's members sorted by name, so equal items serialise alike.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): .object(members.map { ($0.0, canonical($0.1)) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
        case .array(let elements): .array(elements.map(canonical))
        default: value
        }
    }

    /// The items of a stored export (gzip JSON lines), at most `maximumBytes` inflated.
    public static func items(of body: [UInt8], maximumBytes: Int = 1 << 30) -> Result<[JSONValue], BackupError> {
        switch Zlib.inflate(body, maximumBytes: maximumBytes) {
        case .failure(let failure):
            return .failure(BackupError(.corruptObject, "the export does not inflate (\(failure))"))
        case .success(let text):
            var items: [JSONValue] = []
            for (number, line) in text.split(separator: UInt8(ascii: "\n")).enumerated() {
                guard let item = try? JSONValue.parse(Array(line)) else {
                    return .failure(BackupError(.corruptObject, "line \(number + 1) of the export is not JSON"))
                }
                items.append(item)
            }
            return .success(items)
        }
    }
}

/// A region's read failed; keeps the underlying error's exit status.
public struct RegionFailure: UserFacingError, @unchecked Sendable {
    public let region: String
    public let underlying: Error
    public var exitStatus: ExitStatus { (underlying as? UserFacingError)?.exitStatus ?? .software }
    public var description: String { "region \(region) could not be exported, so nothing was uploaded: \(underlying)" }
}
