import DrydockCore
import Foundation

/// `ClientRequestToken` idempotency of TransactWriteItems and ExecuteTransaction (API Reference): a
/// token is remembered for 10 minutes (on the emulator's clock) after the first request that used it
/// succeeded; the same request with the same token again is answered as the first was, without being
/// applied again; another request with that token is refused with IdempotentParameterMismatchException.
/// Tokens are per region. A failed request leaves no token behind, so its retry runs.
struct ClientRequestTokens: Sendable {
    static let window: TimeInterval = 600
    private var entries: [String: Entry] = [:]

    private struct Entry: Sendable {
        let fingerprint: String
        let at: Date
        let answer: JSONValue
    }

    /// The answer remembered for `token` when `fingerprint` matches; nil when the token is new or has
    /// expired.
    mutating func answer(for token: String, fingerprint: String, now: Date) throws(DynamoDBError) -> JSONValue? {
        entries = entries.filter { now.timeIntervalSince($0.value.at) < Self.window }
        guard let entry = entries[token] else { return nil }
        guard entry.fingerprint == fingerprint else {
            // The API Reference's description of the error; the live message is assumed.
            throw DynamoDBError(
                type: "IdempotentParameterMismatchException",
                message: "DynamoDB rejects the request because you retried a request with a different payload but with an idempotent token that was already used.")
        }
        return entry.answer
    }

    mutating func remember(_ token: String, fingerprint: String, now: Date, answer: JSONValue) {
        entries[token] = Entry(fingerprint: fingerprint, at: now, answer: answer)
    }
}

extension DynamoDBEmulator {
    /// Runs `perform` (TransactWriteItems or ExecuteTransaction) under its `ClientRequestToken`, if any:
    /// a repeat is answered from `ClientRequestTokens` instead.
    func idempotent(_ call: DynamoDBCall, _ perform: () throws(DynamoDBError) -> JSONValue) throws(DynamoDBError) -> JSONValue {
        guard let token = try call.body.string("ClientRequestToken") else { return try perform() }
        if token.isEmpty || token.count > 36 {
            let bound = token.isEmpty ? "greater than or equal to 1" : "less than or equal to 36"
            throw .constraint(["Value '\(token)' at 'clientRequestToken' failed to satisfy constraint: Member must have length \(bound)"])
        }
        let key = call.region + "\u{0}" + token
        let fingerprint = JSONValue.object(call.body.members).serialized()
        if let answer = try state.withLock({ (state) throws(DynamoDBError) in
            try state.clientRequestTokens.answer(for: key, fingerprint: fingerprint, now: call.now)
        }) {
            return answer
        }
        let answer = try perform()
        state.withLock { $0.clientRequestTokens.remember(key, fingerprint: fingerprint, now: call.now, answer: answer) }
        return answer
    }

    /// Whether this request repeats a remembered token (so it changes nothing and a data directory need
    /// not log it).
    func repeatsClientRequestToken(_ call: DynamoDBCall) -> Bool {
        guard let token = try? call.body.string("ClientRequestToken") else { return false }
        let fingerprint = JSONValue.object(call.body.members).serialized()
        return state.withLock { state in
            (try? state.clientRequestTokens.answer(for: call.region + "\u{0}" + token, fingerprint: fingerprint, now: call.now)) != nil
        }
    }
}
