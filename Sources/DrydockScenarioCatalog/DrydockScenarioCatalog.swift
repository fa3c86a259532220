import Foundation

/// The built-in scenario catalog shipped inside the binary's resource bundle: one YAML file per real
/// failure a Google/AWS ops job meets (`catalog/NAME.yaml`), listed by `drydock scenarios list` and run by
/// `drydock validate`.
public enum DrydockScenarioCatalog {
    /// `…/catalog`: the directory holding `NAME.yaml`, one scenario per file.
    public static var directory: String {
        Bundle.module.bundlePath + "/catalog"
    }

    /// The catalog's scenario files (`*.yaml`), full paths sorted by name.
    public static func files() throws -> [String] {
        let dir = directory
        return try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { dir + "/" + $0 }
    }
}
