import Foundation

/// One line of the results table.
struct BenchRow: Sendable {
    /// What was measured and how (runs, request count).
    let measurement: String
    let drydock: String
    let target: String
    /// The peer emulator's figure for the same measurement, when one was measured.
    var peer: String = "—"
    /// Whether the Drydock figure meets `target`; nil when the row has no pass/fail target.
    var met: Bool? = nil
}

/// The Markdown results table: measurement | Drydock | target | moto_server.
enum ReportTable {
    static func render(_ rows: [BenchRow], peerName: String = "moto_server") -> String {
        var lines = [
            "| measurement | Drydock | target | \(peerName) |",
            "|---|---|---|---|",
        ]
        for row in rows {
            let mark = row.met.map { $0 ? " ✓" : " ✗" } ?? ""
            lines.append("| \(row.measurement) | \(row.drydock)\(mark) | \(row.target) | \(row.peer) |")
        }
        return lines.joined(separator: "\n")
    }
}

/// Number formatting shared by the benchmarks.
enum Format {
    static func ms(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f ms", value) : String(format: "%.1f ms", value)
    }

    static func mb(_ kilobytes: Double) -> String { String(format: "%.1f MB", kilobytes / 1024) }

    /// `22.4–26.8`: a min–max range, unit left to the figure beside it.
    static func range(_ low: Double, _ high: Double) -> String {
        let digits = high < 10 ? "%.2f" : "%.1f"
        return String(format: "\(digits)–\(digits)", low, high)
    }

    /// `12,345`.
    static func count(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }
}

/// Progress goes to stderr so stdout carries only the table.
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
