import DrydockConfig
import DrydockCore
import DrydockJobs

/// Cron's environment (minimal PATH, HOME from the password database, no login-shell variables) resolves
/// the same configuration file and secrets directory as this run; otherwise cron jobs fail where
/// preflight passed.
struct CronCheck: PreflightCheck {
    let name = "cron"
    let summary = "cron's environment (minimal PATH, HOME from the password database) resolves the same configuration and secrets directory"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        let cron = context.cronEnvironment
        let cronConfiguration: HostConfiguration
        do {
            cronConfiguration = try HostConfigurationLoader.load(environment: cron)
        } catch {
            return [PreflightResult(name, "configuration", .fail, "under cron: \(error.description)",
                                    fix: "set DRYDOCK_CONFIG at the top of the crontab to the file preflight uses")]
        }
        var results: [PreflightResult] = []
        let here = context.configuration.file ?? "none"
        let there = cronConfiguration.file ?? "none"
        if here == there {
            results.append(PreflightResult(name, "configuration", .pass, "cron reads \(there == "none" ? "no file (built-in defaults)" : there)"))
        } else {
            results.append(PreflightResult(name, "configuration", .fail, "this run reads \(here); cron would read \(there)",
                                           fix: "put DRYDOCK_CONFIG=\(here) at the top of the crontab (see README \"Deploying over SSH\")"))
        }
        let mine = context.configuration.effectiveSecretsDirectory(context.environment)
        let theirs = cronConfiguration.effectiveSecretsDirectory(cron)
        guard let cronDirectory = theirs.value else {
            results.append(PreflightResult(name, "secrets directory", .fail, "cron has no HOME and no secrets_directory: the jobs cannot find their secrets",
                                           fix: "set secrets_directory in the configuration file"))
            return results
        }
        if mine.value == cronDirectory {
            results.append(PreflightResult(name, "secrets directory", .pass, "cron resolves \(cronDirectory) (from \(theirs.origin)), as this run does"))
        } else {
            results.append(PreflightResult(
                name, "secrets directory", .fail,
                "this run uses \(mine.value ?? "none") (from \(mine.origin)); cron would use \(cronDirectory) (from \(theirs.origin))",
                fix: "set secrets_directory: \(mine.value ?? "DIR") in the configuration file, so cron and this shell agree"))
        }
        return results
    }
}
