import DrydockCore

/// The JSON types an AWS API model gives request members, as a type mismatch names them.
public enum JSONMemberType: Sendable {
    case string, boolean, integer, list, structure, map
}

/// Typed reads of an AWS JSON-protocol request's members (`{"TableName": …}`), shared by the emulators
/// of those services: `null` reads as absent, a repeated member's last value counts (as Coral reads
/// one), and a member of the wrong JSON type is the service's own error, made by `mismatch`.
public protocol JSONMemberReader {
    associatedtype Failure: Error
    /// The request object's members, in order.
    var members: [(String, JSONValue)] { get }
    /// The service's error for member `key` holding `value` where its model wants `expected`.
    func mismatch(_ key: String, _ value: JSONValue, expected: JSONMemberType) -> Failure
}

extension JSONMemberReader {
    public func value(_ key: String) -> JSONValue? {
        guard let value = members.last(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    public func string(_ key: String) throws(Failure) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, value, expected: .string) }
        return text
    }

    public func bool(_ key: String) throws(Failure) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, value, expected: .boolean) }
        return flag
    }

    /// An integer member; a number that is not an integer (or out of Int64) is a mismatch too.
    public func int(_ key: String) throws(Failure) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else { throw mismatch(key, value, expected: .integer) }
        return number
    }

    public func array(_ key: String) throws(Failure) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw mismatch(key, value, expected: .list) }
        return items
    }
}
