/// An HTTP `Range: bytes=…` header as S3 reads it: one range (`a-b`, `a-`, `-n`); several ranges or
/// another unit are ignored (the whole object is returned), as S3 does.
enum ByteRange {
    enum Outcome: Equatable {
        case whole
        case partial(ClosedRange<Int>)
        case unsatisfiable
    }

    static func resolve(_ header: String?, size: Int) -> Outcome {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        guard first.utf8.count <= 19, last.utf8.count <= 19 else { return .whole }
        if first.isEmpty {
            guard let suffix = Int(last), suffix >= 0 else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)...(size - 1))
        }
        guard let start = Int(first), start >= 0 else { return .whole }
        let end: Int
        if last.isEmpty {
            end = size - 1
        } else {
            guard let value = Int(last), value >= start else { return .whole }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start...end)
    }
}
