import DrydockCore
import Foundation

/// A secondary index as CreateTable declared it.
public struct SecondaryIndex: Sendable, Equatable {
    public let name: String
    public let keySchema: KeySchema
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    public let projectionType: String
    public let nonKeyAttributes: [String]?
    /// Provisioned capacity for a GSI on a PROVISIONED table.
    public let throughput: (read: Int, write: Int)?
    public let isGlobal: Bool
    /// What CreateTable or UpdateTable raised a GSI's warm throughput to (see `WarmThroughput`); nil
    /// when never raised. `TableDefinition.warmThroughput(of:)` gives the value in force.
    public internal(set) var warmFloor: WarmThroughput? = nil

    public static func == (lhs: SecondaryIndex, rhs: SecondaryIndex) -> Bool {
        lhs.name == rhs.name && lhs.keySchema == rhs.keySchema && lhs.projectionType == rhs.projectionType
            && lhs.nonKeyAttributes == rhs.nonKeyAttributes && lhs.isGlobal == rhs.isGlobal
            && lhs.throughput?.read == rhs.throughput?.read && lhs.throughput?.write == rhs.throughput?.write
    }

    var projectionJSON: JSONValue {
        var members: [(String, JSONValue)] = [("ProjectionType", .string(projectionType))]
        if let nonKeyAttributes { members.append(("NonKeyAttributes", .array(nonKeyAttributes.map { .string($0) }))) }
        return .object(members)
    }
}

/// Everything CreateTable fixes about a table.
public struct TableDefinition: Sendable, Equatable {
    public let name: String
    public let region: String
    public let keySchema: KeySchema
    /// In the order given.
    public internal(set) var attributeDefinitions: [KeyAttribute]
    /// `PROVISIONED` or `PAY_PER_REQUEST`.
    public internal(set) var billingMode: String
    public internal(set) var readCapacity: Int
    public internal(set) var writeCapacity: Int
    public let localIndexes: [SecondaryIndex]
    public internal(set) var globalIndexes: [SecondaryIndex]
    public let createdAt: Date
    public let tableID: String
    /// `STANDARD` or `STANDARD_INFREQUENT_ACCESS` once CreateTable or UpdateTable named one; nil is
    /// the default STANDARD, which DescribeTable does not report.
    public internal(set) var tableClass: String? = nil
    /// When UpdateTable last changed the class (DescribeTable's `TableClassSummary.LastUpdateDateTime`).
    public internal(set) var tableClassUpdatedAt: Date? = nil
    /// What the table's warm throughput was raised to (see `WarmThroughput`); nil when never raised.
    /// `warmThroughput` gives the value in force.
    public internal(set) var warmFloor: WarmThroughput? = nil

    /// The fixed account every emulated ARN uses.
    public static let accountID = "123456789012"

    public var arn: String { "arn:aws:dynamodb:\(region):\(Self.accountID):table/\(name)" }

    public static func == (lhs: TableDefinition, rhs: TableDefinition) -> Bool {
        lhs.name == rhs.name && lhs.region == rhs.region && lhs.keySchema == rhs.keySchema
            && lhs.attributeDefinitions == rhs.attributeDefinitions && lhs.billingMode == rhs.billingMode
            && lhs.readCapacity == rhs.readCapacity && lhs.writeCapacity == rhs.writeCapacity
            && lhs.localIndexes == rhs.localIndexes && lhs.globalIndexes == rhs.globalIndexes
            && lhs.createdAt == rhs.createdAt && lhs.tableID == rhs.tableID
            && lhs.tableClass == rhs.tableClass && lhs.tableClassUpdatedAt == rhs.tableClassUpdatedAt
            && lhs.warmThroughput == rhs.warmThroughput
            && lhs.globalIndexes.map(lhs.warmThroughput(of:)) == rhs.globalIndexes.map(rhs.warmThroughput(of:))
    }

    /// All indexes, local then global.
    var indexes: [SecondaryIndex] { localIndexes + globalIndexes }

    func index(named name: String) -> SecondaryIndex? { indexes.first { $0.name == name } }

    /// The type of attribute `name` when it is declared in AttributeDefinitions.
    func declaredType(_ name: String) -> String? { attributeDefinitions.first { $0.name == name }?.type }
}
