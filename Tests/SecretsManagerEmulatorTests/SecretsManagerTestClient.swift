import DrydockCore
import DrydockCrypto
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
@testable import SecretsManagerEmulator

/// Calls the emulator through `handle(_:)` with requests signed as botocore signs them (SigV4, service
/// `secretsmanager`), over an empty fixture set (or `fixtures`: file path → JSON).
struct SecretsManagerTestClient {
    static let credentials = AWSCredentials(accessKeyID: "AKIDSMTEST", secretAccessKey: "secrets-manager-test-secret")

    let emulator: SecretsManagerEmulator
    let clock: VirtualClock
    let directory: TemporaryDirectory
    var region = "us-east-1"

    init(fixtures: [String: String] = [:], dataDirectory: String? = nil, clock: VirtualClock = VirtualClock(base: ManualClock()), directory: TemporaryDirectory? = nil) throws {
        let directory = try directory ?? TemporaryDirectory("secretsmanager")
        for (path, text) in fixtures {
            let full = directory.appending(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        self.directory = directory
        self.clock = clock
        emulator = try SecretsManagerEmulator(
            fixturesDirectory: directory.path, clock: clock, authority: nil,
            staticKeys: [Self.credentials.accessKeyID: Self.credentials.secretAccessKey], dataDirectory: dataDirectory)
    }

    func request(_ action: String, _ body: [UInt8]) -> HTTPRequest {
        let unsigned = SigV4Request(
            method: "POST", path: "/",
            headers: [("Host", "secretsmanager.\(region).amazonaws.com"), ("Content-Type", "application/x-amz-json-1.1"),
                      ("X-Amz-Target", "secretsmanager." + action)],
            body: body)
        let signed = SigV4Signer(credentials: Self.credentials, region: region, service: "secretsmanager").sign(unsigned, date: clock.now())
        return HTTPRequest(method: "POST", target: "/", headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: body)
    }

    func send(_ action: String, _ body: JSONValue) -> HTTPResponse {
        emulator.handle(request(action, Array(body.serialized().utf8)))
    }

    /// The answer's JSON (an empty object when it is not JSON).
    @discardableResult
    func call(_ action: String, _ body: JSONValue) -> JSONValue {
        (try? JSONValue.parse(send(action, body).body)) ?? .object([])
    }

    /// `__type` and message of an error answer.
    func error(_ action: String, _ body: JSONValue) -> (status: Int, type: String, message: String) {
        let response = send(action, body)
        let json = (try? JSONValue.parse(response.body)) ?? .object([])
        return (response.status, json["__type"]?.stringValue ?? "", json["Message"]?.stringValue ?? json["message"]?.stringValue ?? "")
    }

    /// CreateSecret of `name` with `value`; returns the answer.
    @discardableResult
    func create(_ name: String, _ value: String? = nil, token: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("Name", .string(name))]
        if let value { members.append(("SecretString", .string(value))) }
        if let token { members.append(("ClientRequestToken", .string(token))) }
        return call("CreateSecret", .object(members))
    }

    @discardableResult
    func put(_ id: String, _ value: String, token: String? = nil, stages: [String]? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("SecretId", .string(id)), ("SecretString", .string(value))]
        if let token { members.append(("ClientRequestToken", .string(token))) }
        if let stages { members.append(("VersionStages", .array(stages.map(JSONValue.string)))) }
        return call("PutSecretValue", .object(members))
    }

    func get(_ id: String, stage: String? = nil, version: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("SecretId", .string(id))]
        if let stage { members.append(("VersionStage", .string(stage))) }
        if let version { members.append(("VersionId", .string(version))) }
        return call("GetSecretValue", .object(members))
    }

    /// Version id → labels, from ListSecretVersionIds with deprecated versions.
    func stages(_ id: String) -> [String: [String]] {
        let versions = call("ListSecretVersionIds", ["SecretId": .string(id), "IncludeDeprecated": true])["Versions"]?.arrayValue ?? []
        var out: [String: [String]] = [:]
        for version in versions {
            out[version["VersionId"]?.stringValue ?? ""] = version["VersionStages"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return out
    }

    static func token(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n) }
}
