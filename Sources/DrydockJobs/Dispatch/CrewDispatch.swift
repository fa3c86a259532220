import DrydockCore
import DrydockServices
import Foundation

/// `drydock dispatch`: the crew-dispatch table of every region, queried concurrently, merged and
/// de-duplicated by booking id, joined with each charter's messages from `charter-chats`. A region that
/// fails is reported, and the result says it is partial.
///
/// Table layout (fixtures/default/dynamodb): `crew-dispatch` keyed by `dispatch_month` ("2026-09") and
/// `departs_at` ("2026-09-05T13:00:00Z#HC-2026-0148"); `charter-chats` keyed by `booking_id` and `sent_at`.
public struct CrewDispatch: Sendable {
    /// One charter's dispatch.
    public struct Entry: Sendable, Equatable {
        public let bookingID: String
        public let departsAt: String
        public let boat: String
        public let captain: String
        public let crew: [String]
        public let status: String
        public let region: String
        public let updatedAt: String
        /// The region whose table this copy was read from (a replica keeps the charter's `region`).
        public var readFrom = ""
        /// `party_size`, when the item has one.
        public var partySize: Int? = nil
        public var chats: [Chat] = []
    }

    public struct Chat: Sendable, Equatable {
        public let sentAt: String
        public let from: String
        public let text: String
    }

    public struct Result: Sendable {
        public let entries: [Entry]
        /// Region → what went wrong, for regions that could not be read.
        public let failures: [(region: String, message: String)]
        /// The exit status each failed region's error maps to (`UserFacingError`), else internal error.
        public var failureStatuses: [String: ExitStatus] = [:]
        /// Copies that lost the newest-wins merge (a stale cross-region replica), for callers that report them.
        public var superseded: [Entry] = []
        /// Items read per region (before the merge).
        public var itemCounts: [String: Int] = [:]
        public var partial: Bool { !failures.isEmpty }
    }

    /// A client per region.
    public let clients: [(region: String, client: DynamoDBClient)]

    /// Whether to read each charter's `charter-chats` (one Query per charter; the report does not need them).
    public var includeChats = true

    public init(clients: [(region: String, client: DynamoDBClient)], includeChats: Bool = true) {
        self.clients = clients
        self.includeChats = includeChats
    }

    /// Every dispatch departing from `from` (inclusive, `YYYY-MM-DD`) through `to` (inclusive), UTC days.
    public func run(from: String, to: String) -> Result {
        let outcomes = Mutexed<[(String, Swift.Result<[Entry], Error>)]>([])
        DispatchQueue.concurrentPerform(iterations: clients.count) { index in
            let (region, client) = clients[index]
            let outcome = Swift.Result { try Self.read(client: client, from: from, to: to, chats: includeChats) }
            outcomes.mutate { $0.append((region, outcome)) }
        }
        var byBooking: [String: Entry] = [:]
        var failures: [(region: String, message: String)] = []
        var superseded: [Entry] = []
        var itemCounts: [String: Int] = [:]
        var failureStatuses: [String: ExitStatus] = [:]
        for (region, outcome) in outcomes.value.sorted(by: { $0.0 < $1.0 }) {
            switch outcome {
            case .success(let entries):
                itemCounts[region] = entries.count
                for var entry in entries {
                    entry.readFrom = region
                    // A booking replicated to two regions: keep the most recently updated copy.
                    if let existing = byBooking[entry.bookingID], existing.updatedAt >= entry.updatedAt {
                        superseded.append(entry)
                        continue
                    }
                    if let existing = byBooking[entry.bookingID] { superseded.append(existing) }
                    byBooking[entry.bookingID] = entry
                }
            case .failure(let error):
                failures.append((region: region, message: "\(error)"))
                failureStatuses[region] = (error as? UserFacingError)?.exitStatus ?? .software
            }
        }
        let entries = byBooking.values.sorted { ($0.departsAt, $0.bookingID) < ($1.departsAt, $1.bookingID) }
        return Result(entries: entries, failures: failures, failureStatuses: failureStatuses, superseded: superseded, itemCounts: itemCounts)
    }

    /// The months `YYYY-MM` from `from` to `to`.
    static func months(from: String, to: String) -> [String] {
        guard let start = BookingSearch.Month(String(from.prefix(7))), let end = BookingSearch.Month(String(to.prefix(7))) else { return [] }
        var months: [String] = []
        var month = start
        while (month.year, month.month) <= (end.year, end.month) {
            months.append(month.description)
            month = month.adding(1)
        }
        return months
    }

    static func read(client: DynamoDBClient, from: String, to: String, chats includeChats: Bool = true) throws -> [Entry] {
        var entries: [Entry] = []
        for month in months(from: from, to: to) {
            let result = try client.query([
                "TableName": "crew-dispatch",
                "KeyConditionExpression": "dispatch_month = :m AND departs_at BETWEEN :from AND :to",
                "ExpressionAttributeValues": [
                    ":m": ["S": .string(month)],
                    ":from": ["S": .string(from + "T00:00:00Z")],
                    ":to": ["S": .string(to + "T23:59:59Z~")],
                ],
            ])
            for item in result.items {
                guard var entry = Entry(item: item) else { continue }
                guard includeChats else {
                    entries.append(entry)
                    continue
                }
                let chats = try client.query([
                    "TableName": "charter-chats",
                    "KeyConditionExpression": "booking_id = :b",
                    "ExpressionAttributeValues": [":b": ["S": .string(entry.bookingID)]],
                ])
                entry.chats = chats.items.compactMap(Chat.init(item:))
                entries.append(entry)
            }
        }
        return entries
    }
}

extension CrewDispatch.Entry {
    init?(item: JSONValue) {
        func s(_ name: String) -> String? { item[name]?["S"]?.stringValue }
        guard let booking = s("booking_id"), let departs = s("departs_at") else { return nil }
        bookingID = booking
        departsAt = String(departs.split(separator: "#").first ?? Substring(departs))
        boat = s("boat") ?? ""
        captain = s("captain") ?? ""
        crew = item["crew"]?["L"]?.arrayValue?.compactMap { $0["S"]?.stringValue }
            ?? item["crew"]?["SS"]?.arrayValue?.compactMap(\.stringValue) ?? []
        status = s("status") ?? ""
        region = s("region") ?? ""
        updatedAt = s("updated_at") ?? ""
        partySize = item["party_size"]?["N"]?.stringValue.flatMap { Int($0) }
    }

    public var json: JSONValue {
        .object([
            ("bookingId", .string(bookingID)), ("departsAt", .string(departsAt)), ("boat", .string(boat)),
            ("captain", .string(captain)), ("crew", .array(crew.map { .string($0) })), ("status", .string(status)),
            ("region", .string(region)),
            ("chats", .array(chats.map { .object([("sentAt", .string($0.sentAt)), ("from", .string($0.from)), ("text", .string($0.text))]) })),
        ])
    }
}

extension CrewDispatch.Chat {
    init?(item: JSONValue) {
        guard let sent = item["sent_at"]?["S"]?.stringValue else { return nil }
        sentAt = sent
        from = item["from"]?["S"]?.stringValue ?? ""
        text = item["text"]?["S"]?.stringValue ?? ""
    }
}

/// A value shared between threads.
public final class Mutexed<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    public init(_ value: Value) { stored = value }
    public var value: Value { lock.withLock { stored } }
    public func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
