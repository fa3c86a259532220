import DrydockCore
import DrydockJobs
import Foundation

/// Free space in the report directory (`report.output_directory`).
struct DiskCheck: PreflightCheck {
    let name = "disk"
    let summary = "free disk in the report directory"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        let directory = context.configuration.reportOutputDirectory.value
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [PreflightResult(name, directory, .fail, "\(directory) does not exist or is not a directory",
                                    fix: "create it (install -d -m 750 \(directory)) as the job's user, or correct report.output_directory")]
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            return [PreflightResult(name, directory, .fail, "\(directory) is not writable by this user", fix: "chown it to the job's user")]
        }
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else {
            return [PreflightResult(name, directory, .warn, "statvfs failed: \(String(cString: strerror(errno)))", fix: "check the mount")]
        }
        let (free, overflow) = UInt64(stats.f_bavail).multipliedReportingOverflow(by: UInt64(stats.f_frsize))
        let freeMB = overflow ? UInt64.max / 1_048_576 : free / 1_048_576
        let minimum = UInt64(context.configuration.minimumFreeDiskMB.value)
        let evidence = "\(freeMB) MB free (minimum \(minimum) MB)"
        guard freeMB >= minimum else {
            return [PreflightResult(name, directory, .fail, evidence, fix: "free space on the file system of \(directory), or move report.output_directory")]
        }
        return [PreflightResult(name, directory, .pass, evidence)]
    }
}
