import DrydockScenarioCatalog
import DrydockScenarios
import Foundation

/// Where scenarios come from for `drydock validate` and `drydock reproduce`: files, directories, or names
/// in the built-in catalog.
enum ScenarioSources {
    /// Names another catalog directory (the built-in one otherwise: `DrydockScenarioCatalog`, shipped
    /// with the binary).
    static let catalogVariable = "DRYDOCK_SCENARIO_CATALOG"

    static var catalogDirectory: String {
        ProcessInfo.processInfo.environment[catalogVariable] ?? DrydockScenarioCatalog.directory
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
