import ArgumentParser
import DrydockCore
import DrydockScenarioCatalog
import Foundation
import Yams

/// `drydock scenarios …`: the built-in catalog of failure scenarios, read straight from the YAML files
/// shipped in the binary (no scenario engine needed to list or show them).
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List and show the built-in failure scenarios.",
        subcommands: [ScenariosListCommand.self, ScenariosShowCommand.self])
}

/// `drydock scenarios list`: one line per scenario — name, tags, the description's first sentence.
struct ScenariosListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the built-in scenarios: name, tags, one-line description.")

    func run() throws {
        try runReportingFailures {
            let entries = try CatalogEntry.loadAll()
            let nameWidth = entries.map(\.name.count).max() ?? 0
            let tagTexts = entries.map { "[" + $0.tags.joined(separator: ", ") + "]" }
            let tagWidth = tagTexts.map(\.count).max() ?? 0
            for (entry, tags) in zip(entries, tagTexts) {
                printLine(pad(entry.name, nameWidth) + "  " + pad(tags, tagWidth) + "  " + entry.summary)
            }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

/// `drydock scenarios show NAME`: the scenario's YAML as shipped.
struct ScenariosShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a built-in scenario's YAML.")

    @Argument(help: "The scenario's name (see `drydock scenarios list`).")
    var name: String

    func run() throws {
        try runReportingFailures {
            let entries = try CatalogEntry.loadAll()
            guard let entry = entries.first(where: { $0.name == name }) else {
                throw CatalogError(
                    code: "unknown-scenario",
                    message: "no scenario named '\(name)' in the catalog (`drydock scenarios list` shows the \(entries.count) there are)",
                    exitStatus: .usage)
            }
            let text = entry.text.hasSuffix("\n") ? String(entry.text.dropLast()) : entry.text
            printLine(text)
        }
    }
}

/// A catalog problem (unknown name, unreadable or invalid file), with its exit status.
struct CatalogError: UserFacingError {
    let code: String
    let message: String
    let exitStatus: ExitStatus
    var description: String { message }
}

/// One catalog file's listing fields and text.
struct CatalogEntry {
    let name: String
    let tags: [String]
    let description: String
    let text: String

    /// The description's first sentence (or first line), for one-line listings.
    var summary: String {
        let flat = description.split(whereSeparator: \.isNewline).joined(separator: " ")
        if let end = flat.range(of: ". ") { return String(flat[..<end.lowerBound]) + "." }
        return flat
    }

    /// Every `*.yaml` in the shipped catalog, sorted by file name; a file that does not parse or lacks
    /// `name`/`description` is an error naming it (the catalog is tested, so this means a broken build).
    static func loadAll() throws -> [CatalogEntry] {
        let files: [String]
        do {
            files = try DrydockScenarioCatalog.files()
        } catch {
            throw CatalogError(
                code: "catalog-unreadable", message: "cannot read the scenario catalog at \(DrydockScenarioCatalog.directory): \(error)",
                exitStatus: .software)
        }
        return try files.map(load)
    }

    private static func load(_ path: String) throws -> CatalogEntry {
        func broken(_ what: String) -> CatalogError {
            CatalogError(code: "catalog-invalid", message: "scenario catalog file \(path): \(what)", exitStatus: .software)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw broken("cannot be read as UTF-8")
        }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw broken("invalid YAML: \(error)") }
        guard let mapping = root as? [String: Any] else { throw broken("expected a mapping at the top level") }
        guard let name = mapping["name"] as? String else { throw broken("missing 'name'") }
        guard let description = mapping["description"] as? String else { throw broken("missing 'description'") }
        let tags = (mapping["tags"] as? [Any])?.map { "\($0)" } ?? []
        return CatalogEntry(name: name, tags: tags, description: description, text: text)
    }
}
