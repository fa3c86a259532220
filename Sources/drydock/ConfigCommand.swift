import ArgumentParser
import DrydockConfig
import DrydockCore

/// `drydock config show [--json]`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "The host configuration the jobs read.", subcommands: [ConfigShowCommand.self])
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective configuration and where each value came from.",
        discussion: """
            The file is DRYDOCK_CONFIG, else $XDG_CONFIG_HOME/drydock/config.yaml (~/.config/drydock/config.yaml); \
            without one, the built-in defaults. Each value's origin is `default`, `file PATH:LINE` or \
            `environment NAME`. Exit 78 if the file has an unknown key or a wrong value (named with its line).
            """)

    @Flag(help: "Print JSON: {\"file\", \"settings\": [{\"key\", \"value\", \"origin\", \"from\"}]}.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let settings = try HostSettings.load()
            let environment = Environment.process
            printLine(json ? settings.configuration.showJSON(environment: environment).serialized(pretty: true)
                           : settings.configuration.showText(environment: environment))
        }
    }
}
