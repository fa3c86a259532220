/// A `QueryNode` flattened for evaluation: operations in pre-order in one array of plain values, and
/// every phrase's word fingerprints in one pool, so matching a message allocates nothing and retains
/// nothing per node.
struct QueryProgram: Sendable {
    enum Kind: UInt8, Sendable {
        case and, or, not, constant, word, phrase, around, systemLabel, labelKey, hasAttachment, hasUserLabels
        case notBefore, before, newerThan, largerThan, smallerThan
    }

    /// One operation. `end` is the index just past its subtree, so the children of `and`/`or` are
    /// `i+1`, then each child's `end`, until the parent's `end`.
    struct Op: Sendable {
        var kind: Kind
        var fields = TextFields()
        var end = 0
        /// Pool range of a phrase (or of AROUND's first phrase, the second following it).
        var start = 0
        var count = 0
        var secondCount = 0
        /// Constant (0/1), fingerprint bits, system-label bits, bound in milliseconds, byte count, AROUND distance, or age
        /// amount (with the unit in `start`: 0 days, 1 months, 2 years).
        var value: Int64 = 0
    }

    private(set) var ops: [Op] = []
    private(set) var pool: [UInt64] = []

    init(_ root: QueryNode) {
        append(root)
    }

    /// Whether a term reads the message text (words, phrases, AROUND, `has:attachment`), not only
    /// labels, dates and sizes.
    var readsText: Bool { ops.contains { [.word, .phrase, .around, .hasAttachment].contains($0.kind) } }

    private mutating func append(_ node: QueryNode) {
        let index = ops.count
        switch node {
        case .and(let children), .or(let children):
            if case .and = node { ops.append(Op(kind: .and)) } else { ops.append(Op(kind: .or)) }
            for child in children { append(child) }
        case .not(let child):
            ops.append(Op(kind: .not))
            append(child)
        case .constant(let value):
            ops.append(Op(kind: .constant, value: value ? 1 : 0))
        case .anywhere:
            ops.append(Op(kind: .constant, value: 1))
        case .phrase(let words, let fields):
            let prints = words.map(SearchText.fingerprint)
            if prints.count == 1 {
                ops.append(Op(kind: .word, fields: fields, value: Int64(bitPattern: prints[0])))
            } else {
                ops.append(Op(kind: .phrase, fields: fields, start: pool.count, count: prints.count))
                pool.append(contentsOf: prints)
            }
        case .around(let first, let second, let distance):
            ops.append(Op(kind: .around, start: pool.count, count: first.count, secondCount: second.count, value: Int64(distance)))
            pool.append(contentsOf: (first + second).map(SearchText.fingerprint))
        case .labelId(let id):
            if let bit = SystemLabels.bit(for: id) {
                ops.append(Op(kind: .systemLabel, value: Int64(bit)))
            } else {
                ops.append(Op(kind: .labelKey, value: Int64(bitPattern: SearchText.fingerprint(SearchText.labelKey(id)))))
            }
        case .labelKey(let key):
            ops.append(Op(kind: .labelKey, value: Int64(bitPattern: SearchText.fingerprint(key))))
        case .hasAttachment:
            ops.append(Op(kind: .hasAttachment))
        case .hasUserLabels:
            ops.append(Op(kind: .hasUserLabels))
        case .notBefore(let bound):
            ops.append(Op(kind: .notBefore, value: bound))
        case .before(let bound):
            ops.append(Op(kind: .before, value: bound))
        case .newerThan(let age):
            let unit: Int
            switch age.unit {
            case .day: unit = 0
            case .month: unit = 1
            case .year: unit = 2
            }
            ops.append(Op(kind: .newerThan, start: unit, value: Int64(age.amount)))
        case .largerThan(let bytes):
            ops.append(Op(kind: .largerThan, value: Int64(bytes)))
        case .smallerThan(let bytes):
            ops.append(Op(kind: .smallerThan, value: Int64(bytes)))
        }
        ops[index].end = ops.count
    }
}
