/// Evaluates a `QueryProgram` over a whole `MailboxIndex` at once: each operation yields the set of
/// slots it matches. Words and two-word phrases are exact lookups; a longer phrase and AROUND take the
/// messages holding all their word pairs (or words) and test only those, message by message, with the
/// per-message evaluator (`verify`). A phrase of three words or more is checked in the kept words of
/// the short fields, and in the parsed body of the few messages whose body holds all its word pairs.
struct IndexEvaluator {
    let index: MailboxIndex
    let ops: UnsafeBufferPointer<QueryProgram.Op>
    let pool: UnsafeBufferPointer<UInt64>
    /// The clock reading (milliseconds) that `newer_than:`/`older_than:` count back from.
    let now: Int64
    /// A label id's display name (user labels by name, system labels by id), for `label:` terms.
    let labelName: (String) -> String
    /// Whether the body of the message in `slot` holds `phrase`, tested on the message itself.
    let bodyContains: (_ slot: UInt32, _ phrase: UnsafeBufferPointer<UInt64>) -> Bool
    /// Whether operation `op` matches the message in `slot`, tested on the message itself.
    let verify: (_ slot: UInt32, _ op: Int) -> Bool

    /// The live slots `program` matches.
    static func slots(_ program: QueryProgram, in index: MailboxIndex, now: Int64, labelName: @escaping (String) -> String,
                      bodyContains: @escaping (UInt32, UnsafeBufferPointer<UInt64>) -> Bool,
                      verify: @escaping (UInt32, Int) -> Bool) -> SlotSet {
        program.ops.withUnsafeBufferPointer { ops in
            program.pool.withUnsafeBufferPointer { pool in
                var result = IndexEvaluator(
                    index: index, ops: ops, pool: pool, now: now, labelName: labelName, bodyContains: bodyContains, verify: verify).evaluate(0)
                result.formIntersection(index.live)
                return result
            }
        }
    }

    /// Whether operation `op` is checked message by message (a phrase of three words or more, AROUND).
    private func isChecked(_ op: QueryProgram.Op) -> Bool {
        op.kind == .around || (op.kind == .phrase && op.count > 2)
    }

    /// The slots operation `position` matches; `within`, when given, bounds the messages a checked
    /// term looks at (the caller intersects with it anyway).
    func evaluate(_ position: Int, within: SlotSet? = nil) -> SlotSet {
        let op = ops[position]
        switch op.kind {
        case .and:
            // Terms checked message by message (long phrases, AROUND) go last, and see only the
            // messages every other term left.
            var result: SlotSet?
            var deferred: [Int] = []
            var child = position + 1
            while child < op.end {
                if isChecked(ops[child]) {
                    deferred.append(child)
                } else {
                    let matched = evaluate(child)
                    if result == nil { result = matched } else { result?.formIntersection(matched) }
                    if result?.isEmpty == true { return SlotSet() }
                }
                child = ops[child].end
            }
            for child in deferred {
                let matched = evaluate(child, within: result)
                if result == nil { result = matched } else { result?.formIntersection(matched) }
                if result?.isEmpty == true { return SlotSet() }
            }
            return result ?? index.live
        case .or:
            var result = SlotSet()
            var child = position + 1
            while child < op.end {
                result.formUnion(evaluate(child))
                child = ops[child].end
            }
            return result
        case .not:
            return index.live.subtracting(evaluate(position + 1))
        case .constant:
            return op.value != 0 ? index.live : SlotSet()
        case .word:
            var result = SlotSet()
            for field in op.fields.indices {
                result.formUnion(index.holders(MessageTerms.word(UInt64(bitPattern: op.value), field: field)))
            }
            return result
        case .phrase:
            let words = UnsafeBufferPointer(rebasing: pool[op.start..<(op.start + op.count)])
            var candidates = SlotSet()
            for field in op.fields.indices {
                var holders = index.holders(MessageTerms.pair(words[0], words[1], field: field))
                for next in 2..<max(2, words.count) where !holders.isEmpty {
                    holders.formIntersection(index.holders(MessageTerms.pair(words[next - 1], words[next], field: field)))
                }
                // Every adjacent pair is there; for three words or more, whether they follow each other
                // is checked in the kept words of short fields, and in the parsed body.
                if words.count > 2 {
                    if let within { holders.formIntersection(within) }
                    holders = field == 1 ? filtered(holders) { bodyContains($0, words) } : index.slots(holders, field: field, containing: words)
                }
                candidates.formUnion(holders)
            }
            return candidates
        case .around:
            var candidates: SlotSet?
            for word in pool[op.start..<(op.start + op.count + op.secondCount)] {
                var holders = SlotSet()
                for field in TextFields.anywhere.indices { holders.formUnion(index.holders(MessageTerms.word(word, field: field))) }
                if candidates == nil { candidates = holders } else { candidates?.formIntersection(holders) }
            }
            if let within { candidates?.formIntersection(within) }
            return filtered(candidates ?? SlotSet()) { verify($0, position) }
        case .systemLabel:
            let bits = UInt16(truncatingIfNeeded: op.value)
            return index.carrying(SystemLabels.ordered.filter { SystemLabels.bit(for: $0).map { $0 & bits != 0 } ?? false })
        case .labelKey:
            let key = UInt64(bitPattern: op.value)
            return index.carrying(index.labelSets.keys.filter { id in
                SearchText.fingerprint(SearchText.labelKey(labelName(id))) == key || SearchText.fingerprint(SearchText.labelKey(id)) == key
            })
        case .hasAttachment:
            return index.withAttachment
        case .hasUserLabels:
            return index.carrying(index.labelSets.keys.filter { SystemLabels.bit(for: $0) == nil })
        case .notBefore:
            return index.slots(dateWhere: { $0 >= op.value })
        case .before:
            return index.slots(dateWhere: { $0 < op.value })
        case .newerThan:
            let unit: RelativeAge.Unit = op.start == 0 ? .day : op.start == 1 ? .month : .year
            let threshold = RelativeAge(amount: Int(op.value), unit: unit).threshold(now: now)
            return index.slots(dateWhere: { $0 >= threshold })
        case .largerThan:
            return index.slots(sizeWhere: { Int64($0) > op.value })
        case .smallerThan:
            return index.slots(sizeWhere: { Int64($0) < op.value })
        }
    }

    /// The live `candidates` that pass `test`, message by message.
    private func filtered(_ candidates: SlotSet, _ test: (UInt32) -> Bool) -> SlotSet {
        var result = SlotSet()
        candidates.forEach { slot in
            if index.live.contains(slot), test(slot) { result.insert(slot) }
        }
        return result
    }
}
