import DrydockCore
@testable import DynamoDBEmulator
import EmulatorKit
import Testing

/// BatchExecuteStatement and ExecuteTransaction (API Reference; Developer Guide, "Performing
/// transactions with PartiQL" and "Running batch operations with PartiQL").
@Suite("DynamoDB PartiQL: BatchExecuteStatement and ExecuteTransaction")
struct PartiQLBatchTests {
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("accounts")
        client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"alice"},"balance":{"N":"100"}}}"#)
        client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"bob"},"balance":{"N":"5"}}}"#)
        return client
    }

    static func statements(_ member: String, _ statements: [(String, [JSONValue]?)], extra: [(String, JSONValue)] = []) -> String {
        let list = statements.map { text, parameters -> JSONValue in
            var members: [(String, JSONValue)] = [("Statement", .string(text))]
            if let parameters { members.append(("Parameters", .array(parameters))) }
            return .object(members)
        }
        return JSONValue.object([(member, .array(list))] + extra).serialized()
    }

    static func batch(_ texts: [String], extra: [(String, JSONValue)] = []) -> String {
        statements("Statements", texts.map { ($0, nil) }, extra: extra)
    }

    static func transaction(_ texts: [String], extra: [(String, JSONValue)] = []) -> String {
        statements("TransactStatements", texts.map { ($0, nil) }, extra: extra)
    }

    func balance(_ client: DynamoDBTestClient, _ who: String) -> JSONValue? {
        client.ok("GetItem", #"{"TableName":"accounts","Key":{"pk":{"S":"\#(who)"}}}"#)["Item"]?["balance"]
    }

    // MARK: BatchExecuteStatement

    @Test func batchReadsAnswerPerStatement() {
        let client = Self.client()
        let answer = client.ok("BatchExecuteStatement", Self.statements("Statements", [
            ("SELECT balance FROM accounts WHERE pk = ?", [["S": "alice"]]),
            ("SELECT * FROM accounts WHERE pk = 'nobody'", nil),
            ("SELECT * FROM accounts WHERE balance > 1", nil),
            ("SELECT * FROM missing WHERE pk = 'a'", nil),
            ("SLECT oops", nil),
        ], extra: [("ReturnConsumedCapacity", "TOTAL")]))
        #expect(answer["Responses"] == [
            ["TableName": "accounts", "Item": ["balance": ["N": "100"]]],
            ["TableName": "accounts"],
            ["Error": ["Code": "ValidationError", "Message": "Where clause does not contain a mandatory equality on all key attributes"]],
            ["Error": ["Code": "ResourceNotFound", "Message": "Requested resource not found"]],
            ["Error": ["Code": "ValidationError", "Message": "Statement wasn't well formed, can't be processed: Expected data manipulation"]],
        ])
        #expect(answer["ConsumedCapacity"] == [["TableName": "accounts", "CapacityUnits": 1]])
    }

    @Test func batchWritesRunOneByOneWithTheirOwnErrors() {
        let client = Self.client()
        let answer = client.ok("BatchExecuteStatement", Self.batch([
            "INSERT INTO accounts VALUE {'pk': 'carol', 'balance': 1}",
            "INSERT INTO accounts VALUE {'pk': 'alice', 'balance': 1}",
            "UPDATE accounts SET balance = balance + 1 WHERE pk = 'bob' RETURNING ALL NEW *",
            "UPDATE accounts SET balance = 0 WHERE pk = 'dave'",
        ]))
        #expect(answer["Responses"] == [
            ["TableName": "accounts"],
            ["Error": ["Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"]],
            ["TableName": "accounts", "Item": ["balance": ["N": "6"], "pk": ["S": "bob"]]],
            ["Error": ["Code": "ConditionalCheckFailed", "Message": "The conditional request failed"]],
        ])
        #expect(balance(client, "carol") == ["N": "1"])
        #expect(balance(client, "alice") == ["N": "100"])
    }

    @Test func batchRefusals() {
        let client = Self.client()
        #expect(client.error("BatchExecuteStatement", Self.batch([
            "SELECT * FROM accounts WHERE pk = 'alice'", "DELETE FROM accounts WHERE pk = 'bob'",
        ])).message == "Read and write requests together in the same batch is not supported")
        #expect(client.error("BatchExecuteStatement", Self.batch([
            "INSERT INTO accounts VALUE {'pk': 'dup'}", "UPDATE accounts SET v = 1 WHERE pk = 'dup'",
        ])).message == "Provided list of item keys contains duplicates")
        #expect(client.error("BatchExecuteStatement", Self.batch([])).message
            == "1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(client.error("BatchExecuteStatement", Self.batch(Array(repeating: "SELECT * FROM accounts WHERE pk = 'a'", count: 26))).message
            == "1 validation error detected: Value at 'statements' failed to satisfy constraint: Member must have length less than or equal to 25")
        #expect(client.error("BatchExecuteStatement", #"{"Statements":[{}]}"#).message
            == "1 validation error detected: Value null at 'statements.1.member.statement' failed to satisfy constraint: Member must not be null")
        #expect(balance(client, "bob") == ["N": "5"])
    }

    @Test func batchConditionFailureCanCarryTheItem() {
        let client = Self.client()
        let body = JSONValue.object([("Statements", [[
            "Statement": "UPDATE accounts SET balance = 0 WHERE pk = 'alice' AND balance < 10",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        ]])]).serialized()
        let answer = client.ok("BatchExecuteStatement", body)
        #expect(answer["Responses"]?.arrayValue?.first?["Error"]?["Item"] == ["balance": ["N": "100"], "pk": ["S": "alice"]])
    }

    // MARK: ExecuteTransaction

    @Test func transactionWritesAllOrNothing() {
        let client = Self.client()
        let transfer = { (amount: Int) in
            Self.statements("TransactStatements", [
                ("UPDATE accounts SET balance = balance - ? WHERE pk = 'alice' AND balance >= ?", [["N": .string(String(amount))], ["N": .string(String(amount))]]),
                ("UPDATE accounts SET balance = balance + ? WHERE pk = 'bob'", [["N": .string(String(amount))]]),
                ("INSERT INTO accounts VALUE {'pk': ?, 'amount': ?}", [["S": .string("log-\(amount)")], ["N": .string(String(amount))]]),
                ("EXISTS(SELECT * FROM accounts WHERE pk = 'carol' AND balance < 1000)", nil),
            ])
        }
        client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"carol"},"balance":{"N":"0"}}}"#)
        #expect(client.ok("ExecuteTransaction", transfer(30)) == [:])
        #expect(balance(client, "alice") == ["N": "70"])
        #expect(balance(client, "bob") == ["N": "35"])
        let response = client.send("ExecuteTransaction", transfer(500))
        let json = (try? JSONValue.parse(response.body)) ?? .null
        #expect(response.status == 400)
        #expect(json["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException")
        #expect(json["message"] == "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]")
        #expect(json["CancellationReasons"]?.arrayValue?.count == 4)
        #expect(balance(client, "alice") == ["N": "70"])
        #expect(balance(client, "bob") == ["N": "35"])
    }

    @Test func transactionInsertOfAnExistingKeyIsADuplicateItemReason() {
        let client = Self.client()
        let error = client.send("ExecuteTransaction", Self.transaction([
            "INSERT INTO accounts VALUE {'pk': 'alice'}", "DELETE FROM accounts WHERE pk = 'bob'",
        ]))
        let json = (try? JSONValue.parse(error.body)) ?? .null
        #expect(json["message"] == "Transaction cancelled, please refer cancellation reasons for specific reasons [DuplicateItem, None]")
        #expect(json["CancellationReasons"] == [["Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"], ["Code": "None"]])
        #expect(balance(client, "bob") == ["N": "5"])
    }

    @Test func transactionReadsAtOneInstant() {
        let client = Self.client()
        let answer = client.ok("ExecuteTransaction", Self.transaction([
            "SELECT balance FROM accounts WHERE pk = 'alice'", "SELECT * FROM accounts WHERE pk = 'nobody'",
        ], extra: [("ReturnConsumedCapacity", "TOTAL")]))
        #expect(answer["Responses"] == [["Item": ["balance": ["N": "100"]]], [:]])
        #expect(answer["ConsumedCapacity"] == [["TableName": "accounts", "CapacityUnits": 4]])
    }

    @Test(arguments: [
        (["DELETE FROM accounts WHERE pk = 'a'", "UPDATE accounts SET v = 1 WHERE pk = 'b' RETURNING ALL NEW *"],
         "Validation failed in TransactStatements[1]: RETURNING clause is not supported in ExecuteTransaction."),
        (["SELECT * FROM accounts WHERE pk = 'a'", "DELETE FROM accounts WHERE pk = 'b'"],
         "Transaction must contain either all read statements or all write statements"),
        (["SELECT * FROM accounts WHERE balance = 1"], "Select statements within ExecuteTransaction must specify the primary key in the where clause."),
        (["SELECT * FROM accounts.idx WHERE pk = 'a'"], "Reads on indices are not supported within transactions."),
        (["EXISTS(SELECT * FROM accounts WHERE balance = 1)"], "EXISTS() must contain a single item read with additional condition"),
        (["DELETE FROM accounts WHERE pk = 'a'", "DELETE FROM accounts WHERE pk = 'a'"], "Transaction request cannot include multiple operations on one item"),
        (["SLECT"], "Statement wasn't well formed, can't be processed: Expected data manipulation"),
        ([], "1 validation error detected: Value '[]' at 'transactStatements' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    ])
    func transactionRefusals(_ texts: [String], _ message: String) {
        let client = Self.client()
        let error = client.error("ExecuteTransaction", Self.transaction(texts))
        #expect(error.type == "ValidationException")
        #expect(error.message == message)
        #expect(balance(client, "bob") == ["N": "5"])
    }

    @Test func clientRequestTokenMakesTransactionsIdempotent() {
        let client = Self.client()
        let pay = Self.transaction(["UPDATE accounts SET balance = balance + 1 WHERE pk = 'bob'"], extra: [("ClientRequestToken", "pay-1")])
        #expect(client.ok("ExecuteTransaction", pay) == [:])
        #expect(client.ok("ExecuteTransaction", pay) == [:])
        #expect(balance(client, "bob") == ["N": "6"])
        let other = Self.transaction(["UPDATE accounts SET balance = balance + 2 WHERE pk = 'bob'"], extra: [("ClientRequestToken", "pay-1")])
        let mismatch = client.error("ExecuteTransaction", other)
        #expect(mismatch.type == "IdempotentParameterMismatchException" && mismatch.status == 400)
        // TransactWriteItems shares the mechanism.
        let write = #"{"ClientRequestToken":"tw-1","TransactItems":[{"Update":{"TableName":"accounts","Key":{"pk":{"S":"alice"}},"UpdateExpression":"SET balance = balance + :one","ExpressionAttributeValues":{":one":{"N":"1"}}}}]}"#
        client.ok("TransactWriteItems", write)
        client.ok("TransactWriteItems", write)
        #expect(balance(client, "alice") == ["N": "101"])
    }

    @Test func aTokenIsForgottenAfterTenMinutes() {
        let clock = VirtualClock()
        let client = DynamoDBTestClient(emulator: DynamoDBEmulator(clock: clock))
        client.createTable("accounts")
        client.ok("PutItem", #"{"TableName":"accounts","Item":{"pk":{"S":"bob"},"balance":{"N":"5"}}}"#)
        let pay = Self.transaction(["UPDATE accounts SET balance = balance + 1 WHERE pk = 'bob'"], extra: [("ClientRequestToken", "pay-1")])
        client.ok("ExecuteTransaction", pay)
        clock.advance(seconds: 599)
        client.ok("ExecuteTransaction", pay)
        #expect(balance(client, "bob") == ["N": "6"])
        clock.advance(seconds: 2)
        client.ok("ExecuteTransaction", pay)
        #expect(balance(client, "bob") == ["N": "7"])
    }

    /// PartiQL writes run as the item writes they stand for, so they record stream events like them.
    @Test func writesRecordStreamEvents() {
        let f = StreamsTests.Fixture()
        let arn = f.createStreamTable("tbl")
        f.client.ok("ExecuteStatement", #"{"Statement":"INSERT INTO tbl VALUE {'pk': 'a', 'n': 1}"}"#)
        f.client.ok("ExecuteStatement", #"{"Statement":"UPDATE tbl SET n = 2 WHERE pk = 'a'"}"#)
        f.client.ok("BatchExecuteStatement", #"{"Statements":[{"Statement":"INSERT INTO tbl VALUE {'pk': 'b'}"},{"Statement":"DELETE FROM tbl WHERE pk = 'a'"}]}"#)
        f.client.ok("ExecuteTransaction", #"{"TransactStatements":[{"Statement":"DELETE FROM tbl WHERE pk = 'b'"}]}"#)
        f.client.ok("ExecuteStatement", #"{"Statement":"INSERT INTO tbl VALUE {'pk': 'c'}"}"#)
        // A duplicate INSERT and an UPDATE of a missing item fail and record nothing.
        #expect(f.client.error("ExecuteStatement", #"{"Statement":"INSERT INTO tbl VALUE {'pk': 'c'}"}"#).type == "DuplicateItemException")
        #expect(f.client.error("ExecuteStatement", #"{"Statement":"UPDATE tbl SET n = 1 WHERE pk = 'zz'"}"#).type == "ConditionalCheckFailedException")
        let records = f.records(arn)
        #expect(records.map { $0["eventName"]?.stringValue ?? "" } == ["INSERT", "MODIFY", "INSERT", "REMOVE", "REMOVE", "INSERT"])
    }

    @Test func transactionTokenLength() {
        let client = Self.client()
        let body = Self.transaction(["DELETE FROM accounts WHERE pk = 'x'"], extra: [("ClientRequestToken", .string(String(repeating: "t", count: 37)))])
        #expect(client.error("ExecuteTransaction", body).message.hasSuffix("at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36"))
    }
}
