import DrydockConfig
import DrydockCore

/// The binary's version, shown by `drydock preflight` (and sent as the User-Agent's version).
let drydockVersion = "0.1"

/// What every job command starts from: the host configuration (`DRYDOCK_CONFIG`, else
/// `$XDG_CONFIG_HOME/drydock/config.yaml`) and the process environment with its settings applied.
/// Command-line flags override the configuration's values in each command.
struct HostSettings {
    let configuration: HostConfiguration
    /// The process environment, plus `DRYDOCK_SECRETS_DIR` from the file when the variable is unset.
    let environment: Environment

    /// - Throws: `HostConfigurationError` (exit 78) naming the file, line and key.
    static func load(_ environment: Environment = .process) throws -> HostSettings {
        let configuration = try HostConfigurationLoader.load(environment: environment)
        return HostSettings(configuration: configuration, environment: configuration.jobEnvironment(environment))
    }
}
