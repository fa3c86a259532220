import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import FuzzSupport
import SecretsManagerEmulator
import Synchronization

/// Secrets Manager requests behind a valid signature: the input's first byte picks the action, the rest
/// is the JSON body. No input may crash or answer a 5xx. The state is reset every 1,000 inputs (created
/// secrets and versions would otherwise grow for the whole run); two secrets are seeded so GetSecretValue,
/// PutSecretValue, stage moves and deletion reach real versions.
enum SecretsManagerRequestFuzzer {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let clock = FuzzFixtures.frozenClock()
    static let actions = [
        "CreateSecret", "DescribeSecret", "GetSecretValue", "PutSecretValue", "UpdateSecretVersionStage", "ListSecrets",
        "ListSecretVersionIds", "DeleteSecret", "RestoreSecret", "TagResource", "UntagResource",
    ]
    static let runs = Atomic<Int>(0)
    static let emulator: SecretsManagerEmulator = {
        let emulator = try! SecretsManagerEmulator(
            fixturesDirectory: FuzzFixtures.defaultDirectory, clock: clock, authority: nil,
            staticKeys: [credentials.accessKeyID: credentials.secretAccessKey])
        seed(emulator)
        return emulator
    }()

    static func seed(_ emulator: SecretsManagerEmulator) {
        _ = try? emulator.seedSecret(name: "drydock/token", secretString: #"{"access_token":"a"}"#)
        _ = try? emulator.seedSecret(name: "drydock/token", secretString: #"{"access_token":"b"}"#)
        _ = try? emulator.seedSecret(name: "other", secretString: "x")
    }

    static func run(_ input: [UInt8]) {
        if runs.add(1, ordering: .relaxed).newValue % 1_000 == 0 {
            emulator.reset()
            seed(emulator)
        }
        guard let selector = input.first else { return }
        let action = actions[Int(selector) % actions.count]
        let body = Array(input.dropFirst())
        let unsigned = SigV4Request(
            method: "POST", path: "/",
            headers: [("Host", "secretsmanager.us-east-1.amazonaws.com"), ("X-Amz-Target", "secretsmanager." + action)], body: body)
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "secretsmanager").sign(unsigned, date: clock.now())
        let response = emulator.handle(HTTPRequest(
            method: "POST", target: "/", headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: body))
        ResponseOracle.check(response, "Secrets Manager \(action)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SecretsManagerRequestFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_secretsmanager_request_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = SecretsManagerRequestFuzzer.emulator
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
