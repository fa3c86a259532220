/// RFC 4180 CSV: comma-separated fields, optionally in double quotes (`""` is a quote inside), quoted
/// fields may hold commas and line breaks; CRLF or LF line ends; a final line end adds no row; a UTF-8
/// byte-order mark is skipped.
enum CSVReader {
    /// A file that is not valid CSV, with the 1-based line and column where reading failed.
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        let line: Int
        let column: Int
        let reason: String
        var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// The rows of `text`; rows may differ in length. Each field carries the line and column it starts at.
    static func parse(_ text: String) throws(SyntaxError) -> [[Field]] {
        var rows: [[Field]] = []
        var row: [Field] = []
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var line = 1
        var column = 1
        var atRowStart = true

        func next() -> Unicode.Scalar? {
            guard let scalar = scalars.popFirst() else { return nil }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            return scalar
        }

        while !scalars.isEmpty || !atRowStart {
            let startLine = line
            let startColumn = column
            var value = ""
            if scalars.first == "\"" {
                _ = next()
                var closed = false
                while let scalar = next() {
                    if scalar == "\"" {
                        if scalars.first == "\"" { _ = next(); value.unicodeScalars.append("\"") } else { closed = true; break }
                    } else {
                        value.unicodeScalars.append(scalar)
                    }
                }
                guard closed else { throw SyntaxError(line: startLine, column: startColumn, reason: "quoted field never closes") }
                if let after = scalars.first, after != ",", after != "\n", after != "\r" {
                    throw SyntaxError(line: line, column: column, reason: "unexpected \"\(after)\" after a closing quote (expected a comma or a line end)")
                }
            } else {
                while let scalar = scalars.first, scalar != ",", scalar != "\n", scalar != "\r" {
                    if scalar == "\"" {
                        throw SyntaxError(line: line, column: column, reason: "a quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    value.unicodeScalars.append(scalar)
                    _ = next()
                }
            }
            row.append(Field(text: value, line: startLine, column: startColumn))
            atRowStart = false
            switch scalars.first {
            case ",":
                _ = next()
            case "\r":
                _ = next()
                if scalars.first == "\n" { _ = next() }
                rows.append(row); row = []; atRowStart = true
            case "\n":
                _ = next()
                rows.append(row); row = []; atRowStart = true
            default:
                // End of input: the last row without a line end.
                rows.append(row); row = []; atRowStart = true
            }
        }
        return rows
    }

    /// One field's text and where it starts in the file.
    struct Field: Sendable, Equatable {
        let text: String
        let line: Int
        let column: Int
    }
}
