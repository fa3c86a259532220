import DrydockCore
import DrydockHarness
import Foundation
import Yams

extension ScenarioLoader {
    static func secretsState(_ node: ScenarioNode) throws(ScenarioError) -> Scenario.SecretsState {
        let members = try node.mapping(allowed: ["token", "refresh_token", "client", "account", "token_age", "modes", "token_file_symlink"])
        var state = Scenario.SecretsState()
        if let n = members["token"] { state.token = try n.choice(Scenario.SecretsState.Token.self) }
        if let n = members["refresh_token"] { state.refreshToken = try n.choice(Scenario.SecretsState.RefreshToken.self) }
        if let n = members["client"] {
            let client = try n.mapping(allowed: ["testing", "age_days"])
            state.clientTesting = try client["testing"]?.bool() ?? false
            state.clientAgeDays = try client["age_days"]?.int(in: 0...36_500) ?? 0
        }
        if let n = members["account"] { state.account = try n.string() }
        if let n = members["token_age"] { state.tokenAge = try n.duration() }
        if let n = members["modes"] {
            let modes = try n.mapping(allowed: ["directory", "token_file"])
            state.directoryMode = try modes["directory"]?.mode()
            state.tokenFileMode = try modes["token_file"]?.mode()
        }
        state.tokenFileSymlink = try members["token_file_symlink"]?.bool() ?? false
        return state
    }

    static func step(_ node: ScenarioNode) throws(ScenarioError) -> Scenario.Step {
        let members = try node.mapping(allowed: stepKeys)
        let actions = ["job", "run", "advance", "faults", "clear_faults", "wait"].filter { members[$0] != nil }
        guard actions.count == 1 else {
            throw node.error(
                actions.isEmpty ? .missingKey : .badValue,
                "expected exactly one of job, run, advance, faults, clear_faults, wait; found \(actions.isEmpty ? "none" : actions.joined(separator: ", "))")
        }
        let kind: Scenario.StepKind
        switch actions[0] {
        case "job":
            let n = members["job"]!
            let job = try n.string()
            guard Scenario.jobs.contains(job) else {
                throw n.error(.badValue, "expected a built-in job (\(Scenario.jobs.sorted().joined(separator: " | "))), found \"\(job.prefix(40))\"")
            }
            kind = .job(name: job, arguments: try members["args"]?.strings() ?? [])
        case "run":
            let n = members["run"]!
            let command = try n.strings()
            guard !command.isEmpty, !command[0].isEmpty else { throw n.error(.badValue, "expected a command: a non-empty list, program first") }
            kind = .run(command)
        case "advance": kind = .advance(seconds: try members["advance"]!.duration(limit: 400 * 86_400))
        case "faults": kind = .faults(try faultRules(members["faults"]!))
        case "clear_faults":
            guard try members["clear_faults"]!.bool() else { throw members["clear_faults"]!.error(.badValue, "expected true") }
            kind = .clearFaults
        default:
            let n = members["wait"]!
            let wait = try n.mapping(allowed: ["for", "count", "timeout"])
            guard let pattern = wait["for"] else { throw n.error(.missingKey, "missing required key \"for\"") }
            kind = .wait(
                pattern: try pattern.string(), count: try wait["count"]?.int(in: 1...1_000_000) ?? 1,
                timeout: try wait["timeout"]?.duration() ?? 5)
        }
        let runs: Bool
        switch kind { case .job, .run: runs = true; default: runs = false }
        for key in ["args", "parallel", "expect", "under_test"] {
            guard let extra = members[key] else { continue }
            let jobOnly = key == "args" || key == "under_test"
            if !runs || (jobOnly && actions[0] != "job") {
                throw extra.error(.badValue, "\"\(key)\" applies only to \(jobOnly ? "job" : "job and run") steps")
            }
        }
        let expect = try members["expect"].map { n throws(ScenarioError) in try expectations(n) } ?? .init()
        return Scenario.Step(
            kind: kind, parallel: try members["parallel"]?.int(in: 1...maximumParallel) ?? 1, expect: expect,
            underTest: try members["under_test"].flatMap { n throws(ScenarioError) in try underTest(n, jobExpectations: expect) },
            line: node.line)
    }

    /// `under_test: true` holds the user's program to what the job's expectations say of any program:
    /// the journal, the files, the time bound, and the exit status as success or failure (the output
    /// checks are the built-in job's own words and are dropped). `under_test: { expect: ... }` says it
    /// explicitly; `under_test: false` is the same as leaving it out.
    static func underTest(_ node: ScenarioNode, jobExpectations: Scenario.Expectations) throws(ScenarioError) -> Scenario.Expectations? {
        if case .scalar = node.node {
            guard try node.bool() else { return nil }
            var expect = jobExpectations
            expect.stdout = []
            expect.stderr = []
            expect.exit = jobExpectations.exit.map { $0.holds(0) ? .success : .failure }
            return expect
        }
        let members = try node.mapping(allowed: ["expect"])
        guard let expect = members["expect"] else { throw node.error(.missingKey, "missing required key \"expect\"") }
        return try expectations(expect)
    }

