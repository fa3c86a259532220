import DrydockCore
import DrydockTesting
@testable import EmulatorKit
import Synchronization
import Testing

/// A record `append` made durable stands whatever the compaction after it does.
@Suite struct GenerationLogTests {
    @Test func aSnapshotThatCannotBeWrittenLeavesTheRecordsLoggedAndIsTriedAgainLater() throws {
        let temporary = try TemporaryDirectory("genlog")
        defer { temporary.remove() }
        let warnings = Mutex<[String]>([])
        do {
            let log = try GenerationLog(
                directory: try DataDirectory(path: temporary.path), generation: 0, logValidSize: nil, compactionThreshold: 400)
            try log.startGeneration([(path: "state.json", bytes: Array("{}".utf8))])
            // An empty path component cannot be created: every compaction of this snapshot fails.
            let unwritable: () -> [(path: String, bytes: [UInt8])] = { [(path: "state//broken.json", bytes: [0x7B, 0x7D])] }
            for index in 0..<20 {
                try log.append(
                    .object([("n", .number(String(index))), ("pad", .string(String(repeating: "x", count: 40)))]),
                    snapshot: unwritable, warn: { line in warnings.withLock { $0.append(line) } })
            }
        }
        let directory = try DataDirectory(path: temporary.path)
        let (records, _) = try WriteAheadLog.read(name: directory.logName(1), in: directory)
        #expect(records.count == 20, "every record stays in the current log")
        let tries = warnings.withLock { $0 }
        #expect(!tries.isEmpty && tries.count < 20, "tried again only after another quarter threshold: \(tries.count)")
        #expect(tries.allSatisfy { $0.contains("could not be compacted") })
        #expect(try directory.latestGeneration() == 1)
    }
}
