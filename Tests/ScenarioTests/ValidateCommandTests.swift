import DrydockScenarios
import DrydockTesting
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `drydock validate` as a child process: exit statuses, progress lines, JUnit XML and JSON.
@Suite(.timeLimit(.minutes(1))) struct ValidateCommandTests {
    let environment = ["PATH": "/usr/bin:/bin"]

    func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "drydock-validate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func fixturesGiveTwoPassesOneFailureAndWellFormedJUnit() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try ChildProcess.run(
            BuiltProducts.path("drydock"), ["validate", Fixtures.directory, "--junit", dir + "/j.xml", "--parallel", "1"],
            environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("diag-healthy PASS"))
        #expect(result.stdout.contains("expected-failure FAIL"))
        #expect(result.stdout.contains("2 passed, 1 failed (3 scenarios"))
        let xml = try #require(FileManager.default.contents(atPath: dir + "/j.xml"))
        let structure = JUnitStructure()
        let parser = XMLParser(data: xml)
        parser.delegate = structure
        #expect(parser.parse())
        #expect(structure.root == "testsuites")
        #expect(Set(structure.suites) == ["oauth", "smoke", "token"])
        #expect(structure.cases.filter { $0 == "reauth-expired" }.count == 2)
        #expect(structure.failures == ["step 1 (line 5): journal: expected oauth.token == 5, counted 0"])
        #expect(structure.systemOut.contains("journal:"))
    }

    @Test func malformedFileExits64NamingFileAndLine() throws {
        let result = try ChildProcess.run(BuiltProducts.path("drydock"), ["validate", Fixtures.malformed], environment: environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown-key.yaml:5:5: steps[0]: unknown key \"expcet\""))
    }

    @Test func parallelGivesTheSameVerdictsAsSerial() throws {
        func verdicts(_ parallel: String) throws -> [String] {
            let result = try ChildProcess.run(
                BuiltProducts.path("drydock"), ["validate", Fixtures.directory, "--json", "--parallel", parallel, "--seed", "7"],
                environment: environment)
            #expect(result.status == 1)
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let scenarios = try #require(document?["scenarios"] as? [[String: Any]])
            return scenarios.map { "\($0["name"] ?? "") \($0["passed"] ?? "") \($0["failures"] ?? "")" }
        }
        #expect(try verdicts("1") == verdicts("3"))
    }

    /// Jenkins' xunit plugin validates JUnit files against its schema and drops those that fail (GitLab
    /// and GitHub Actions read the same shape); Tests/ScenarioTests/JUnit/junit-jenkins.xsd states its
    /// rules. A report with a pass, a failure and a skip must validate (xmllint, from CI/setup.sh).
    @Test func theJUnitReportValidatesAgainstTheJenkinsSchema() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try ChildProcess.run(
            BuiltProducts.path("drydock"),
            ["validate", Fixtures.directory + "/diag-healthy.yaml", "healthy-baseline", "token-expired-before-job",
             "--command", "exit 0", "--junit", dir + "/j.xml"],
            environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout.contains("1 passed, 1 failed, 1 skipped (3 scenarios"), "\(result.stdout)")
        let xml = try String(contentsOfFile: dir + "/j.xml", encoding: .utf8)
        #expect(xml.contains("<skipped message=\"no step of this scenario accepts an external job (under_test)\"/>"))
        #expect(xml.contains("<failure message=\"step 1 (line 10): journal: expected oauth.token == 1, counted 0\""), "\(xml)")
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("JUnit/junit-jenkins.xsd").path
        let xmllint = try #require(["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                   "xmllint is missing: CI/setup.sh installs libxml2-utils")
        let check = try ChildProcess.run(xmllint, ["--noout", "--schema", schema, dir + "/j.xml"], environment: environment)
        #expect(check.status == 0, "\(check.stderr)")
        try (xml.replacingOccurrences(of: "<testcase ", with: "<testcase file=\"x.yaml\" ")).write(
            toFile: dir + "/bad.xml", atomically: false, encoding: .utf8)
        let bad = try ChildProcess.run(xmllint, ["--noout", "--schema", schema, dir + "/bad.xml"], environment: environment)
        #expect(bad.status != 0 && bad.stderr.contains("attribute 'file': The attribute 'file' is not allowed"), "the schema is strict")
    }

    @Test func tagFilterSelects() throws {
        let result = try ChildProcess.run(
            BuiltProducts.path("drydock"), ["validate", Fixtures.directory, "--tag", "smoke"], environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.contains("1 passed, 0 failed (1 scenarios"))
    }
}

/// Collects the JUnit document's shape.
final class JUnitStructure: NSObject, XMLParserDelegate {
    var root: String?
    var suites: [String] = []
    var cases: [String] = []
    var failures: [String] = []
    var systemOut = ""
    private var inSystemOut = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        switch name {
        case "testsuite": suites.append(attributes["name"] ?? "")
        case "testcase": cases.append(attributes["name"] ?? "")
        case "failure": failures.append(attributes["message"] ?? "")
        case "system-out": inSystemOut = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "system-out" { inSystemOut = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inSystemOut { systemOut += string }
    }
}

/// A job that loops on 401 (a small program under test, not one of Drydock's) is reported failed, with
/// the count that gives it away.
@Suite(.timeLimit(.minutes(1))) struct LoopingJobTests {
    @Test func aJobThatLoopsOn401IsReportedWithItsCount() throws {
        let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Looping/loops-on-401.yaml").path
        let result = try ChildProcess.run(
            BuiltProducts.path("drydock"), ["validate", scenario], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("job-that-loops-on-401 FAIL"))
        #expect(result.stdout.contains("journal: expected gmail.users.getProfile <= 2, counted 25"), "\(result.stdout)")
    }
}
