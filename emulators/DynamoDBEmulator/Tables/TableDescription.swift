import DrydockCore
import Foundation

extension TableDefinition {
    /// DescribeTable's `Table` (and CreateTable's / DeleteTable's `TableDescription`).
    ///
    /// - Parameters:
    ///   - status: `ACTIVE`, `CREATING` (CreateTable's answer) or `DELETING` (DeleteTable's).
    func description(status: String, itemCount: Int, sizeBytes: Int, indexStats: [String: (count: Int, size: Int)]) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("AttributeDefinitions", .array(attributeDefinitions.map {
                ["AttributeName": .string($0.name), "AttributeType": .string($0.type)]
            })),
            ("TableName", .string(name)),
            ("KeySchema", keySchema.json),
            ("TableStatus", .string(status)),
            ("CreationDateTime", Self.epoch(createdAt)),
            ("ProvisionedThroughput", [
                "NumberOfDecreasesToday": 0,
                "ReadCapacityUnits": .number(readCapacity),
                "WriteCapacityUnits": .number(writeCapacity),
            ]),
            ("TableSizeBytes", .number(sizeBytes)),
            ("ItemCount", .number(itemCount)),
            ("TableArn", .string(arn)),
            ("TableId", .string(tableID)),
        ]
        if billingMode == "PAY_PER_REQUEST" {
            members.append(("BillingModeSummary", [
                "BillingMode": "PAY_PER_REQUEST",
                "LastUpdateToPayPerRequestDateTime": Self.epoch(createdAt),
            ]))
        }
        if let tableClass {
            var summary: [(String, JSONValue)] = [("TableClass", .string(tableClass))]
            if let tableClassUpdatedAt { summary.append(("LastUpdateDateTime", Self.epoch(tableClassUpdatedAt))) }
            members.append(("TableClassSummary", .object(summary)))
        }
        if !localIndexes.isEmpty {
            members.append(("LocalSecondaryIndexes", .array(localIndexes.map { index in
                let stats = indexStats[index.name] ?? (0, 0)
                return [
                    "IndexName": .string(index.name),
                    "KeySchema": index.keySchema.json,
                    "Projection": index.projectionJSON,
                    "IndexSizeBytes": .number(stats.size),
                    "ItemCount": .number(stats.count),
                    "IndexArn": .string(arn + "/index/" + index.name),
                ]
            })))
        }
        if !globalIndexes.isEmpty {
            members.append(("GlobalSecondaryIndexes", .array(globalIndexes.map { index in
                let stats = indexStats[index.name] ?? (0, 0)
                return [
                    "IndexName": .string(index.name),
                    "KeySchema": index.keySchema.json,
                    "Projection": index.projectionJSON,
                    "IndexStatus": .string(status == "CREATING" ? "CREATING" : "ACTIVE"),
                    "ProvisionedThroughput": [
                        "NumberOfDecreasesToday": 0,
                        "ReadCapacityUnits": .number(index.throughput?.read ?? 0),
                        "WriteCapacityUnits": .number(index.throughput?.write ?? 0),
                    ],
                    "IndexSizeBytes": .number(stats.size),
                    "ItemCount": .number(stats.count),
                    "IndexArn": .string(arn + "/index/" + index.name),
                ]
            })))
        }
        members.append(("DeletionProtectionEnabled", false))
        return .object(members)
    }

    /// Epoch seconds with millisecond precision, as DynamoDB's JSON protocol writes timestamps.
    static func epoch(_ date: Date) -> JSONValue {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = millis / 1000
        if millis.truncatingRemainder(dividingBy: 1000) == 0 { return .number(String(Int64(seconds))) }
        return .number(String(format: "%.3f", seconds))
    }
}
