import DrydockCore
import DrydockHTTP
import EmulatorKit

extension DynamoDBEmulator {
    /// The `reason`s a `status` fault rule may give the DynamoDB emulator (README.md lists them).
    public static var faultReasons: [String] { DynamoDBFaults.reasons }

    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    /// DynamoDB's answer to an injected status:
    /// - 2xx: the request handled as usual; with reason `unprocessed-items` a BatchWriteItem or
    ///   BatchGetItem is handled in part (`BatchSplit` says which part), the rest returned in
    ///   `UnprocessedItems` / `UnprocessedKeys`. Other operations ignore that reason.
    /// - any other status: the exception `reason` names (`ThrottlingException`, …), else the status's
    ///   usual one (`DynamoDBFaults`).
    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        guard (200..<300).contains(status) else {
            return DynamoDBFaults.error(status: status, reason: reason, operation: operation(for: request))
                .response(requestID: nextRequestID())
        }
        guard reason == DynamoDBFaults.unprocessedItems, let action = DynamoDBTarget.action(of: request),
              action == "BatchWriteItem" || action == "BatchGetItem"
        else { return handle(request) }
        return handleInPart(request, action: action)
    }

    /// The region of the request's SigV4 credential scope (us-east-1 for an unsigned request): the
    /// region whose tables the request reads and writes, so `"region"` fault rules fail exactly that
    /// region's traffic.
    public func region(of request: HTTPRequest) -> String? { AWSJSONRequest.region(of: request) }

    /// `handle(_:)` for a batch that leaves part of its requests unprocessed: the same checks
    /// (signature, JSON, the whole batch validated) before anything is applied.
    private func handleInPart(_ request: HTTPRequest, action: String) -> HTTPResponse {
        let requestID = nextRequestID()
        do throws(DynamoDBError) {
            let (_, call, document) = try prepare(request)
            let body = action == "BatchWriteItem"
                ? try writeInPart(call, document: document)
                : try batchGetItem(call, leavingUnprocessed: true)
            return DynamoDBResponse.json(body, requestID: requestID)
        } catch {
            return error.response(requestID: requestID)
        }
    }

    /// BatchWriteItem with `BatchSplit`'s part left out. The part applied goes through `perform` as a
    /// BatchWriteItem of its own, so a data directory logs (and replays) exactly what was applied.
    private func writeInPart(_ call: DynamoDBCall, document: JSONValue) throws(DynamoDBError) -> JSONValue {
        _ = try batchWriteItem(call, validatingOnly: true)
        let (processed, unprocessed) = BatchSplit.writes(of: document)
        guard let processed else { return ["UnprocessedItems": unprocessed] }
        let part = DynamoDBCall(region: call.region, body: try RequestBody(processed), now: call.now)
        let answer = try perform("BatchWriteItem", part, document: processed).json
        return .object((answer.objectValue ?? []).map { $0.0 == "UnprocessedItems" ? ($0.0, unprocessed) : $0 })
    }
}
