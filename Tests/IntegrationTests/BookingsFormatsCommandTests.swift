import DrydockCore
import DrydockTesting
import Foundation
import Testing

/// `drydock bookings parse|formats|explain` as a user meets them: the built binary, offline for `parse`
/// and `formats`, against live emulators for `explain`.
@Suite("bookings formats, parse and explain")
struct BookingsFormatsCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DrydockJobsTests/Fixtures/formats").path

    static let sailmarket = """
        version: 1
        formats:
          - name: sailmarket
            match: {from: sailmarket.example}
            dates: ['EEE, MMM d']
            fields:
              bookingId: {regex: '#(?<bookingId>[A-Z]{2}-\\d{4})', in: [subject]}
              charterDate: {labels: [Trip date]}
              guest: {labels: [Guest]}
              partySize: {labels: [Guests]}
              amount: {labels: [Payout total]}
        """

    /// No configuration file, no secrets: `parse` needs neither.
    static func run(_ arguments: [String], home: String) throws -> ProcessResult {
        try ChildProcess.run(Drydock.path, arguments, environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
    }

    @Test func parseIsOfflineAndPassesOnceTheFormatsFileDescribesTheMessage() throws {
        let home = try TemporaryDirectory("parse")
        defer { home.remove() }
        let eml = Self.fixtures + "/marketplace-hx-7001.eml"
        let before = try Self.run(["bookings", "parse", eml], home: home.path)
        #expect(before.status == 1, "\(before.stderr)")
        #expect(before.stdout.contains("warning: looks like a confirmation but has no booking id; has an unreadable charter date 'Sat, Oct 10'; has no amount (nearest format: labelled)"))

        let formats = home.path + "/formats.yaml"
        try Self.sailmarket.write(toFile: formats, atomically: true, encoding: .utf8)
        let after = try Self.run(["bookings", "parse", "--formats", formats, "--json", eml], home: home.path)
        #expect(after.status == 0, "\(after.stderr)")
        let json = try JSONValue.parse(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["result"] == "confirmation")
        #expect(json["format"] == "sailmarket")
        #expect(json["booking"]?["bookingId"] == "HX-7001")
        #expect(json["booking"]?["charterDate"] == "2026-10-10")
        #expect(json["booking"]?["amount"] == .number("1480.00"))
        let trial = try #require(json["formats"]?.arrayValue?.first)
        let rule = try #require(trial["rules"]?.arrayValue?.first)
        #expect(rule["rule"] == "from")
        #expect(rule["actual"] == "no-reply@sailmarket.example")
    }

    @Test func theHostConfigurationNamesTheFormatsFile() throws {
        let home = try TemporaryDirectory("parse-config")
        defer { home.remove() }
        let formats = home.path + "/formats.yaml"
        try Self.sailmarket.write(toFile: formats, atomically: true, encoding: .utf8)
        let config = home.path + "/config.yaml"
        try "bookings:\n  formats: \(formats)\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try ChildProcess.run(
            Drydock.path, ["bookings", "parse", Self.fixtures + "/marketplace-hx-7001.eml"],
            environment: ["HOME": home.path, "PATH": "/usr/bin:/bin", "DRYDOCK_CONFIG": config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(Self.fixtures + "/marketplace-hx-7001.eml: confirmation HX-7001 (format sailmarket)"))
    }

    @Test func reportReadsMailWithTheConfiguredFormatsFile() throws {
        try withEmulators(.live) { harness in
            let home = try TemporaryDirectory("report-formats")
            defer { home.remove() }
            let formats = home.path + "/formats.yaml"
            try "version: 1\nformats: [{name: x, match: {from: a.example}, fields: {guest: {regex: '(?<nope>.)'}}}]\n"
                .write(toFile: formats, atomically: true, encoding: .utf8)
            let config = home.path + "/config.yaml"
            try "bookings:\n  formats: \(formats)\n".write(toFile: config, atomically: true, encoding: .utf8)
            let result = try Drydock.run(
                ["report", "--month", "2026-09", "--out", home.path + "/r.xlsx", "--spreadsheet", "1TrIpShEeTsHaRbOrChArTeRs2026DrYdOcKdEmO0a"],
                against: harness, extra: ["DRYDOCK_CONFIG": config])
            #expect(result.status == 78, "\(result.stderr)")
            #expect(result.stderr.contains("formats file: \(formats):2:"))
            #expect(result.stderr.contains("unknown group name \"nope\""))
            #expect(!FileManager.default.fileExists(atPath: home.path + "/r.xlsx"))
        }
    }

    @Test func aBadFormatsFileOrMessageFileIsNamed() throws {
        let home = try TemporaryDirectory("parse-bad")
        defer { home.remove() }
        let formats = home.path + "/formats.yaml"
        try Self.sailmarket.replacingOccurrences(of: "(?<bookingId>", with: "(?<booking>").write(toFile: formats, atomically: true, encoding: .utf8)
        let bad = try Self.run(["bookings", "parse", "--formats", formats, Self.fixtures + "/marketplace-hx-7001.eml"], home: home.path)
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("drydock: formats file: \(formats):7:"))
        #expect(bad.stderr.contains("formats[0].fields.bookingId.regex: unknown group name \"booking\""))

        let missing = try Self.run(["bookings", "parse", home.path + "/nope.eml"], home: home.path)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("nope.eml: cannot be read"))
    }

    @Test func formatsPrintWritesAFileThatLoadsBack() throws {
        let home = try TemporaryDirectory("formats-print")
        defer { home.remove() }
        let printed = try Self.run(["bookings", "formats", "--print"], home: home.path)
        #expect(printed.status == 0)
        let copy = home.path + "/copy.yaml"
        try printed.stdout.write(toFile: copy, atomically: true, encoding: .utf8)
        let listed = try Self.run(["bookings", "formats", "--formats", copy], home: home.path)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) } == ["labelled", "cancellation"])
        #expect(listed.stdout.contains("\(copy):"))
    }

    @Test func explainAMessageOfTheLiveMailbox() throws {
        try withEmulators(.live) { harness in
            let list = try Drydock.run(["bookings", "--month", "2026-10", "--json"], against: harness)
            let first = try JSONValue.parse(String(try #require(list.stdout.split(separator: "\n").first)))
            let id = try #require(first["messageId"]?.stringValue)
            let explained = try Drydock.run(["bookings", "explain", id, "--json"], against: harness)
            #expect(explained.status == 0, "\(explained.stderr)")
            let json = try JSONValue.parse(explained.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(json["result"] == "confirmation")
            #expect(json["format"] == "labelled")
            #expect(json["booking"]?["bookingId"] == first["bookingId"])
        }
    }
}
