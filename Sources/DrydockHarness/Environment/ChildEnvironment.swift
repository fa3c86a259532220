/// The environment a program run under `drydock exec` gets: the caller's, minus anything that could
/// reach a real account or point somewhere else, plus the sandbox and the emulators.
///
/// A pure function of its inputs, so it is tested without starting anything.
public enum ChildEnvironment {
    /// What the run contributes.
    public struct Settings: Sendable {
        /// The sandbox HOME.
        public var home: String
        /// `home/.secrets`, exported as `DRYDOCK_SECRETS_DIR`.
        public var secretsDirectory: String
        /// Every variable `drydock emulators serve` exports for this edge (`GOOGLE_OAUTH_TOKEN_URI`,
        /// `GMAIL_API_ENDPOINT`, `SHEETS_API_ENDPOINT`, `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
        /// `AWS_ENDPOINT_URL_DYNAMODB`, …).
        public var endpointVariables: [(name: String, value: String)]
        /// false (`--no-endpoint-vars`): leave `endpointVariables` out, so interception alone carries the
        /// traffic. Their names are still removed from the caller's environment.
        public var includeEndpointVariables: Bool
        /// The emulated instance's region: `AWS_REGION` and `AWS_DEFAULT_REGION` (botocore and the aws CLI
        /// read the latter).
        public var region: String
        /// The proxy and trust-store variables of the interception (`HTTPS_PROXY` … `GIT_SSL_CAINFO`); empty
        /// while none runs. Set after everything else Drydock sets, so they win.
        public var interceptionVariables: [String: String]
        /// Caller variables kept although they would be removed (`--pass-env NAME`); a kept variable keeps
        /// the caller's value even where Drydock would set its own.
        public var passed: Set<String>

        public init(
            home: String, secretsDirectory: String, endpointVariables: [(name: String, value: String)],
            includeEndpointVariables: Bool = true, region: String, interceptionVariables: [String: String] = [:],
            passed: Set<String> = []
        ) {
            self.home = home
            self.secretsDirectory = secretsDirectory
            self.endpointVariables = endpointVariables
            self.includeEndpointVariables = includeEndpointVariables
            self.region = region
            self.interceptionVariables = interceptionVariables
            self.passed = passed
        }
    }

    /// Prefixes of caller variables that are removed: AWS and Google credentials, profiles, regions and
    /// endpoints (`AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, `GOOGLE_APPLICATION_CREDENTIALS`, …), gcloud's
    /// configuration (`CLOUDSDK_*`), the GCE metadata server's address (`GCE_METADATA_HOST`, which
    /// google-auth asks for credentials), and Drydock's own (`DRYDOCK_SECRETS_DIR` would name the real
    /// secrets).
    public static let removedPrefixes = ["AWS_", "GOOGLE_", "CLOUDSDK_", "GCE_METADATA_", "DRYDOCK_"]

    /// The proxy and trust-store variables, removed from the caller's environment whatever their value:
    /// the run's own (from the interception) replace them.
    public static let interceptionNames: Set<String> = [
        "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "HTTPLIB2_CA_CERTS",
        "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO",
    ]

    /// Variables `--pass-env` cannot keep: they are what makes the sandbox a sandbox.
    public static let unpassable: Set<String> = ["HOME", "DRYDOCK_SECRETS_DIR"]

    /// The child's environment.
    public static func build(caller: [String: String], _ settings: Settings) -> [String: String] {
        let endpointNames = Set(settings.endpointVariables.map(\.name))
        var environment = caller.filter { name, _ in
            !(removedPrefixes.contains { name.hasPrefix($0) } || interceptionNames.contains(name) || endpointNames.contains(name))
        }
        environment["HOME"] = settings.home
        environment["DRYDOCK_SECRETS_DIR"] = settings.secretsDirectory
        environment["AWS_REGION"] = settings.region
        environment["AWS_DEFAULT_REGION"] = settings.region
        if settings.includeEndpointVariables {
            for variable in settings.endpointVariables { environment[variable.name] = variable.value }
        }
        environment.merge(settings.interceptionVariables) { $1 }
        for name in settings.passed where !unpassable.contains(name) {
            if let value = caller[name] { environment[name] = value }
        }
        return environment
    }

    /// Whether `name` can be a variable name (`--pass-env`): a letter or `_`, then letters, digits, `_`.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 256 else { return false }
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }
}
