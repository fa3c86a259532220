import DrydockCore
import Foundation

/// The environment cron gives a job: `PATH=/usr/bin:/bin`, `SHELL=/bin/sh`, `HOME` and `LOGNAME` from the
/// password database — not the login shell's — plus what the crontab itself sets (`DRYDOCK_CONFIG`, as
/// the sample cron file does, and any variable named in `keep`).
public enum CronEnvironment {
    /// The cron-like environment for the current user, derived from `environment`.
    public static func make(from environment: Environment, keep: [String] = [], account: Account? = .current) -> Environment {
        var values = ["PATH": "/usr/bin:/bin", "SHELL": "/bin/sh"]
        if let account {
            values["HOME"] = account.home
            values["LOGNAME"] = account.name
            values["USER"] = account.name
        }
        for name in ["DRYDOCK_CONFIG"] + keep {
            if let value = environment[name] { values[name] = value }
        }
        return Environment(values)
    }

    /// A user's name and home directory from the password database.
    public struct Account: Sendable, Equatable {
        public let name: String
        public let home: String
        public init(name: String, home: String) {
            self.name = name
            self.home = home
        }

        /// The process's real user (getpwuid_r), or nil when it has no entry.
        public static var current: Account? {
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: 16_384)
            guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil,
                  let name = entry.pw_name, let home = entry.pw_dir else { return nil }
            return Account(name: String(cString: name), home: String(cString: home))
        }
    }
}
