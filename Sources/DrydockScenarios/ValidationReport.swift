import DrydockCore
import Foundation

/// What `drydock validate` prints and writes: the summary, JUnit XML (a testsuite per tag, a testcase per
/// scenario) and JSON.
public enum ValidationReport {
    /// `12 passed, 1 failed (13 scenarios, 8.4 s); slowest: a 2.1 s, b 1.9 s, c 1.0 s`.
    public static func summary(_ results: [ScenarioResult], seconds: Double) -> [String] {
        let failed = results.filter { !$0.passed }
        let slowest = results.sorted { $0.seconds > $1.seconds }.prefix(3).map { "\($0.name) \(format($0.seconds)) s" }
        var lines = ["\(results.count - failed.count) passed, \(failed.count) failed (\(results.count) scenarios, \(format(seconds)) s)"]
        if !slowest.isEmpty { lines.append("slowest: " + slowest.joined(separator: ", ")) }
        for result in failed { lines.append("FAILED \(result.name): " + result.failures.joined(separator: "; ")) }
        return lines
    }

    /// `name PASS 1.23 s` or `name FAIL 1.23 s: first failure`.
    public static func progressLine(_ result: ScenarioResult) -> String {
        "\(result.name) \(result.passed ? "PASS" : "FAIL") \(format(result.seconds)) s" + (result.failures.first.map { ": \($0)" } ?? "")
    }

    /// JUnit XML as Jenkins, GitLab and GitHub Actions read it: `<testsuites>`, a `<testsuite>` per tag
    /// (untagged scenarios under "untagged"), a `<testcase classname="tag" name="scenario">` with
    /// `<failure message type>` and `<system-out>` (output tail and journal totals). Already scrubbed.
    public static func junit(_ results: [ScenarioResult], seconds: Double) -> String {
        var suites: [String: [ScenarioResult]] = [:]
        for result in results {
            for tag in result.tags.isEmpty ? ["untagged"] : result.tags { suites[tag, default: []].append(result) }
        }
        var xml = JUnitXML.declaration
        let totalFailures = results.filter { !$0.passed }.count
        xml += "<testsuites name=\"drydock validate\" tests=\"\(results.count)\" failures=\"\(totalFailures)\" errors=\"0\" time=\"\(format(seconds))\">\n"
        for (tag, members) in suites.sorted(by: { $0.key < $1.key }) {
            let failures = members.filter { !$0.passed }.count
            let time = members.reduce(0) { $0 + $1.seconds }
            xml += "  <testsuite name=\"\(escape(tag))\" tests=\"\(members.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(format(time))\">\n"
            for result in members {
                xml += "    <testcase classname=\"\(escape(tag))\" name=\"\(escape(result.name))\" file=\"\(escape(result.file))\" time=\"\(format(result.seconds))\""
                if result.passed {
                    xml += "/>\n"
                    continue
                }
                xml += ">\n"
                let message = result.failures.first ?? ""
                xml += "      <failure message=\"\(escape(message))\" type=\"expectation\">\(escape(result.failures.joined(separator: "\n")))</failure>\n"
                xml += "      <system-out>\(escape("output (tail):\n\(result.outputTail)\n\njournal:\n\(result.journalExcerpt)"))</system-out>\n"
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// `{"passed": n, "failed": n, "seconds": s, "scenarios": [{name, passed, seconds, failures, tags, file}]}`.
    public static func json(_ results: [ScenarioResult], seconds: Double) -> String {
        let scenarios: [JSONValue] = results.map { result in
            .object([
                ("name", .string(result.name)), ("file", .string(result.file)), ("passed", .bool(result.passed)),
                ("seconds", .number(rounded(result.seconds))), ("tags", .array(result.tags.map(JSONValue.string))),
                ("failures", .array(result.failures.map(JSONValue.string))),
            ])
        }
        let failed = results.filter { !$0.passed }.count
        return JSONValue.object([
            ("passed", .number(results.count - failed)), ("failed", .number(failed)), ("seconds", .number(rounded(seconds))),
            ("scenarios", .array(scenarios)),
        ]).serialized(pretty: true) + "\n"
    }

    /// XML escaping, shared with `drydock preflight --junit` (DrydockCore's `JUnitXML`).
    public static func escape(_ text: String) -> String { JUnitXML.escape(text) }

    static func format(_ seconds: Double) -> String { JUnitXML.time(seconds) }
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
