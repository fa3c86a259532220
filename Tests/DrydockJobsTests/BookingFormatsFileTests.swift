import DrydockJobs
import DrydockYAML
import Foundation
import Testing

/// A formats file is checked when it is loaded: each kind of mistake is an error naming the file, the
/// line and the field.
@Suite struct BookingFormatsFileTests {
    /// `body` under the file's `version` and `formats` lines (so a format starts on line 3).
    static func file(_ body: String) -> String {
        "version: 1\nformats:\n" + body
    }

    static let valid = """
          - name: sailmarket
            match:
              from: sailmarket.example
            fields:
              bookingId: {regex: '#(?<bookingId>[A-Z]{2}-\\d{4})', in: [subject]}
              charterDate: {labels: [Trip date]}
              guest: {labels: [Guest]}
              partySize: {labels: [Guests]}
              amount: {labels: [Payout total]}

        """

    func error(_ text: String) throws -> BookingFormatsError {
        do {
            _ = try BookingFormatsFile.parse(text: text, file: "mine.yaml")
        } catch {
            return error
        }
        Issue.record("no error for:\n\(text)")
        throw CancellationError()
    }

    @Test func aValidFileLoads() throws {
        let formats = try BookingFormatsFile.parse(text: Self.file(Self.valid), file: "mine.yaml")
        #expect(formats.map(\.name) == ["sailmarket"])
        #expect(formats[0].origin == "mine.yaml:3")
    }

    @Test(arguments: [
        // (the file, the error code, line, text the message contains)
        ("version: 1\nformats: [\n", "syntax", 3, "not valid YAML"),
        ("formats: []\n", "missing-key", 1, "missing \"version: 1\""),
        ("version: 2\nformats: []\n", "bad-value", 1, "version: expected a number in 1...1"),
        (file(valid.replacingOccurrences(of: "    fields:", with: "    feilds:")), "unknown-key", 6, "unknown key \"feilds\""),
        (file(valid.replacingOccurrences(of: "guest: {labels: [Guest]}", with: "guest: {regex: '(?<guest>[a-'}")), "bad-regex", 9,
         "formats[0].fields.guest.regex: the regex does not compile"),
        (file(valid.replacingOccurrences(of: "guest: {labels: [Guest]}", with: "guest: {regex: 'Guest: (?<guestName>.+)'}")), "unknown-group", 9,
         "formats[0].fields.guest.regex: unknown group name \"guestName\""),
        (file(valid.replacingOccurrences(of: "guest: {labels: [Guest]}", with: "guest: {regex: 'Guest: (?<amount>.+)'}")), "unknown-group", 9,
         "must capture the value in a group named after the field: (?<guest>…)"),
        (file(valid.replacingOccurrences(of: "      guest: {labels: [Guest]}\n", with: "")), "missing-key", 7,
         "formats[0].fields: no rule reads guest"),
        (file(valid + valid), "duplicate-name", 12, "a format named \"sailmarket\" is already defined at line 3"),
        (file(valid.replacingOccurrences(of: "    fields:", with: "    dates: ['d QQQ yyyy']\n    fields:")), "bad-value", 6,
         "formats[0].dates[0]: \"d QQQ yyyy\": \"QQQ\" is not a date field"),
        (file(valid.replacingOccurrences(of: "    fields:", with: "    locale: xx_NOWHERE\n    fields:")), "bad-value", 6,
         "formats[0].locale: unknown locale \"xx_NOWHERE\""),
        (file(valid.replacingOccurrences(of: "    match:\n      from: sailmarket.example\n", with: "    match: {}\n")), "missing-key", 4,
         "formats[0].match: needs at least one rule"),
        (file(valid.replacingOccurrences(of: "      from: sailmarket.example\n", with: "      from: [not an address]\n")), "bad-value", 5,
         "formats[0].match.from[0]: expected a sender address or domain"),
        (file(valid.replacingOccurrences(of: "guest: {labels: [Guest]}", with: "guest: {labels: {a: b}}")), "wrong-type", 9,
         "formats[0].fields.guest.labels: expected a list"),
        (file(valid.replacingOccurrences(of: "guest: {labels: [Guest]}", with: "guest: {labels: [Guest], in: [body]}")), "bad-value", 9,
         "formats[0].fields.guest.in[0]: expected one of text | html | subject"),
        (file(valid.replacingOccurrences(of: "guest: {labels: [Guest]}", with: "guest: {labels: [Guest]}\n      currency: {default: euro}")), "bad-value", 10,
         "formats[0].fields.currency.default: expected an ISO 4217 code"),
        (file(valid.replacingOccurrences(of: "  - name: sailmarket", with: "  - name: sail market")), "bad-value", 3,
         "formats[0].name: expected a name"),
    ])
    func eachKindOfMistakeNamesTheFileLineAndField(text: String, code: String, line: Int, message: String) throws {
        let problem = try error(text)
        #expect(problem.code.description == code, "\(problem)")
        #expect(problem.underlying.file == "mine.yaml")
        #expect(problem.underlying.line == line, "\(problem)")
        #expect(problem.description.contains(message), "\(problem)")
        #expect(problem.description.hasPrefix("formats file: mine.yaml:\(line):"), "\(problem)")
    }

    @Test func anUnreadableOrEmptyFile() throws {
        do {
            _ = try BookingFormatsFile.load(path: "/nonexistent/formats.yaml")
            Issue.record("loaded")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description == "formats file: /nonexistent/formats.yaml: cannot read the file")
        }
        let empty = try error("")
        #expect(empty.code == .missingKey)
    }
}
