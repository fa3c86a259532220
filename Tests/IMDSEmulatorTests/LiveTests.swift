import DrydockCore
import DrydockCrypto
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
import Testing
@testable import IMDSEmulator

/// The IMDS emulator behind a real libmicrohttpd server on 127.0.0.1 (port 0), through libcurl and,
/// when it is installed, botocore's own IMDS credential provider.
@Suite("IMDS live")
struct LiveTests {
    /// Runs `body` with the emulator served on a live edge; returns the body's result.
    static func withLiveIMDS<T>(_ body: (IMDSHarness, String) throws -> T) throws -> T {
        let harness = try IMDSHarness()
        let server = HTTPServer(responder: EdgeRouter(emulators: [harness.imds], clock: harness.clock))
        try server.start()
        defer { server.stop() }
        return try body(harness, "http://127.0.0.1:\(server.port)")
    }

    @Test("token then credentials over a socket")
    func tokenAndCredentials() throws {
        try Self.withLiveIMDS { harness, base in
            let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 10))
            let token = try client.send(ClientRequest(
                method: "PUT", url: base + "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"]))
            #expect(token.status == 200)
            #expect(token.headers["X-aws-ec2-metadata-token-ttl-seconds"] == "21600")
            let role = try client.send(ClientRequest(
                method: "GET", url: base + "/latest/meta-data/iam/security-credentials/",
                headers: ["X-aws-ec2-metadata-token": token.bodyText]))
            #expect(role.bodyText == "drydock-ops-host")
            let credentials = try client.send(ClientRequest(
                method: "GET", url: base + "/latest/meta-data/iam/security-credentials/drydock-ops-host",
                headers: ["X-aws-ec2-metadata-token": token.bodyText]))
            #expect(try JSONValue.parse(credentials.bodyText)["AccessKeyId"]?.stringValue == harness.imds.authority.currentKey().accessKeyID)
            let missing = try client.send(ClientRequest(method: "GET", url: base + "/latest/meta-data/instance-id"))
            #expect(missing.status == 401)
        }
    }

    /// The environment the Python child runs with: the test's PATH and HOME (pyenv shims need both).
    static let pythonEnvironment: [String: String] = {
        let inherited = ProcessInfo.processInfo.environment
        return ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? NSTemporaryDirectory()]
    }()

    /// The first `python3` on PATH that can import botocore, or nil (the botocore test is then skipped).
    static let python: String? = {
        let directories = (pythonEnvironment["PATH"] ?? "").split(separator: ":").map(String.init)
        return directories.map { $0 + "/python3" }.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate)
                && (try? ChildProcess.run(candidate, ["-c", "import botocore"], environment: pythonEnvironment).status) == 0
        }
    }()

    /// botocore's InstanceMetadataProvider and IMDSRegionProvider, pointed at the emulator the way
    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT` points them. The session token is compared by digest: it is
    /// a secret, and child output goes to the test logs.
    static let botocoreScript = """
        import hashlib, json, os, botocore.session
        from botocore.utils import InstanceMetadataFetcher, InstanceMetadataRegionFetcher
        from botocore.credentials import InstanceMetadataProvider
        config = {"ec2_metadata_service_endpoint": os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"]}
        fetcher = InstanceMetadataFetcher(timeout=2, num_attempts=1, config=config)
        creds = InstanceMetadataProvider(iam_role_fetcher=fetcher).load()
        frozen = creds.get_frozen_credentials()
        region = InstanceMetadataRegionFetcher(timeout=2, num_attempts=1, config=config).retrieve_region()
        print(json.dumps({"method": creds.method, "access_key": frozen.access_key, "token_sha256": hashlib.sha256(frozen.token.encode()).hexdigest(), "region": region}))
        """

    @Test("botocore reads the role credentials and region", .enabled(if: python != nil))
    func botocore() throws {
        try Self.withLiveIMDS { harness, base in
            let variables = harness.imds.endpointVariables(baseURL: base)
            var environment = Self.pythonEnvironment
            for variable in variables { environment[variable.name] = variable.value }
            let python = try #require(Self.python)
            let result = try ChildProcess.run(python, ["-c", Self.botocoreScript], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let json = try JSONValue.parse(result.stdout)
            let key = harness.imds.authority.currentKey()
            #expect(json["method"]?.stringValue == "iam-role")
            #expect(json["access_key"]?.stringValue == key.accessKeyID)
            #expect(json["token_sha256"]?.stringValue == Hex.encode(SHA256.hash(Array(key.sessionToken.utf8))))
            #expect(json["region"]?.stringValue == "us-east-1")
        }
    }
}