    static func expectations(_ node: ScenarioNode) throws(ScenarioError) -> Scenario.Expectations {
        let members = try node.mapping(allowed: expectKeys)
        var expect = Scenario.Expectations()
        if let n = members["exit"] { expect.exit = try exitStatus(n) }
        if let n = members["stdout"] { expect.stdout = try outputChecks(n) }
        if let n = members["stderr"] { expect.stderr = try outputChecks(n) }
        if let n = members["journal"] {
            for item in try n.sequence() {
                do {
                    expect.journal.append(try Expectation.parse(try item.string()))
                } catch let error as ExpectationError {
                    throw item.error(.badExpectation, "expected a journal count such as \"oauth.token == 1\": \(error)")
                } catch let error as ScenarioError {
                    throw error
                } catch {
                    throw item.error(.badExpectation, "\(error)")
                }
            }
        }
        if let n = members["files"] {
            let files = try n.mapping(allowed: ["token_cache", "token_mode", "token_parses", "exists", "absent", "unchanged"])
            expect.files.tokenCache = try files["token_cache"]?.choice(Scenario.FileChecks.CacheChange.self)
            expect.files.tokenMode = try files["token_mode"]?.mode()
            expect.files.tokenParses = try files["token_parses"]?.bool()
            expect.files.exists = try files["exists"].map { n throws(ScenarioError) in try homePaths(n) } ?? []
            expect.files.absent = try files["absent"].map { n throws(ScenarioError) in try homePaths(n) } ?? []
            expect.files.unchanged = try files["unchanged"].map { n throws(ScenarioError) in try homePaths(n) } ?? []
        }
        if let n = members["within"] { expect.within = try n.duration() }
        return expect
    }

    /// The sysexits names Drydock's jobs use, and the plain ones.
    public static let exitNames: [String: Int32] = [
        "EX_OK": 0, "EX_USAGE": 64, "EX_DATAERR": 65, "EX_NOINPUT": 66, "EX_NOUSER": 67, "EX_NOHOST": 68,
        "EX_UNAVAILABLE": 69, "EX_SOFTWARE": 70, "EX_OSERR": 71, "EX_OSFILE": 72, "EX_CANTCREAT": 73, "EX_IOERR": 74,
        "EX_TEMPFAIL": 75, "EX_PROTOCOL": 76, "EX_NOPERM": 77, "EX_CONFIG": 78,
    ]

    static func exitStatus(_ node: ScenarioNode) throws(ScenarioError) -> Scenario.ExitCheck {
        if let number = node.node.int, case .scalar(let s) = node.node, s.style == .plain {
            guard (0...255).contains(number) else { throw node.error(.badValue, "expected an exit status in 0...255, found \(number)") }
            return .status(Int32(number))
        }
        let name = try node.string()
        if name == "success" { return .success }
        if name == "failure" { return .failure }
        guard let status = exitNames[name] else {
            throw node.error(.badValue, "expected an exit status: a number, success, failure or a sysexits name (\(exitNames.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", "))), found \"\(name.prefix(40))\"")
        }
        return .status(status)
    }

    /// Paths inside the sandbox HOME: relative, without `..`, at most 1024 bytes.
    static func homePaths(_ node: ScenarioNode) throws(ScenarioError) -> [String] {
        let items = try node.sequence()
        var paths: [String] = []
        for item in items {
            let path = try item.string()
            guard !path.isEmpty, !path.hasPrefix("/"), path.utf8.count <= 1024,
                  !path.split(separator: "/").contains(where: { $0 == ".." }) else {
                throw item.error(.badValue, "expected a path inside the sandbox HOME (relative, no \"..\"), found \"\(path.prefix(40))\"")
            }
            paths.append(path)
        }
        return paths
    }

    static func outputChecks(_ node: ScenarioNode) throws(ScenarioError) -> [Scenario.OutputCheck] {
        let members = try node.mapping(allowed: ["contains", "matches", "json"])
        var checks: [Scenario.OutputCheck] = []
        if let n = members["contains"] { checks.append(.contains(try n.string())) }
        if let n = members["matches"] {
            let pattern = try n.string()
            guard pattern.count <= 1000, (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw n.error(.badValue, "expected a regular expression (at most 1000 characters), found \"\(pattern.prefix(40))\"")
            }
            checks.append(.matches(pattern))
        }
        if let n = members["json"] {
            guard case .object(let pairs) = try n.json() else { throw n.wrongType("a mapping of JSON paths to values") }
            for (path, value) in pairs { checks.append(.json(path: path, equals: value)) }
        }
        return checks
    }

    /// `env: { NAME: value }`: variable names as a shell takes them, string values; not the sandbox's own
    /// (HOME, DRYDOCK_SECRETS_DIR).
    static func environmentVariables(_ node: ScenarioNode) throws(ScenarioError) -> [String: String] {
        guard case .mapping(let mapping) = node.node else { throw node.wrongType("a mapping of variable names to values") }
        var variables: [String: String] = [:]
        for (key, value) in mapping {
            let keyNode = ScenarioNode(node: key, file: node.file, path: node.path)
            guard case .scalar(let scalar) = key, ChildEnvironment.isVariableName(scalar.string) else {
                throw keyNode.error(.badValue, "expected a variable name (a letter or _, then letters, digits or _)")
            }
            let name = scalar.string
            guard !ChildEnvironment.unpassable.contains(name) else {
                throw keyNode.error(.badValue, "\(name) is the sandbox's own and cannot be set")
            }
            variables[name] = try ScenarioNode(node: value, file: node.file, path: node.path + "." + name).string()
        }
        return variables
    }
}
