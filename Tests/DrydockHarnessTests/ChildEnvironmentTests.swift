import DrydockHarness
import Testing

@Suite("ChildEnvironment")
struct ChildEnvironmentTests {
    static let caller = [
        "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/home/ops", "TERM": "xterm",
        "AWS_ACCESS_KEY_ID": "AKIAREALKEY", "AWS_SECRET_ACCESS_KEY": "real-secret", "AWS_PROFILE": "prod",
        "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "https://real.example", "AWS_EC2_METADATA_DISABLED": "true",
        "GOOGLE_APPLICATION_CREDENTIALS": "/home/ops/sa.json", "GOOGLE_CLIENT_SECRET": "real-client-secret",
        "CLOUDSDK_CONFIG": "/home/ops/.config/gcloud", "GCE_METADATA_HOST": "metadata.internal",
        "DRYDOCK_SECRETS_DIR": "/home/ops/.secrets", "DRYDOCK_CONTROL_TOKEN": "old",
        "GMAIL_API_ENDPOINT": "https://gmail.googleapis.com", "HTTPS_PROXY": "http://corp-proxy:3128",
        "no_proxy": "corp.example", "SSL_CERT_FILE": "/etc/ssl/corp.pem",
    ]

    static let endpoints = [
        (name: "GOOGLE_OAUTH_TOKEN_URI", value: "http://127.0.0.1:9/token"), (name: "GMAIL_API_ENDPOINT", value: "http://127.0.0.1:9"),
        (name: "SHEETS_API_ENDPOINT", value: "http://127.0.0.1:9"), (name: "AWS_EC2_METADATA_SERVICE_ENDPOINT", value: "http://127.0.0.1:9/"),
        (name: "AWS_ENDPOINT_URL_DYNAMODB", value: "http://127.0.0.1:9"),
    ]

    static func settings(
        endpoints: Bool = true, interception: [String: String] = [:], passed: Set<String> = []
    ) -> ChildEnvironment.Settings {
        .init(home: "/tmp/sandbox", secretsDirectory: "/tmp/sandbox/.secrets", endpointVariables: Self.endpoints,
              includeEndpointVariables: endpoints, region: "us-east-1", interceptionVariables: interception, passed: passed)
    }

    @Test("the caller's credentials, profiles, endpoints, proxies and Drydock variables are gone; the sandbox's are set")
    func defaults() {
        let environment = ChildEnvironment.build(caller: Self.caller, Self.settings())
        #expect(environment == [
            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "xterm",
            "HOME": "/tmp/sandbox", "DRYDOCK_SECRETS_DIR": "/tmp/sandbox/.secrets",
            "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
            "GOOGLE_OAUTH_TOKEN_URI": "http://127.0.0.1:9/token", "GMAIL_API_ENDPOINT": "http://127.0.0.1:9",
            "SHEETS_API_ENDPOINT": "http://127.0.0.1:9", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9/",
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
        ])
    }

    @Test("--no-endpoint-vars: no endpoint variable at all, not even the caller's")
    func noEndpointVariables() {
        let environment = ChildEnvironment.build(caller: Self.caller, Self.settings(endpoints: false))
        for (name, _) in Self.endpoints { #expect(environment[name] == nil, "\(name)") }
        #expect(environment["HOME"] == "/tmp/sandbox")
        #expect(environment["AWS_REGION"] == "us-east-1")
    }

    @Test("interception variables are set last and win")
    func interception() {
        let environment = ChildEnvironment.build(caller: Self.caller, Self.settings(interception: [
            "HTTPS_PROXY": "http://127.0.0.1:7", "SSL_CERT_FILE": "/tmp/sandbox/ca-bundle.pem", "AWS_CA_BUNDLE": "/tmp/sandbox/ca-bundle.pem",
        ]))
        #expect(environment["HTTPS_PROXY"] == "http://127.0.0.1:7")
        #expect(environment["SSL_CERT_FILE"] == "/tmp/sandbox/ca-bundle.pem")
        #expect(environment["AWS_CA_BUNDLE"] == "/tmp/sandbox/ca-bundle.pem")
        #expect(environment["no_proxy"] == nil, "the caller's proxy settings never leak in")
    }

    @Test("--pass-env keeps the caller's value, even over Drydock's own; HOME and DRYDOCK_SECRETS_DIR cannot be passed")
    func passEnv() {
        let environment = ChildEnvironment.build(caller: Self.caller, Self.settings(
            passed: ["AWS_PROFILE", "AWS_REGION", "HOME", "DRYDOCK_SECRETS_DIR", "NOT_SET_ANYWHERE"]))
        #expect(environment["AWS_PROFILE"] == "prod")
        #expect(environment["AWS_REGION"] == "eu-west-1")
        #expect(environment["AWS_DEFAULT_REGION"] == "us-east-1")
        #expect(environment["HOME"] == "/tmp/sandbox")
        #expect(environment["DRYDOCK_SECRETS_DIR"] == "/tmp/sandbox/.secrets")
        #expect(environment["NOT_SET_ANYWHERE"] == nil)
        #expect(environment["AWS_SECRET_ACCESS_KEY"] == nil)
    }

    @Test("variable names for --pass-env", arguments: [
        ("AWS_PROFILE", true), ("_X1", true), ("a", true), ("", false), ("1AWS", false), ("AWS-PROFILE", false), ("A B", false),
        ("É", false), (String(repeating: "A", count: 257), false),
    ])
    func names(_ name: String, _ valid: Bool) {
        #expect(ChildEnvironment.isVariableName(name) == valid)
    }
}
