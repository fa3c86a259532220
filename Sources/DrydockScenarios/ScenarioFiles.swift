import Foundation

/// Which files `drydock validate PATHS` means: a file itself, a directory's `*.yaml`, `*.yml` and `*.json`
/// (recursively, sorted, so the order is the same on every machine).
public enum ScenarioFiles {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    public static func expand(_ paths: [String]) throws(ScenarioError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScenarioError(.unreadable, file: path, line: 0, column: 0, "no such file or directory")
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
                .map { (path.hasSuffix("/") ? path : path + "/") + $0 }
            files += found
        }
        return files
    }
}
