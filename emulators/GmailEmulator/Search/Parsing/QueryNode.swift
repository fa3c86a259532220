/// The searchable text fields of a message.
struct TextFields: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let subject = TextFields(rawValue: 1 << 0)
    static let body = TextFields(rawValue: 1 << 1)
    static let from = TextFields(rawValue: 1 << 2)
    static let to = TextFields(rawValue: 1 << 3)
    static let cc = TextFields(rawValue: 1 << 4)
    static let bcc = TextFields(rawValue: 1 << 5)
    static let filenames = TextFields(rawValue: 1 << 6)

    /// Every recipient field: Gmail's `to:` also finds messages where the address is in Cc or Bcc
    /// (observed behaviour reported on webapps.stackexchange.com/q/18713; not in Google's docs).
    static let recipients: TextFields = [.to, .cc, .bcc]
    /// What a free word or a quoted phrase searches.
    static let anywhere: TextFields = [.subject, .body, .from, .to, .cc, .bcc, .filenames]

    /// Every field, in bit order: field number `i` is bit `1 << i`.
    static let all: [TextFields] = [.subject, .body, .from, .to, .cc, .bcc, .filenames]

    /// The field numbers in this set.
    var indices: [Int] { (0..<Self.all.count).filter { rawValue & (1 << $0) != 0 } }
}

/// A parsed query: a tree of boolean nodes over leaf tests. Built once by `QueryParser`, evaluated per
/// message by `QueryEvaluator`.
indirect enum QueryNode: Sendable {
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
    /// A term that matches everything (`in:anywhere`, a term with no words) or nothing (`is:snoozed`).
    case constant(Bool)
    /// `in:anywhere`: matches everything and lets messages.list include SPAM and TRASH.
    case anywhere
    /// Folded words that must appear consecutively in one of `fields`.
    case phrase([String], in: TextFields)
    /// `a AROUND n b`: both within `distance` words of each other in one field.
    case around([String], [String], distance: Int)
    /// A label id, compared exactly (`UNREAD`, `INBOX`, `CATEGORY_SOCIAL`).
    case labelId(String)
    /// `label:` — a `SearchText.labelKey` matched against label names and ids.
    case labelKey(String)
    case hasAttachment
    /// Has a label that is not a system label (`has:userlabels`).
    case hasUserLabels
    /// internalDate ≥ the bound (milliseconds since the epoch).
    case notBefore(Int64)
    /// internalDate < the bound.
    case before(Int64)
    /// internalDate ≥ now − age (`newer_than:`); `older_than:` is its negation.
    case newerThan(RelativeAge)
    case largerThan(Int)
    case smallerThan(Int)

    /// Relative cost of evaluating the node, so conjunctions test cheap flags before text.
    var cost: Int {
        switch self {
        case .and(let nodes), .or(let nodes): return nodes.map(\.cost).max() ?? 0
        case .not(let node): return node.cost
        case .phrase(_, let fields): return fields.contains(.body) ? 3 : 2
        case .around: return 4
        case .labelKey: return 1
        default: return 0
        }
    }

    /// Whether the node, reached through an even number of negations, asks for spam or trash.
    func mentionsSpamOrTrash(negated: Bool = false) -> Bool {
        switch self {
        case .and(let nodes), .or(let nodes): return nodes.contains { $0.mentionsSpamOrTrash(negated: negated) }
        case .not(let node): return node.mentionsSpamOrTrash(negated: !negated)
        case .anywhere: return !negated
        case .labelId(let id): return !negated && (id == "SPAM" || id == "TRASH")
        case .labelKey(let key): return !negated && (key == "spam" || key == "trash")
        default: return false
        }
    }
}

/// A `newer_than:`/`older_than:` age: days, calendar months or calendar years.
struct RelativeAge: Sendable, Equatable {
    enum Unit: Sendable { case day, month, year }
    let amount: Int
    let unit: Unit

    /// now − age, in milliseconds since the epoch. Days are exact 24-hour days; months and years are
    /// calendar months and years in UTC, the day clamped to the month's length.
    func threshold(now: Int64) -> Int64 {
        switch unit {
        case .day: return now - Int64(amount) * CalendarDay.millisecondsPerDay
        case .month: return CalendarDay.milliseconds(now, minusMonths: amount)
        case .year: return CalendarDay.milliseconds(now, minusMonths: amount * 12)
        }
    }
}
