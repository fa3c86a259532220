import DrydockCore
import DrydockJobs
import DrydockCrypto
import Foundation

/// The binary's version and build (the first 12 hex digits of its SHA-256, and its modification time),
/// so the operator sees that the rolled-out binary is the one running.
struct VersionCheck: PreflightCheck {
    let name = "version"
    let summary = "the binary's version and build"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        let version = "drydock \(context.options.version)"
        guard let path = context.options.executablePath else { return [PreflightResult(name, "", .pass, version)] }
        guard let data = FileManager.default.contents(atPath: path) else {
            return [PreflightResult(name, "", .warn, "\(version); cannot read \(path)", fix: "check the binary's permissions")]
        }
        let digest = Hex.encode(SHA256.hash(Array(data))).prefix(12)
        let modified = ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date).map(RFC3339.string(from:)) ?? "unknown"
        return [PreflightResult(name, "", .pass, "\(version) at \(path), build sha256:\(digest), modified \(modified)")]
    }
}
