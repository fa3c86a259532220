import DrydockCore
import DrydockFixtures
import DrydockTesting
import Foundation
import Testing

/// `drydock report` as a child process against live emulators: the happy path, and every failure run
/// leaving the previous report byte-identical (or, with --allow-partial, a partial workbook and exit 2).
@Suite("report against live emulators", .timeLimit(.minutes(1)))
struct ReportCommandTests {
    static let spreadsheet = "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"
    static let previous = Array("the previous month's report (not a real workbook)".utf8)

    /// Runs the report into `dir/report.xlsx`, where a previous report already is.
    static func run(_ harness: EmulatorHarness, _ dir: TemporaryDirectory, month: String = "2026-09", _ extra: [String] = [],
                    env: [String: String] = [:]) throws -> ProcessResult {
        try Drydock.run(["report", "--month", month, "--out", dir.path + "/report.xlsx", "--spreadsheet", spreadsheet] + extra,
                        against: harness, extra: ["SOURCE_DATE_EPOCH": "1790000000"].merging(env) { $1 })
    }

    static func withPrevious(_ body: (TemporaryDirectory, String) throws -> Void) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/report.xlsx"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(previous)))
        try body(dir, path)
    }

    /// Only the report itself in the directory (no temporary file left behind).
    static func entries(_ dir: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func writesTheReportAndFindsTheDeliberateMismatches() throws {
        try withEmulators(.live) { harness in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let result = try Self.run(harness, dir, ["--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            let findings = lines.filter { $0["type"]?.stringValue == "finding" }.compactMap { line -> String? in
                guard let kind = line["kind"]?.stringValue, let id = line["bookingId"]?.stringValue else { return nil }
                return "\(kind) \(id)"
            }
            #expect(Set(findings) == ["missing_from_sheet HC-2026-0156", "stale_replica HC-2026-0148"])
            let usd = try #require(lines.first { $0["type"]?.stringValue == "total" && $0["currency"]?.stringValue == "USD" })
            #expect(usd["amount"]?.serialized() == "20356.25")
            let bytes = try #require(FileManager.default.contents(atPath: dir.path + "/report.xlsx"))
            #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
            #expect(try POSIXFile.status(dir.path + "/report.xlsx").permissions & 0o777 == 0o644)
            #expect(try Self.entries(dir) == ["report.xlsx"])
        }
    }

    /// With no --out, --spreadsheet or --regions, the host configuration supplies them: the report lands in
    /// `report.output_directory` as revenue-YYYY-MM.xlsx, read from `google.spreadsheet_id` and `aws.regions`.
    @Test func theHostConfigurationSuppliesTheSpreadsheetRegionsAndDirectory() throws {
        try withEmulators(.live) { harness in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let config = dir.path + "/config.yaml"
            try """
                google:
                  spreadsheet_id: \(Self.spreadsheet)
                aws:
                  regions: [us-east-1]
                report:
                  output_directory: \(dir.path)/reports
                """.write(toFile: config, atomically: false, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: dir.path + "/reports", withIntermediateDirectories: false)
            let result = try Drydock.run(
                ["report", "--month", "2026-09", "--json"], against: harness,
                extra: ["SOURCE_DATE_EPOCH": "1790000000", "DRYDOCK_CONFIG": config])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.path + "/reports/revenue-2026-09.xlsx"))
            let regions = Set(try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
                .filter { $0["type"]?.stringValue == "charter" }.compactMap { $0["region"]?.stringValue }.filter { !$0.isEmpty })
            #expect(regions == ["us-east-1"], "only aws.regions was read: \(regions)")
        }
    }

    @Test func neverOverwritesWithoutForce() throws {
        try withEmulators(.live) { harness in
            try Self.withPrevious { dir, path in
                let refused = try Self.run(harness, dir)
                #expect(refused.status == 64, "\(refused.stderr)")
                #expect(refused.stderr.contains("already exists; pass --force"))
                #expect(FileManager.default.contents(atPath: path) == Data(Self.previous))
                #expect(harness.journal(service: "gmail").isEmpty, "read sources before refusing")
                let forced = try Self.run(harness, dir, ["--force", "--mode", "640"])
                #expect(forced.status == 0, "\(forced.stderr)")
                #expect(FileManager.default.contents(atPath: path) != Data(Self.previous))
                #expect(try POSIXFile.status(path).permissions & 0o777 == 0o640)
            }
        }
    }

    @Test func aRevokedRefreshTokenWritesNothing() throws {
        try withEmulators(.live) { harness in
            let response = try harness.revoke(try harness.store.refreshToken())
            #expect(response.status == 200)
            try harness.writeCachedToken(expiresIn: -60)
            try Self.withPrevious { dir, path in
                let result = try Self.run(harness, dir, ["--force"])
                #expect(result.status == 77, "\(result.stderr)")
                #expect(result.stderr.contains("no report written"))
                #expect(result.stderr.contains("gmail failed"))
                #expect(result.stderr.contains("drydock reauth"))
                #expect(harness.tokenRequestCount == 1, "the refused token was asked for again")
                #expect(FileManager.default.contents(atPath: path) == Data(Self.previous))
                #expect(try Self.entries(dir) == ["report.xlsx"])
            }
        }
    }

    @Test func aThrottledRegionWritesNothingUnlessPartialIsAllowed() throws {
        try withEmulators(.live) { harness in
            try harness.addFault(#"{"service":"dynamodb","region":"us-west-2","action":{"type":"status","status":400,"reason":"ThrottlingException"}}"#)
            try Self.withPrevious { dir, path in
                let env = ["AWS_MAX_ATTEMPTS": "2"]
                let failed = try Self.run(harness, dir, ["--force"], env: env)
                #expect(failed.status == 75, "\(failed.stderr)")
                #expect(failed.stderr.contains("dynamodb us-west-2 failed"))
                #expect(FileManager.default.contents(atPath: path) == Data(Self.previous))
                let partial = try Self.run(harness, dir, ["--force", "--allow-partial", "--json"], env: env)
                #expect(partial.status == 2, "\(partial.stderr)")
                #expect(partial.stderr.contains("dynamodb us-west-2 failed"))
                #expect(partial.stdout.contains(#""type":"failure""#))
                // us-west-2's charters are not flagged as missing from dispatch: that region did not answer.
                #expect(!partial.stdout.contains("missing_from_dispatch"))
                #expect(FileManager.default.contents(atPath: path) != Data(Self.previous))
            }
        }
    }

    @Test func aMissingTabWritesNothing() throws {
        try withEmulators(.live) { harness in
            try Self.withPrevious { dir, path in
                let result = try Self.run(harness, dir, month: "2026-11", ["--force"])
                #expect(result.status == 78, "\(result.stderr)")
                #expect(result.stderr.contains("has no tab 'November'"))
                #expect(FileManager.default.contents(atPath: path) == Data(Self.previous))
                #expect(try Self.entries(dir) == ["report.xlsx"])
            }
        }
    }

    @Test func theSameInputsAndClockGiveTheSameBytes() throws {
        try withEmulators(.live) { harness in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let first = try Self.run(harness, dir)
            #expect(first.status == 0, "\(first.stderr)")
            let bytes = try #require(FileManager.default.contents(atPath: dir.path + "/report.xlsx"))
            let second = try Self.run(harness, dir, ["--force"])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(FileManager.default.contents(atPath: dir.path + "/report.xlsx") == bytes)
            let later = try Self.run(harness, dir, ["--force"], env: ["SOURCE_DATE_EPOCH": "1790000060"])
            #expect(later.status == 0)
            #expect(FileManager.default.contents(atPath: dir.path + "/report.xlsx") != bytes)
        }
    }

    @Test func rejectsBadOptions() throws {
        try withEmulators(.live) { harness in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            for (arguments, message) in [(["--month", "2026-13"], "--month must be YYYY-MM"), (["--mode", "999"], "--mode must be an octal mode")] {
                let result = try Drydock.run(["report", "--month", "2026-09", "--out", dir.path + "/r.xlsx"] + arguments, against: harness)
                #expect(result.status == 64)
                #expect(result.stderr.contains(message), "\(result.stderr)")
            }
            let noSheet = try Drydock.run(["report", "--month", "2026-09", "--out", dir.path + "/r.xlsx"], against: harness)
            #expect(noSheet.status == 78)
            #expect(noSheet.stderr.contains("DRYDOCK_SPREADSHEET_ID"))
        }
    }
}
