import DrydockScenarios
import Foundation

/// Where scenarios come from for `drydock validate` and `drydock reproduce`: files, directories, or names
/// in the built-in catalog.
enum ScenarioSources {
    /// HOOK for the built-in catalog: until the `DrydockScenarioCatalog` resource target is part of the
    /// binary, the catalog directory comes from this variable (or `scenarios/catalog`).
    static let catalogVariable = "DRYDOCK_SCENARIO_CATALOG"

    static var catalogDirectory: String {
        ProcessInfo.processInfo.environment[catalogVariable] ?? "scenarios/catalog"
    }

    /// The scenario files `paths` name (a name that is not a path: `NAME.yaml` in the catalog); with no
    /// paths, the whole catalog.
    static func files(_ paths: [String]) throws(ScenarioError) -> [String] {
        guard !paths.isEmpty else { return try ScenarioFiles.expand([catalogDirectory]) }
        var files: [String] = []
        for path in paths {
            if FileManager.default.fileExists(atPath: path) || path.contains("/") || path.contains(".") {
                files += try ScenarioFiles.expand([path])
            } else {
                files += try ScenarioFiles.expand([catalogDirectory + "/" + path + ".yaml"])
            }
        }
        return files
    }
}
