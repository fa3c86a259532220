import DrydockCore
import DrydockTesting
import Foundation
import Testing

/// A server that created and deleted many tables gives their memory back: its resident size returns
/// near where it started (glibc keeps freed heap until `malloc_trim`, which `HeapTrimmer` runs after
/// DeleteTable; without it the process stayed at its peak).
@Suite("DynamoDB: deleted tables release their memory", .timeLimit(.minutes(3)))
struct DeletedTablesMemoryTests {
    static let tables = 1_000
    static let itemsPerTable = 10

    /// VmRSS of `pid`, in MiB.
    static func residentMiB(_ pid: Int32) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kib = try #require(Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""))
        return kib / 1024
    }

    @Test func creatingAndDeletingAThousandTablesReturnsNearTheStart() throws {
        let scratch = try TemporaryDirectory("ddb-memory")
        defer { scratch.remove() }
        let server = try DataDirectoryCrashTests.Server(data: nil, home: scratch.path)
        defer { server.process.terminate() }
        func table(_ index: Int) -> JSONValue { .string("memory-\(index)") }
        let value = JSONValue.string(String(repeating: "x", count: 1_000))
        _ = try server.client.call("ListTables", [:])
        let start = try Self.residentMiB(server.process.pid)
        for index in 0..<Self.tables {
            _ = try server.client.call("CreateTable", [
                "TableName": table(index), "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [["AttributeName": "pk", "AttributeType": "S"]],
                "KeySchema": [["AttributeName": "pk", "KeyType": "HASH"]],
            ])
            let puts: [JSONValue] = (0..<Self.itemsPerTable).map { item in
                ["PutRequest": ["Item": ["pk": ["S": .string("k\(item)")], "v": ["S": value]]]]
            }
            _ = try server.client.call("BatchWriteItem", ["RequestItems": .object([("memory-\(index)", .array(puts))])])
        }
        let peak = try Self.residentMiB(server.process.pid)
        #expect(peak - start >= 10, "the tables should take memory to give back (start \(start) MiB, peak \(peak) MiB)")
        for index in 0..<Self.tables {
            _ = try server.client.call("DeleteTable", ["TableName": table(index)])
        }
        var end = try Self.residentMiB(server.process.pid)
        let deadline = Date(timeIntervalSinceNow: 10)
        while end > start + 4, Date() < deadline {
            usleep(50_000)
            end = try Self.residentMiB(server.process.pid)
        }
        #expect(end <= start + 4, "start \(start) MiB, peak \(peak) MiB, after deleting every table \(end) MiB")
    }
}
