import DrydockConfig

/// What the configuration tests parse their text as.
let configurationFile = "/etc/drydock/config.yaml"

/// `text` parsed as the file `configurationFile`.
func parseConfiguration(_ text: String) throws -> HostConfiguration {
    try HostConfigurationLoader.parse(text: text, file: configurationFile)
}

/// The error `text` gets, as printed; nil when it parses.
func configurationProblem(_ text: String) -> String? {
    do {
        _ = try parseConfiguration(text)
        return nil
    } catch {
        return "\(error)"
    }
}
