/// Where an effective setting came from, for `drydock config show` and for messages.
public struct ConfigOrigin: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case builtIn = "default", file, environment, flag }
    public let kind: Kind
    /// The file and line (`file`), the variable (`environment`) or the option (`flag`); empty for `default`.
    public let detail: String

    public static let builtIn = ConfigOrigin(kind: .builtIn, detail: "")
    public static func file(_ path: String, line: Int) -> ConfigOrigin { ConfigOrigin(kind: .file, detail: "\(path):\(line)") }
    public static func environment(_ name: String) -> ConfigOrigin { ConfigOrigin(kind: .environment, detail: name) }
    public static func flag(_ name: String) -> ConfigOrigin { ConfigOrigin(kind: .flag, detail: name) }

    /// `default`, `file /etc/drydock/config.yaml:4`, `environment DRYDOCK_SECRETS_DIR`, `flag --regions`.
    public var description: String { detail.isEmpty ? kind.rawValue : "\(kind.rawValue) \(detail)" }
}

/// A setting's effective value and where it came from.
public struct ConfigValue<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var origin: ConfigOrigin

    public init(_ value: Value, _ origin: ConfigOrigin = .builtIn) {
        self.value = value
        self.origin = origin
    }

    /// This setting, unless a command-line flag gave a value: flags win.
    public func overridden(by flagValue: Value?, flag: String) -> ConfigValue {
        guard let flagValue else { return self }
        return ConfigValue(flagValue, .flag(flag))
    }
}
