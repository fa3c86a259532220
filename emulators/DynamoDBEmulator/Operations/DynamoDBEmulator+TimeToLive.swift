import DrydockCore

extension DynamoDBEmulator {
    /// DescribeTimeToLive: `ENABLED` with the attribute, or `DISABLED`.
    func describeTimeToLive(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            guard let table = state.regions[call.region]?.tables[name] else { throw .tableNotFound(name) }
            if let attribute = table.timeToLiveAttribute {
                return ["TimeToLiveDescription": ["TimeToLiveStatus": "ENABLED", "AttributeName": .string(attribute)]]
            }
            return ["TimeToLiveDescription": ["TimeToLiveStatus": "DISABLED"]]
        }
    }

    /// UpdateTimeToLive: enables or disables TTL at once (DynamoDB takes up to an hour; the emulator
    /// answers ENABLED immediately). Texts for repeated changes as DynamoDB answers them (below).
    func updateTimeToLive(_ call: DynamoDBCall) throws(DynamoDBError) -> JSONValue {
        let name = try tableName(call.body, region: call.region)
        guard let specification = try call.body.object("TimeToLiveSpecification") else { throw .missing("timeToLiveSpecification") }
        guard let enabled = try specification.bool("Enabled") else { throw .missing("timeToLiveSpecification.enabled") }
        guard let attribute = try specification.string("AttributeName") else { throw .missing("timeToLiveSpecification.attributeName") }
        if attribute.isEmpty {
            throw .constraint(["Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        }
        if attribute.count > 255 {
            throw .constraint(["Value '\(attribute)' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255"])
        }
        return try state.withLock { (state) throws(DynamoDBError) -> JSONValue in
            guard var table = state.regions[call.region]?.tables[name] else { throw .tableNotFound(name) }
            // "already enabled/disabled" are quoted from AWS in public reports and, with the
            // different-attribute text, in a public API-quirks catalogue's live captures (2026).
            switch (enabled, table.timeToLiveAttribute) {
            case (true, attribute?): throw .validation("TimeToLive is already enabled")
            case (false, nil): throw .validation("TimeToLive is already disabled")
            case (_, let current?) where current != attribute:
                throw .validation("TimeToLive is active on a different AttributeName: current AttributeName is \(current)")
            default: break
            }
            table.timeToLiveAttribute = enabled ? attribute : nil
            state.regions[call.region]?.tables[name] = table
            state.alignTimeToLive(of: table)
            return ["TimeToLiveSpecification": ["Enabled": .bool(enabled), "AttributeName": .string(attribute)]]
        }
    }
}
