import DrydockScenarioCatalog
import DrydockTesting
import Foundation
import Testing
import Yams

/// The shipped catalog: every file parses as YAML with the shared schema's required keys, names are unique
/// and match their files, and `drydock scenarios list|show` read it from the binary.
@Suite("Scenario catalog", .timeLimit(.minutes(1)))
struct ScenarioCatalogTests {
    /// Each catalog file's parsed top-level mapping, by file name.
    static func loadCatalog() throws -> [(file: String, scenario: [String: Any])] {
        try DrydockScenarioCatalog.files().map { path in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let root = try Yams.load(yaml: text)
            let scenario = try #require(root as? [String: Any], "\(path): top level is not a mapping")
            return ((path as NSString).lastPathComponent, scenario)
        }
    }

    static let jobs: Set<String> = ["diag", "reauth", "bookings", "sheets", "dispatch", "demo", "report", "preflight", "backup"]
    static let stepKinds: Set<String> = ["job", "run", "advance", "faults", "clear_faults", "wait"]

    @Test("the catalog holds at least 30 scenarios")
    func count() throws {
        #expect(try DrydockScenarioCatalog.files().count >= 30)
    }

    @Test("every file has a [a-z0-9-]+ name matching its file name, a description and at least one step")
    func requiredKeys() throws {
        for (file, scenario) in try Self.loadCatalog() {
            let name = try #require(scenario["name"] as? String, "\(file): no name")
            #expect(name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }, "\(file): name '\(name)'")
            #expect(file == name + ".yaml", "\(file): name is '\(name)'")
            let description = scenario["description"] as? String ?? ""
            #expect(description.lowercased().contains("a correct "), "\(file): the description must state what a correct job does")
            let steps = try #require(scenario["steps"] as? [[String: Any]], "\(file): steps must be a list of mappings")
            #expect(!steps.isEmpty, "\(file): no steps")
            for (index, step) in steps.enumerated() {
                let kinds = Set(step.keys).intersection(Self.stepKinds)
                #expect(kinds.count == 1, "\(file): steps[\(index)] has \(kinds.sorted()), expected exactly one of \(Self.stepKinds.sorted())")
                if let job = step["job"] as? String {
                    #expect(Self.jobs.contains(job), "\(file): steps[\(index)].job '\(job)' is not a built-in job")
                }
            }
            if let tags = scenario["tags"] {
                #expect(tags is [String], "\(file): tags must be a list of strings")
            }
        }
    }

    @Test("names are unique")
    func uniqueNames() throws {
        let names = try Self.loadCatalog().compactMap { $0.scenario["name"] as? String }
        #expect(Set(names).count == names.count)
    }

    @Test("fault rules name a service and an action type; exits are numbers or sysexits names")
    func faultsAndExits() throws {
        let sysexits: Set<String> = ["EX_OK", "EX_USAGE", "EX_NOUSER", "EX_SOFTWARE", "EX_TEMPFAIL", "EX_NOPERM", "EX_CONFIG"]
        for (file, scenario) in try Self.loadCatalog() {
            for rule in scenario["faults"] as? [[String: Any]] ?? [] {
                #expect(rule["service"] is String, "\(file): a fault rule without a service")
                #expect((rule["action"] as? [String: Any])?["type"] is String, "\(file): a fault rule without action.type")
            }
            for step in scenario["steps"] as? [[String: Any]] ?? [] {
                guard let exit = (step["expect"] as? [String: Any])?["exit"] else { continue }
                #expect(exit is Int || (exit as? String).map(sysexits.contains) == true, "\(file): exit \(exit)")
            }
        }
    }

    @Test("drydock scenarios list prints every scenario with its tags; show prints the file; an unknown name is exit 64")
    func listAndShow() throws {
        let drydock = BuiltProducts.path("drydock")
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let list = try ChildProcess.run(drydock, ["scenarios", "list"], environment: environment)
        #expect(list.status == 0, "\(list.stderr)")
        let catalog = try Self.loadCatalog()
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == catalog.count)
        let revoked = try #require(lines.first { $0.hasPrefix("refresh-token-revoked ") })
        #expect(revoked.contains("[oauth, refresh-token]"))
        #expect(revoked.contains("The user removed the app's access"))

        let show = try ChildProcess.run(drydock, ["scenarios", "show", "token-endpoint-503-twice"], environment: environment)
        #expect(show.status == 0, "\(show.stderr)")
        let path = DrydockScenarioCatalog.directory + "/token-endpoint-503-twice.yaml"
        #expect(show.stdout == (try String(contentsOfFile: path, encoding: .utf8)))

        let unknown = try ChildProcess.run(drydock, ["scenarios", "show", "no-such-scenario"], environment: environment)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no scenario named 'no-such-scenario'"))
    }
}
