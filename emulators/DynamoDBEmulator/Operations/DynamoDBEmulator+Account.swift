import DrydockCore
import Foundation

extension DynamoDBEmulator {
    /// DescribeEndpoints: the endpoint the request was sent to, cached for a day (as DynamoDB answers
    /// it: on AWS that is the regional name, `dynamodb.<region>.amazonaws.com`; here it is this server's
    /// address, so a client that follows the answer comes back here).
    func describeEndpoints(_ call: DynamoDBCall) -> JSONValue {
        let address = EndpointProbe.host(call.host) ?? "dynamodb.\(call.region).amazonaws.com"
        return ["Endpoints": [["Address": .string(address), "CachePeriodInMinutes": 1440]]]
    }

    /// DescribeLimits: the default quotas of a new account (Developer Guide, "Service quotas").
    func describeLimits(_ call: DynamoDBCall) -> JSONValue {
        .object([
            ("AccountMaxReadCapacityUnits", 80000), ("AccountMaxWriteCapacityUnits", 80000),
            ("TableMaxReadCapacityUnits", 40000), ("TableMaxWriteCapacityUnits", 40000),
        ])
    }

    /// DescribeContinuousBackups: backups are always ENABLED; point-in-time recovery as last set.
    func describeContinuousBackups(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        let table = try state.withLock { (state) throws(DynamoDBError) -> Table in
            guard let table = state.regions[call.region]?.tables[name] else { throw Self.backupTableNotFound(name) }
            return table
        }
        return Self.continuousBackups(table, now: call.now)
    }

    /// UpdateContinuousBackups: turns point-in-time recovery on (period 1–35 days, default 35) or off.
    /// State only: nothing is restorable.
    func updateContinuousBackups(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        guard let specification = try call.body.object("PointInTimeRecoverySpecification") else {
            throw .missing("pointInTimeRecoverySpecification")
        }
        guard let enabled = try specification.bool("PointInTimeRecoveryEnabled") else {
            throw .missing("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled")
        }
        let days = try specification.int("RecoveryPeriodInDays")
        if let days, !(1...35).contains(days) {
            let bound = days < 1 ? "greater than or equal to 1" : "less than or equal to 35"
            throw .constraint(["Value '\(days)' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value \(bound)"])
        }
        if days != nil, !enabled {
            // DynamoDB's text (ack-api-quirks catalogue, 2026).
            throw .validation("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
        }
        let table = try state.withLock { (state) throws(DynamoDBError) -> Table in
            guard var table = state.regions[call.region]?.tables[name] else { throw Self.backupTableNotFound(name) }
            table.pointInTimeRecoveryDays = enabled ? (days ?? 35) : nil
            state.regions[call.region]?.tables[name] = table
            return table
        }
        return Self.continuousBackups(table, now: call.now)
    }

    /// The backup operations' not-found error: TableNotFoundException (the shape moto copies from AWS).
    static func backupTableNotFound(_ name: String) -> DynamoDBError {
        DynamoDBError(type: "TableNotFoundException", message: "Table not found: \(name)")
    }

    static func continuousBackups(_ table: Table, now: Date) -> JSONValue {
        var recovery: [(String, JSONValue)] = []
        if let days = table.pointInTimeRecoveryDays {
            let earliest = max(table.definition.createdAt.timeIntervalSince1970, now.timeIntervalSince1970 - Double(days) * 86_400)
            recovery = [
                ("PointInTimeRecoveryStatus", "ENABLED"), ("RecoveryPeriodInDays", .number(Double(days))),
                ("EarliestRestorableDateTime", .number(earliest.rounded(.down))),
                ("LatestRestorableDateTime", .number((now.timeIntervalSince1970 - 300).rounded(.down))),
            ]
        } else {
            recovery = [("PointInTimeRecoveryStatus", "DISABLED")]
        }
        return ["ContinuousBackupsDescription": .object([
            ("ContinuousBackupsStatus", "ENABLED"), ("PointInTimeRecoveryDescription", .object(recovery)),
        ])]
    }
}
