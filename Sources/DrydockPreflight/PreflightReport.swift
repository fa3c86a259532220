import DrydockCore
import Foundation

/// The outcome of a preflight run, as a table for people, JSON for machines and JUnit XML for CI.
public struct PreflightReport: Sendable {
    public let results: [PreflightResult]
    public let seconds: Double
    /// Seconds per check name.
    public let timings: [String: Double]
    public let asCron: Bool

    public init(results: [PreflightResult], seconds: Double, timings: [String: Double], asCron: Bool) {
        self.results = results
        self.seconds = seconds
        self.timings = timings
        self.asCron = asCron
    }

    public func count(_ status: PreflightResult.Status) -> Int { results.filter { $0.status == status }.count }

    /// Exit 0 when nothing failed (warnings too, with `strict`), else 1.
    public func passed(strict: Bool) -> Bool { count(.fail) == 0 && (!strict || count(.warn) == 0) }

    /// `PASS  secrets: refresh token  /home/ops/.secrets/refresh_token.json`, then `fix:` lines under
    /// warnings and failures; statuses coloured when `colour` (a terminal).
    public func table(colour: Bool) -> String {
        let width = results.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for result in results {
            let label = result.status.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append(paint(label, result.status, colour) + " " + result.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + result.evidence)
            if !result.fix.isEmpty {
                lines.append(String(repeating: " ", count: 8 + width + 2) + "fix: " + result.fix)
            }
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    /// `12 passed, 1 warning, 0 failed, 2 skipped (1.4 s)`.
    public var summary: String {
        "\(count(.pass)) passed, \(count(.warn)) warning\(count(.warn) == 1 ? "" : "s"), \(count(.fail)) failed, "
            + "\(count(.skipped)) skipped (\(String(format: "%.1f", seconds)) s)" + (asCron ? " in a cron-like environment" : "")
    }

    private func paint(_ text: String, _ status: PreflightResult.Status, _ colour: Bool) -> String {
        guard colour else { return text }
        let code = switch status {
        case .pass: "32"
        case .warn: "33"
        case .fail: "31"
        case .skipped: "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// `{"passed": bool, "counts": {...}, "seconds": s, "results": [{check, subject, status, evidence, fix}]}`
    /// (`passed` as without `--strict`).
    public var json: JSONValue {
        .object([
            ("passed", .bool(passed(strict: false))),
            ("asCron", .bool(asCron)),
            ("counts", .object(PreflightResult.Status.allCases.map { ($0.rawValue, .number(count($0))) })),
            ("seconds", .number((seconds * 1000).rounded() / 1000)),
            ("results", .array(results.map(\.json))),
        ])
    }

    /// JUnit XML in the shape `drydock validate` writes: a `<testsuite>` per check, a `<testcase>` per line
    /// (`classname` the check, `name` the subject); `fail` (and `warn` with `strict`) a `<failure>` whose
    /// message is the evidence and whose text adds the fix; `skipped` a `<skipped message>`.
    public func junit(strict: Bool) -> String {
        var groups: [(String, [PreflightResult])] = []
        for result in results {
            if let index = groups.firstIndex(where: { $0.0 == result.check }) { groups[index].1.append(result) } else { groups.append((result.check, [result])) }
        }
        func failing(_ result: PreflightResult) -> Bool { result.status == .fail || (strict && result.status == .warn) }
        let escape = JUnitXML.escape
        var xml = JUnitXML.declaration
        xml += "<testsuites name=\"drydock preflight\" tests=\"\(results.count)\" failures=\"\(results.filter(failing).count)\" errors=\"0\" time=\"\(JUnitXML.time(seconds))\">\n"
        for (check, members) in groups {
            xml += "  <testsuite name=\"\(escape(check))\" tests=\"\(members.count)\" failures=\"\(members.filter(failing).count)\" errors=\"0\" "
                + "skipped=\"\(members.filter { $0.status == .skipped }.count)\" time=\"\(JUnitXML.time(timings[check] ?? 0))\">\n"
            for result in members {
                xml += "    <testcase classname=\"\(escape(check))\" name=\"\(escape(result.subject.isEmpty ? check : result.subject))\" time=\"0.000\""
                if failing(result) {
                    xml += ">\n      <failure message=\"\(escape(result.evidence))\" type=\"\(result.status.rawValue)\">"
                        + "\(escape(result.evidence + "\nfix: " + result.fix))</failure>\n    </testcase>\n"
                } else if result.status == .skipped {
                    xml += ">\n      <skipped message=\"\(escape(result.evidence))\"/>\n    </testcase>\n"
                } else if result.status == .warn {
                    xml += ">\n      <system-out>\(escape("warning: " + result.evidence + "\nfix: " + result.fix))</system-out>\n    </testcase>\n"
                } else {
                    xml += ">\n      <system-out>\(escape(result.evidence))</system-out>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }
}
