/// Evaluates a `QueryProgram` against one message's fields. Generic over the field source so each path
/// is specialised; the program is read through unsafe buffers, so nothing is retained per operation.
struct QueryEvaluator<Fields: SearchFieldSource> {
    let ops: UnsafeBufferPointer<QueryProgram.Op>
    let pool: UnsafeBufferPointer<UInt64>
    /// The clock reading (milliseconds) that `newer_than:`/`older_than:` count back from.
    let now: Int64

    static func matches(_ program: QueryProgram, _ fields: inout Fields, now: Int64) -> Bool {
        program.ops.withUnsafeBufferPointer { ops in
            program.pool.withUnsafeBufferPointer { pool in
                QueryEvaluator(ops: ops, pool: pool, now: now).evaluate(0, &fields)
            }
        }
    }

    func evaluate(_ index: Int, _ fields: inout Fields) -> Bool {
        let op = ops[index]
        switch op.kind {
        case .and:
            var child = index + 1
            while child < op.end {
                if !evaluate(child, &fields) { return false }
                child = ops[child].end
            }
            return true
        case .or:
            var child = index + 1
            while child < op.end {
                if evaluate(child, &fields) { return true }
                child = ops[child].end
            }
            return false
        case .not:
            return !evaluate(index + 1, &fields)
        case .constant:
            return op.value != 0
        case .word:
            return fields.containsWord(UInt64(bitPattern: op.value), in: op.fields)
        case .phrase:
            return fields.containsPhrase(UnsafeBufferPointer(rebasing: pool[op.start..<(op.start + op.count)]), in: op.fields)
        case .around:
            let split = op.start + op.count
            return fields.containsNear(
                UnsafeBufferPointer(rebasing: pool[op.start..<split]),
                UnsafeBufferPointer(rebasing: pool[split..<(split + op.secondCount)]), within: Int(op.value))
        case .systemLabel:
            return fields.hasSystemLabel(UInt16(truncatingIfNeeded: op.value))
        case .labelKey:
            return fields.hasLabelKey(UInt64(bitPattern: op.value))
        case .hasAttachment:
            return fields.hasAttachment
        case .hasUserLabels:
            return fields.hasUserLabels()
        case .notBefore:
            return fields.dateMilliseconds >= op.value
        case .before:
            return fields.dateMilliseconds < op.value
        case .newerThan:
            let unit: RelativeAge.Unit = op.start == 0 ? .day : op.start == 1 ? .month : .year
            return fields.dateMilliseconds >= RelativeAge(amount: Int(op.value), unit: unit).threshold(now: now)
        case .largerThan:
            return Int64(fields.sizeEstimate) > op.value
        case .smallerThan:
            return Int64(fields.sizeEstimate) < op.value
        }
    }
}
