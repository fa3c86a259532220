import DrydockCore
import EmulatorKit
import Foundation

/// The DynamoDB emulator's snapshot layout inside a data directory.
extension DataDirectory {
    /// Every file of snapshot `generation` the emulator reads — `state.json` and
    /// `dynamodb/<region>/<table>.json` — as (path in the snapshot, bytes). Names starting with `.` and
    /// files not ending in `.json` are skipped, as the fixture loader skips them; a link is refused.
    func readSnapshot(_ generation: Int) throws(DataDirectoryError) -> [(path: String, bytes: [UInt8])] {
        let root = snapshotPath(generation)
        let snapshot = try Self.openSubdirectory(Self.name(generation), in: descriptor, path: root)
        defer { _ = close(snapshot) }
        var files: [(path: String, bytes: [UInt8])] = []
        let statePath = (root as NSString).appendingPathComponent(SnapshotMetadata.fileName)
        if let state = try readFile(SnapshotMetadata.fileName, in: snapshot, path: statePath) {
            files.append((SnapshotMetadata.fileName, state))
        }
        let tablesPath = (root as NSString).appendingPathComponent("dynamodb")
        guard try Self.checkEntry("dynamodb", in: snapshot, path: tablesPath, kind: .directory) != nil else { return files }
        let tables = try Self.openSubdirectory("dynamodb", in: snapshot, path: tablesPath)
        defer { _ = close(tables) }
        for region in try Self.names(in: tables, path: tablesPath).sorted() where !region.hasPrefix(".") {
            let regionPath = (tablesPath as NSString).appendingPathComponent(region)
            guard try Self.checkEntry(region, in: tables, path: regionPath, kind: .directory) != nil else { continue }
            let regionDirectory = try Self.openSubdirectory(region, in: tables, path: regionPath)
            defer { _ = close(regionDirectory) }
            for file in try Self.names(in: regionDirectory, path: regionPath).sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") {
                let filePath = (regionPath as NSString).appendingPathComponent(file)
                if let bytes = try readFile(file, in: regionDirectory, path: filePath) {
                    files.append(("dynamodb/\(region)/\(file)", bytes))
                }
            }
        }
        return files
    }
}
