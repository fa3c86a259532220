/// Phrase and proximity search over a field's words, as fingerprints (`UInt64`, the lazy path) or as
/// slots in a message's word table (`UInt32`, the indexed path): either way equal words are equal
/// values and `boundary` marks the gap between two addresses or file names.
enum WordSequence {
    /// Whether `phrase` (non-empty) occurs as consecutive words of `words`.
    static func contains<Word: Equatable>(_ words: UnsafeBufferPointer<Word>, _ phrase: UnsafeBufferPointer<Word>) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        let first = phrase[0]
        var start = 0
        while start <= words.count - phrase.count {
            if words[start] == first {
                var offset = 1
                while offset < phrase.count && words[start + offset] == phrase[offset] { offset += 1 }
                if offset == phrase.count { return true }
            }
            start += 1
        }
        return false
    }

    /// Whether `first` and `second` occur with at most `distance` words between them, in either order,
    /// without a `boundary` in between.
    static func near<Word: Equatable>(_ words: UnsafeBufferPointer<Word>, _ first: UnsafeBufferPointer<Word>,
                                      _ second: UnsafeBufferPointer<Word>, within distance: Int, boundary: Word) -> Bool {
        let firstStarts = starts(words, first), secondStarts = starts(words, second)
        for a in firstStarts {
            for b in secondStarts {
                let (lower, lowerCount, upper) = a <= b ? (a, first.count, b) : (b, second.count, a)
                let gap = upper - (lower + lowerCount)
                guard gap >= 0 && gap <= distance else { continue }
                if !(lower..<upper).contains(where: { words[$0] == boundary }) { return true }
            }
        }
        return false
    }

    private static func starts<Word: Equatable>(_ words: UnsafeBufferPointer<Word>, _ phrase: UnsafeBufferPointer<Word>) -> [Int] {
        guard !phrase.isEmpty, phrase.count <= words.count else { return [] }
        var result: [Int] = []
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if (1..<phrase.count).allSatisfy({ words[start + $0] == phrase[$0] }) { result.append(start) }
        }
        return result
    }
}
