import DrydockCore
import Foundation

/// What `drydock validate` prints and writes: the summary, JUnit XML (a testsuite per tag, a testcase per
/// scenario) and JSON.
public enum ValidationReport {
    /// `12 passed, 1 failed, 2 skipped (15 scenarios, 8.4 s); slowest: a 2.1 s, b 1.9 s, c 1.0 s`.
    public static func summary(_ results: [ScenarioResult], seconds: Double) -> [String] {
        let counts = Counts(results)
        let slowest = results.filter { $0.skipped == nil }.sorted { $0.seconds > $1.seconds }.prefix(3)
            .map { "\($0.name) \(format($0.seconds)) s" }
        var lines = [
            "\(counts.passed) passed, \(counts.failed) failed" + (counts.skipped > 0 ? ", \(counts.skipped) skipped" : "")
                + " (\(results.count) scenarios, \(format(seconds)) s)"
        ]
        if !slowest.isEmpty { lines.append("slowest: " + slowest.joined(separator: ", ")) }
        for result in results where !result.passed { lines.append("FAILED \(result.name): " + result.failures.joined(separator: "; ")) }
        return lines
    }

    /// `name PASS 1.23 s`, `name FAIL 1.23 s: first failure` or `name SKIP: why`.
    public static func progressLine(_ result: ScenarioResult) -> String {
        if let skipped = result.skipped { return "\(result.name) SKIP: \(skipped)" }
        return "\(result.name) \(result.passed ? "PASS" : "FAIL") \(format(result.seconds)) s" + (result.failures.first.map { ": \($0)" } ?? "")
    }

    /// JUnit XML as Jenkins (its xunit schema), GitLab and GitHub Actions read it: `<testsuites>`, a
    /// `<testsuite>` per tag (untagged scenarios under "untagged"), a `<testcase classname="tag"
    /// name="scenario">` with `<failure message type>` or `<skipped message>`, and for a failure
    /// `<system-out>` (the scenario file, the output tail and the journal totals). Already scrubbed.
    public static func junit(_ results: [ScenarioResult], seconds: Double) -> String {
        var suites: [String: [ScenarioResult]] = [:]
        for result in results {
            for tag in result.tags.isEmpty ? ["untagged"] : result.tags { suites[tag, default: []].append(result) }
        }
        let all = Counts(results)
        var xml = JUnitXML.declaration
        xml += "<testsuites name=\"drydock validate\" tests=\"\(results.count)\" failures=\"\(all.failed)\" errors=\"0\" time=\"\(format(seconds))\">\n"
        for (tag, members) in suites.sorted(by: { $0.key < $1.key }) {
            let counts = Counts(members)
            let time = members.reduce(0) { $0 + $1.seconds }
            xml += "  <testsuite name=\"\(escape(tag))\" tests=\"\(members.count)\" failures=\"\(counts.failed)\" errors=\"0\" skipped=\"\(counts.skipped)\" time=\"\(format(time))\">\n"
            for result in members {
                xml += "    <testcase classname=\"\(escape(tag))\" name=\"\(escape(result.name))\" time=\"\(format(result.seconds))\""
                if let skipped = result.skipped {
                    xml += ">\n      <skipped message=\"\(escape(skipped))\"/>\n    </testcase>\n"
                    continue
                }
                if result.passed {
                    xml += "/>\n"
                    continue
                }
                xml += ">\n"
                let message = result.failures.first ?? ""
                xml += "      <failure message=\"\(escape(message))\" type=\"expectation\">\(escape(result.failures.joined(separator: "\n")))</failure>\n"
                xml += "      <system-out>\(escape("scenario file: \(result.file)\n\noutput (tail):\n\(result.outputTail)\n\njournal:\n\(result.journalExcerpt)"))</system-out>\n"
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// `{"passed": n, "failed": n, "skipped": n, "seconds": s, "scenarios": [{name, file, passed, skipped,
    /// seconds, tags, failures}]}` (`skipped` of a scenario: the reason, or null).
    public static func json(_ results: [ScenarioResult], seconds: Double) -> String {
        let scenarios: [JSONValue] = results.map { result in
            .object([
                ("name", .string(result.name)), ("file", .string(result.file)), ("passed", .bool(result.passed)),
                ("skipped", result.skipped.map(JSONValue.string) ?? .null),
                ("seconds", .number(rounded(result.seconds))), ("tags", .array(result.tags.map(JSONValue.string))),
                ("failures", .array(result.failures.map(JSONValue.string))),
            ])
        }
        let counts = Counts(results)
        return JSONValue.object([
            ("passed", .number(counts.passed)), ("failed", .number(counts.failed)), ("skipped", .number(counts.skipped)),
            ("seconds", .number(rounded(seconds))), ("scenarios", .array(scenarios)),
        ]).serialized(pretty: true) + "\n"
    }

    /// Passed (run, no failure), failed and skipped.
    struct Counts {
        var passed = 0, failed = 0, skipped = 0
        init(_ results: [ScenarioResult]) {
            for result in results {
                if result.skipped != nil { skipped += 1 } else if result.passed { passed += 1 } else { failed += 1 }
            }
        }
    }

    /// XML escaping, shared with `drydock preflight --junit` (DrydockCore's `JUnitXML`).
    public static func escape(_ text: String) -> String { JUnitXML.escape(text) }

    static func format(_ seconds: Double) -> String { JUnitXML.time(seconds) }
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
