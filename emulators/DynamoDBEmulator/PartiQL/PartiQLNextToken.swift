import DrydockCore
import DrydockCrypto

/// ExecuteStatement's `NextToken`: the page's `LastEvaluatedKey` (none when the next page starts a new
/// partition-key value), which of a SELECT's partition reads it continues, and a fingerprint of the
/// statement and its parameters, base64-encoded JSON. A token only continues the request that minted it: another
/// statement (or other parameters) answers "NextToken does not match request", anything that is not a
/// token "Invalid NextToken" (DynamoDB's texts). The format is the emulator's own.
enum PartiQLNextToken {
    static func make(lastEvaluatedKey: JSONValue?, read: Int, statement: String, parameters: [JSONValue]) -> String {
        let json: JSONValue = ["k": lastEvaluatedKey ?? .null, "r": .number(read), "h": .string(fingerprint(statement, parameters))]
        return Base64.encode(json.bytes)
    }

    /// The `ExclusiveStartKey` a token stands for and the partition read it continues.
    static func read(_ token: String, statement: String, parameters: [JSONValue]) throws(DynamoDBError) -> (key: JSONValue?, read: Int) {
        guard token.utf8.count <= PartiQLLimits.maximumNextTokenLength, let bytes = Base64.decode(token),
              let json = try? JSONValue.parse(bytes), let key = json["k"], key.objectValue != nil || key.isNull,
              let read = json["r"]?.intValue, read >= 0, let hash = json["h"]?.stringValue
        else { throw PartiQLError.invalidNextToken }
        guard hash == fingerprint(statement, parameters) else { throw PartiQLError.nextTokenMismatch }
        return (key.isNull ? nil : key, read)
    }

    /// SHA-256 (the first 16 hex digits) of the statement and its parameters: a check that a token is
    /// reused with its own request, not a secret.
    static func fingerprint(_ statement: String, _ parameters: [JSONValue]) -> String {
        String(SHA256.hex(Array(statement.utf8) + [0] + JSONValue.array(parameters).bytes).prefix(16))
    }
}
