import DrydockCore
import DrydockHTTP

extension EdgeRouter {
    /// `POST /_drydock/faults`: one rule object → 201 with the stored rule; `{"rules": [...]}` → 201
    /// `{"rules": [...]}`. All rules are checked before any is stored.
    func createFaults(_ request: HTTPRequest) throws(ControlError) -> HTTPResponse {
        let json = try Self.parseBody(request)
        do throws(JSONInputError) {
            if let members = json.objectValue, members.contains(where: { $0.0 == "rules" }) {
                let reader = try JSONObjectReader(json, path: "")
                try reader.rejectUnknownFields(allowed: ["rules"], owner: "a batch of rules")
                guard let items = reader.value("rules")?.arrayValue else {
                    throw reader.mismatch("rules", "an array of rule objects", reader.value("rules") ?? .null)
                }
                let rules = try items.enumerated().map { (index, item) throws(JSONInputError) in
                    (rule: try FaultRule(json: item, path: "rules[\(index)]"), path: "rules[\(index)]")
                }
                let stored = try addFaultRules(rules)
                return .edgeJSON(201, ["rules": .array(stored.map(\.json))])
            }
            let rule = try FaultRule(json: json)
            return .edgeJSON(201, try addFaultRules([(rule: rule, path: "")])[0].json)
        } catch {
            throw .badRequest(error)
        }
    }
}
