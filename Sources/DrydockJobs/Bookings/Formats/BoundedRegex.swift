import Foundation

/// A regular expression from a formats file, run under a time budget: a pattern like `(a+)+$` takes
/// exponential time on some inputs, and neither Swift's `Regex` nor a task deadline can interrupt a
/// match in progress. ICU (behind `NSRegularExpression` on Linux and macOS) can: with `.reportProgress`
/// it calls back during the search (at each start position, and about every 10,000 steps of its
/// matching engine within one), and a callback that sets `stop` ends the match there. `MatchBudget`
/// reads the clock in those callbacks, so a bad pattern costs at most the budget per message and
/// format, and the evaluation records that it was stopped.
public struct BoundedRegex: Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// Its named groups (`(?<bookingId>…)`), in order.
    public let groupNames: [String]
    /// Immutable once made, and safe to share between threads.
    let expression: NSRegularExpression

    /// Patterns longer than this are refused (assumed: real field patterns are a line or two).
    public static let maximumLength = 2_000

    public struct CompileError: Error, Sendable { public let message: String }

    public init(_ pattern: String, options: NSRegularExpression.Options = []) throws(CompileError) {
        guard pattern.count <= Self.maximumLength else {
            throw CompileError(message: "the regex is longer than \(Self.maximumLength) characters")
        }
        do {
            expression = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw CompileError(message: "the regex does not compile (ICU syntax): \(pattern.prefix(80))")
        }
        self.pattern = pattern
        groupNames = RegexGroupNames.names(in: pattern)
    }

    public var description: String { pattern }

    /// One match: the whole matched text and each named group that took part.
    public struct Match: Sendable {
        public let text: String
        public let groups: [String: String]
    }

    /// The first match in `text`, or nil (also when the budget runs out, which `budget` records).
    public func firstMatch(in text: String, budget: MatchBudget) -> Match? {
        guard !budget.isExhausted else { return nil }
        budget.start()
        let searched = MatchBudget.capped(text)
        let nsText = searched as NSString
        var found: NSTextCheckingResult?
        expression.enumerateMatches(in: searched, options: [.reportProgress], range: NSRange(location: 0, length: nsText.length)) { result, flags, stop in
            if let result {
                found = result
                stop.pointee = true
            } else if flags.contains(.progress), budget.spendTick() == false {
                stop.pointee = true
            }
        }
        if budget.isExhausted, budget.stoppedPattern == nil { budget.stoppedPattern = pattern }
        guard let found else { return nil }
        var groups: [String: String] = [:]
        for name in groupNames {
            let range = found.range(withName: name)
            if range.location != NSNotFound { groups[name] = nsText.substring(with: range) }
        }
        return Match(text: nsText.substring(with: found.range), groups: groups)
    }

    /// Whether the pattern occurs in `text`.
    public func matches(_ text: String, budget: MatchBudget) -> Bool { firstMatch(in: text, budget: budget) != nil }
}

/// The matching time one format may spend on one message. ICU calls back at every start position a
/// search tries and about every 10,000 steps inside one attempt, so the clock is read often enough to
/// stop a runaway match within milliseconds of the limit. One budget per (message, format): a bad
/// pattern only stops its own format.
public final class MatchBudget {
    /// 250 ms: an ordinary format reads a confirmation in well under a millisecond.
    public static let defaultLimit: Duration = .milliseconds(250)
    /// Each source searched is cut to this many characters (confirmation emails are a few KB).
    public static let maximumTextLength = 64 * 1024

    public let limit: Duration
    private let clock = ContinuousClock()
    private var deadline: ContinuousClock.Instant?
    private var callbacks = 0
    public private(set) var isExhausted = false
    /// The pattern that was running when the budget ran out.
    public var stoppedPattern: String?

    public init(limit: Duration = MatchBudget.defaultLimit) { self.limit = limit }

    /// Starts the clock at the first match of the message.
    func start() {
        if deadline == nil { deadline = clock.now.advanced(by: limit) }
    }

    /// Called from ICU's progress callback; false once the time is spent (the match must stop). The
    /// clock is read every 16th call.
    func spendTick() -> Bool {
        callbacks &+= 1
        guard callbacks % 16 == 0, let deadline else { return !isExhausted }
        if clock.now >= deadline { isExhausted = true }
        return !isExhausted
    }

    /// `text`, cut to `maximumTextLength` characters (the UTF-8 length, O(1), spares the count of a short text).
    static func capped(_ text: String) -> String {
        text.utf8.count <= maximumTextLength ? text : String(text.prefix(maximumTextLength))
    }
}

/// The named groups of an ICU pattern, found by reading it: `(?<name>` outside character classes and
/// not escaped. `(?<=` and `(?<!` are look-behinds, not names.
enum RegexGroupNames {
    static func names(in pattern: String) -> [String] {
        var names: [String] = []
        let chars = Array(pattern)
        var index = 0
        var inClass = false
        var quoted = false
        while index < chars.count {
            let char = chars[index]
            if quoted {
                if char == "\\", index + 1 < chars.count, chars[index + 1] == "E" { quoted = false; index += 2; continue }
                index += 1
                continue
            }
            if char == "\\" {
                if index + 1 < chars.count, chars[index + 1] == "Q" { quoted = true }
                index += 2
                continue
            }
            if inClass {
                if char == "]" { inClass = false }
                index += 1
                continue
            }
            if char == "[" { inClass = true; index += 1; continue }
            if char == "(", index + 3 < chars.count, chars[index + 1] == "?", chars[index + 2] == "<",
               chars[index + 3].isLetter {
                var end = index + 3
                var name = ""
                while end < chars.count, chars[end] != ">" { name.append(chars[end]); end += 1 }
                names.append(name)
                index = end
                continue
            }
            index += 1
        }
        return names
    }
}
