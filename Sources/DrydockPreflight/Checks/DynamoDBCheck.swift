import DrydockCore
import DrydockJobs
import DrydockCredentials
import DrydockServices

/// Every configured table in every configured region: DescribeTable (ACTIVE, the key schema the jobs
/// expect) and a read of one item, signed with the credentials the jobs would use.
struct DynamoDBCheck: PreflightCheck {
    let name = "dynamodb"
    let summary = "DescribeTable for every configured table in every region (ACTIVE, key schema) and a read of one item"

    /// The key schemas the jobs rely on (`CrewDispatch`): HASH then RANGE attribute names.
    static let expectedKeys: [String: [String]] = [
        "crew-dispatch": ["dispatch_month", "departs_at"],
        "charter-chats": ["booking_id", "sent_at"],
    ]

    func run(_ context: PreflightContext) -> [PreflightResult] {
        let credentials = context.awsCredentials
        do {
            _ = try credentials.expiringCredentials()
        } catch let error as CredentialError {
            return [PreflightResult(name, "credentials", .fail, error.message, fix: IMDSCheck.unreachableFix)]
        } catch {
            return [PreflightResult(name, "credentials", .fail, "\(error)", fix: IMDSCheck.unreachableFix)]
        }
        var results: [PreflightResult] = []
        for region in context.configuration.regions.value {
            let client: DynamoDBClient
            do {
                var made = try DynamoDBClient(
                    region: region, credentials: credentials, transport: context.awsTransport, environment: context.environment,
                    clock: context.clock, retryPolicy: DynamoDBRetryPolicy(maxAttempts: 2))
                made.timeout = 20
                // No retry, and no backoff wait, past the check's time limit.
                made.deadline = context.limits.callDeadline
                client = made
            } catch {
                results.append(PreflightResult(name, region, .fail, "\(error)", fix: "correct aws.regions or AWS_ENDPOINT_URL_DYNAMODB"))
                continue
            }
            for table in context.configuration.tables.value {
                results.append(check(table: table, region: region, client: client))
            }
        }
        return results
    }

    func check(table: String, region: String, client: DynamoDBClient) -> PreflightResult {
        let subject = "\(region)/\(table)"
        do {
            let description = try client.call("DescribeTable", .object([("TableName", .string(table))]))["Table"]
            let status = description?["TableStatus"]?.stringValue ?? "unknown"
            let keys = (description?["KeySchema"]?.arrayValue ?? []).sorted { a, _ in a["KeyType"]?.stringValue == "HASH" }
                .compactMap { $0["AttributeName"]?.stringValue }
            guard status == "ACTIVE" else {
                return PreflightResult(name, subject, .fail, "table status is \(status), not ACTIVE",
                                       fix: "wait for the table to become ACTIVE (or restore it) before switching cron")
            }
            if let expected = Self.expectedKeys[table], keys != expected {
                return PreflightResult(name, subject, .fail, "key schema is \(keys.joined(separator: ", ")); the jobs expect \(expected.joined(separator: ", "))",
                                       fix: "point aws.tables at the table the jobs were written for")
            }
            let described = "ACTIVE, keys \(keys.joined(separator: " + "))"
            let scan: JSONValue
            do {
                scan = try client.call("Scan", .object([("TableName", .string(table)), ("Limit", .number(1))]))
            } catch let error as DynamoDBError where error.code == "AccessDeniedException" {
                // A role scoped to what the jobs do (Query) may not Scan: that is not the jobs' failure.
                return PreflightResult(name, subject, .warn, "\(described); the one-item read (Scan) was refused: \(error.message)",
                                       fix: "allow dynamodb:Scan on \(table) for preflight, or ignore this if the role is limited to Query on purpose")
            }
            let count = scan["Count"]?.intValue ?? 0
            let evidence = "\(described); read \(count) item"
            return PreflightResult(name, subject, count > 0 ? .pass : .warn, evidence,
                                   fix: count > 0 ? "" : "the table is empty: check that this is the table the jobs should read")
        } catch let error as DynamoDBError {
            if error.code == "ResourceNotFoundException" {
                return PreflightResult(name, subject, .fail, "\(error.operation): table \(table) not found in \(region) (\(error.message))",
                                       fix: "create \(table) in \(region) (or restore it), or remove \(region) from aws.regions")
            }
            if error.code == "AccessDeniedException" || error.code == "UnrecognizedClientException" {
                return PreflightResult(name, subject, .fail, "\(error.operation): \(error.code): \(error.message)",
                                       fix: "grant the instance role dynamodb:DescribeTable, Query and Scan on \(table) in \(region)")
            }
            return PreflightResult(name, subject, .fail, "\(error.operation): \(error.code): \(error.message)",
                                   fix: "if the signature is refused, check the clock check; otherwise run preflight again")
        } catch {
            return PreflightResult(name, subject, .fail, "\(error)", fix: IMDSCheck.unreachableFix)
        }
    }
}
