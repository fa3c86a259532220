import DrydockCore
import DrydockCredentials
import Foundation

/// The cross-host half of single flight: a lease item in a DynamoDB table (`drydock-locks`), keyed by
/// the shared secret's name, that one host at a time holds while it refreshes the token.
///
/// The item: `lock_id` (S, the key: the secret's name), `lease` (S, the holder: host, process and a random
/// part), `expires_at` (N, epoch seconds), `fence` (N, incremented by every successful take), `host` (S, the
/// last holder's host, for audit). Every write is conditional:
/// - **take**: `attribute_not_exists(lease) OR expires_at < :now` — free, or its holder's time is up;
/// - **confirm** (before the holder stores its token): `lease = :me AND fence = :fence AND expires_at > :now`
///   — so a holder that stalled past its lease, whose lease another host has since taken, stores nothing;
/// - **release**: `lease = :me AND fence = :fence`.
///
/// Times are the hosts' own clocks: they must agree within a few seconds (NTP; `drydock preflight` checks
/// the skew against AWS).
struct RefreshLease: Sendable {
    /// Bounded by the refresh deadline for take and confirm (``SecretsManagerTokenStore`` sets it).
    var client: DynamoDBClient
    let table: String
    /// The lease's key: the token secret's name.
    let name: String
    /// This holder: `host/pid/random`, unique per refresher.
    let owner: String
    let host: String

    enum Take: Equatable {
        /// The lease is ours until `until`, under fencing number `fence`.
        case won(fence: Int)
        /// Someone else holds it, until `until` when the item says.
        case held(by: String?, until: Date?)
    }

    /// Tries to take the lease until `until`.
    func take(now: Date, until: Date) throws -> Take {
        do {
            let output = try client.call("UpdateItem", [
                "TableName": .string(table),
                "Key": key,
                "UpdateExpression": "SET #lease = :owner, #expires = :until, #host = :host ADD #fence :one",
                "ConditionExpression": "attribute_not_exists(#lease) OR #expires < :now",
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": [
                    ":owner": ["S": .string(owner)], ":until": Self.number(until), ":host": ["S": .string(host)],
                    ":one": ["N": "1"], ":now": Self.number(now),
                ],
                "ReturnValues": "ALL_NEW",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            ])
            guard let fence = output["Attributes"]?["fence"]?["N"]?.stringValue.flatMap({ Int($0) }) else {
                throw DynamoDBError(
                    code: "InvalidResponse", message: "UpdateItem on the lease answered without the fence number",
                    status: 200, operation: "UpdateItem")
            }
            return .won(fence: fence)
        } catch let error as DynamoDBError where error.code == Self.conditionFailed {
            let holder = error.item?["lease"]?["S"]?.stringValue
            let until = error.item?["expires_at"]?["N"]?.stringValue.flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            return .held(by: holder, until: until)
        }
    }

    /// Extends the lease to `until` if it is still ours under `fence`; false when it is not (it expired
    /// and, perhaps, another host took it).
    func confirm(fence: Int, now: Date, until: Date) throws -> Bool {
        do {
            _ = try client.call("UpdateItem", [
                "TableName": .string(table),
                "Key": key,
                "UpdateExpression": "SET #expires = :until",
                "ConditionExpression": "#lease = :owner AND #fence = :fence AND #expires > :now",
                "ExpressionAttributeNames": ["#lease": "lease", "#expires": "expires_at", "#fence": "fence"],
                "ExpressionAttributeValues": [
                    ":owner": ["S": .string(owner)], ":fence": ["N": .string(String(fence))],
                    ":until": Self.number(until), ":now": Self.number(now),
                ],
            ])
            return true
        } catch let error as DynamoDBError where error.code == Self.conditionFailed {
            return false
        }
    }

    /// Gives the lease up so the next refresh need not wait for it to expire. Best effort, bounded by
    /// `deadline` (its own short budget: it also runs after the refresh deadline cut a call): a failure only
    /// means the next taker waits for `expires_at`, which is never past the holder's refresh deadline.
    func release(fence: Int, within deadline: AWSCallDeadline) {
        var client = client
        client.deadline = deadline
        _ = try? client.call("UpdateItem", [
            "TableName": .string(table),
            "Key": key,
            "UpdateExpression": "REMOVE #lease, #expires",
            "ConditionExpression": "#lease = :owner AND #fence = :fence",
            "ExpressionAttributeNames": ["#lease": "lease", "#expires": "expires_at", "#fence": "fence"],
            "ExpressionAttributeValues": [":owner": ["S": .string(owner)], ":fence": ["N": .string(String(fence))]],
        ])
    }

    static let conditionFailed = "ConditionalCheckFailedException"

    private var key: JSONValue { ["lock_id": ["S": .string(name)]] }
    private var names: JSONValue { ["#lease": "lease", "#expires": "expires_at", "#fence": "fence", "#host": "host"] }

    /// Epoch seconds with millisecond precision, as a DynamoDB number.
    static func number(_ date: Date) -> JSONValue {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let whole = Int64(millis / 1000)
        let fraction = Int64(millis) - whole * 1000
        let text = fraction == 0 ? String(whole) : String(whole) + "." + String(String(fraction + 1000).dropFirst())
        return ["N": .string(text)]
    }
}
