import DrydockCore
import DrydockHarness
import EmulatorKit
import DrydockYAML
import Foundation

/// Reads scenario files (YAML; JSON is YAML too) into `Scenario`s, checking every key and value.
public enum ScenarioLoader {
    /// Files larger than this are refused before parsing.
    public static let maximumFileSize = 1 << 20
    public static let maximumSteps = 1_000
    public static let maximumParallel = 256

    static let topKeys: Set<String> = ["name", "description", "tags", "fixtures", "secrets", "clock", "faults", "env", "steps", "expect"]
    static let stepKeys: Set<String> = ["job", "args", "run", "parallel", "expect", "under_test", "advance", "faults", "clear_faults", "wait"]
    static let expectKeys: Set<String> = ["exit", "stdout", "stderr", "journal", "files", "within"]

    public static func load(path: String) throws(ScenarioError) -> Scenario {
        try parse(root: YAMLDocument.load(path: path, maximumSize: maximumFileSize), file: path)
    }

    /// Parses `text`; `file` names it in errors and anchors a relative `fixtures:` directory.
    public static func parse(text: String, file: String) throws(ScenarioError) -> Scenario {
        try parse(root: YAMLDocument.compose(text: text, file: file), file: file)
    }

    static func parse(root: ScenarioNode?, file: String) throws(ScenarioError) -> Scenario {
        guard let top = root else {
            throw ScenarioError(.missingKey, file: file, line: 1, column: 1, "the file is empty; expected a mapping with name, description and steps")
        }
        let members = try top.mapping(allowed: topKeys)
        func required(_ key: String) throws(ScenarioError) -> ScenarioNode {
            guard let node = members[key] else {
                throw ScenarioError(.missingKey, file: file, line: top.line, column: top.column, "missing required key \"\(key)\"")
            }
            return node
        }
        let nameNode = try required("name")
        let name = try nameNode.string()
        guard !name.isEmpty, name.count <= 100, name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw nameNode.error(.badValue, "expected a name of lowercase letters, digits and dashes ([a-z0-9-]+), found \"\(name.prefix(40))\"")
        }
        let description = try required("description").string()
        let tags = try members["tags"]?.strings() ?? []
        var fixtures: String?
        if let node = members["fixtures"] {
            let value = try node.string()
            if value != "default" {
                let base = (file as NSString).deletingLastPathComponent
                fixtures = value.hasPrefix("/") ? value : (base.isEmpty ? value : base + "/" + value)
            }
        }
        let secrets = try members["secrets"].map { n throws(ScenarioError) in try secretsState(n) } ?? .init()
        var clock: Date?
        if let node = members["clock"] {
            let text = try node.string()
            guard let date = RFC3339.date(from: text) else {
                throw node.error(.badValue, "expected an RFC 3339 instant such as \"2026-09-01T06:00:00Z\", found \"\(text.prefix(40))\"")
            }
            clock = date
        }
        let faults = try members["faults"].map { n throws(ScenarioError) in try faultRules(n) } ?? []
        let environment = try members["env"].map { n throws(ScenarioError) in try environmentVariables(n) } ?? [:]
        let stepsNode = try required("steps")
        let stepNodes = try stepsNode.sequence()
        guard !stepNodes.isEmpty else { throw stepsNode.error(.missingKey, "expected at least one step") }
        guard stepNodes.count <= maximumSteps else { throw stepsNode.error(.badValue, "more than \(maximumSteps) steps") }
        var steps: [Scenario.Step] = []
        for node in stepNodes { steps.append(try step(node)) }
        let expect = try members["expect"].map { n throws(ScenarioError) in try expectations(n) } ?? .init()
        return Scenario(
            name: name, description: description, tags: tags, fixturesDirectory: fixtures, secrets: secrets, clock: clock,
            faults: faults, environment: environment, steps: steps, expect: expect, file: file)
    }

    static func faultRules(_ node: ScenarioNode) throws(ScenarioError) -> [FaultRule] {
        var rules: [FaultRule] = []
        for item in try node.sequence() {
            do {
                rules.append(try FaultRule(json: try item.json(), path: item.path))
            } catch let error as JSONInputError {
                throw item.error(.badValue, "not a fault rule: \(error.reason)" + (error.path.isEmpty ? "" : " (at \(error.path))"))
            } catch let error as ScenarioError {
                throw error
            } catch {
                throw item.error(.badValue, "not a fault rule: \(error)")
            }
        }
        return rules
    }
}
