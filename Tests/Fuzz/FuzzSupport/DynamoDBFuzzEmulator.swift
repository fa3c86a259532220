import DrydockHTTP
import DynamoDBEmulator
import EmulatorKit

/// A DynamoDB emulator over `Tests/Fuzz/Fixtures` (one table, `fuzz` in us-east-1: key pk S + sk N,
/// every attribute type, a GSI `by-s` and an LSI `by-b`), with signature checks off unless an
/// authenticator is given, and a frozen clock.
public final class DynamoDBFuzzEmulator: Sendable {
    public let emulator: DynamoDBEmulator

    public init(authenticator: any RequestAuthenticator = AcceptAllAuthenticator()) {
        do {
            emulator = try DynamoDBEmulator(
                fixturesDirectory: FuzzFixtures.fuzzDirectory, clock: FuzzFixtures.frozenClock(), authenticator: authenticator)
        } catch {
            fatalError("fuzz setup: cannot load \(FuzzFixtures.fuzzDirectory): \(error)")
        }
    }

    /// Sends `body` as `action` (the JSON 1.0 protocol's headers, unsigned unless `headers` sign it).
    public func send(_ action: String, body: [UInt8], headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all.set("X-Amz-Target", "DynamoDB_20120810." + action)
        if !all.contains("Content-Type") { all.set("Content-Type", "application/x-amz-json-1.0") }
        if !all.contains("Host") { all.set("Host", "dynamodb.us-east-1.amazonaws.com") }
        all.set("Content-Length", String(body.count))
        return emulator.handle(HTTPRequest(method: "POST", target: "/", headers: all, body: body, remoteAddress: "127.0.0.1"))
    }

    /// Back to the fixture table (after a write, so every input starts from the same state).
    public func reset() { emulator.reset() }
}
