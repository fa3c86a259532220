import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// ExecuteStatement (Developer Guide, "PartiQL for DynamoDB"; API Reference, ExecuteStatement).
@Suite("DynamoDB PartiQL: ExecuteStatement")
struct PartiQLTests {
    /// `music`: pk S + sk S, three songs of one artist and one of another; `flat`: pk only.
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("music", range: true)
        for (pk, sk, plays) in [("acme", "s1", 10), ("acme", "s2", 20), ("acme", "s3", 30), ("other", "s1", 5)] {
            client.ok("PutItem", #"{"TableName":"music","Item":{"pk":{"S":"\#(pk)"},"sk":{"S":"\#(sk)"},"plays":{"N":"\#(plays)"},"info":{"M":{"genre":{"S":"rock"},"tags":{"L":[{"S":"a"},{"S":"b"}]}}}}}"#)
        }
        client.createTable("flat")
        return client
    }

    static func body(_ statement: String, _ parameters: [JSONValue]? = nil, extra: [(String, JSONValue)] = []) -> String {
        var members: [(String, JSONValue)] = [("Statement", .string(statement))]
        if let parameters { members.append(("Parameters", .array(parameters))) }
        return JSONValue.object(members + extra).serialized()
    }

    @discardableResult
    static func run(_ client: DynamoDBTestClient, _ statement: String, _ parameters: [JSONValue]? = nil,
                    extra: [(String, JSONValue)] = [], sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        client.ok("ExecuteStatement", body(statement, parameters, extra: extra), sourceLocation: sourceLocation)
    }

    static func fail(_ client: DynamoDBTestClient, _ statement: String, _ parameters: [JSONValue]? = nil,
                     extra: [(String, JSONValue)] = []) -> (type: String, message: String, status: Int) {
        client.error("ExecuteStatement", body(statement, parameters, extra: extra))
    }

    static func item(_ client: DynamoDBTestClient, _ table: String, _ key: String) -> JSONValue? {
        client.ok("GetItem", #"{"TableName":"\#(table)","Key":\#(key)}"#)["Item"]
    }

    // MARK: SELECT

    @Test func selectByPartitionKeyIsAQueryInSortKeyOrder() {
        let client = Self.client()
        let answer = Self.run(client, #"SELECT sk, plays FROM "music" WHERE pk = 'acme'"#)
        #expect(answer["Items"] == [["sk": ["S": "s1"], "plays": ["N": "10"]], ["sk": ["S": "s2"], "plays": ["N": "20"]], ["sk": ["S": "s3"], "plays": ["N": "30"]]])
        #expect(answer["NextToken"] == nil)
    }

    @Test func selectWithSortKeyConditionsAndOrderBy() {
        let client = Self.client()
        let between = Self.run(client, #"SELECT sk FROM music WHERE pk = ? AND sk BETWEEN 's2' AND 's3' ORDER BY sk DESC"#, [["S": "acme"]])
        #expect(between["Items"] == [["sk": ["S": "s3"]], ["sk": ["S": "s2"]]])
        let begins = Self.run(client, #"SELECT sk FROM "music" WHERE pk = 'acme' AND begins_with(sk, 's1')"#)
        #expect(begins["Items"] == [["sk": ["S": "s1"]]])
    }

    @Test func selectFiltersWithEveryOperator() {
        let client = Self.client()
        func keys(_ where_: String) -> [String] {
            (Self.run(client, "SELECT * FROM music WHERE " + where_)["Items"]?.arrayValue ?? []).compactMap {
                guard let pk = $0["pk"]?["S"]?.stringValue, let sk = $0["sk"]?["S"]?.stringValue else { return nil }
                return pk + "/" + sk
            }
        }
        #expect(keys("plays > 15") == ["acme/s2", "acme/s3"])
        #expect(keys("plays >= 20 AND plays <= 20") == ["acme/s2"])
        #expect(keys("plays <> 10 AND pk = 'acme'") == ["acme/s2", "acme/s3"])
        #expect(keys("plays < 10 OR plays = 30") == ["acme/s3", "other/s1"])
        #expect(keys("NOT (pk = 'acme')") == ["other/s1"])
        #expect(keys("pk IN ('other', 'nobody')") == ["other/s1"])
        #expect(keys("sk IN ['s3']") == ["acme/s3"])
        #expect(keys("plays BETWEEN 6 AND 19") == ["acme/s1"])
        #expect(keys("info.genre = 'rock' AND info.tags[1] = 'b' AND plays = 5") == ["other/s1"])
        #expect(keys("missing_attribute IS MISSING AND plays = 5") == ["other/s1"])
        #expect(keys("info IS NOT MISSING AND pk = 'other'") == ["other/s1"])
        #expect(keys("contains(info.tags, 'a') AND sk = 's3'") == ["acme/s3"])
        #expect(keys("attribute_type(plays, 'N') AND size(info.tags) = 2 AND sk = 's2'") == ["acme/s2"])
        #expect(keys("info IS STRUCT AND plays IS NUMERIC AND sk = 's2'") == ["acme/s2"])
        #expect(keys("\"plays\" = 20") == ["acme/s2"])
    }

    @Test func partitionKeyInIsOneQueryPerValueInPagesOfTen() throws {
        let client = DynamoDBTestClient()
        client.createTable("events", range: true)
        for pk in ["a", "b", "c"] {
            for sk in 0..<7 { client.ok("PutItem", #"{"TableName":"events","Item":{"pk":{"S":"\#(pk)"},"sk":{"S":"\#(sk)"}}}"#) }
        }
        var keys: [String] = []
        var pages: [Int] = []
        var token: JSONValue? = nil
        repeat {
            let page = Self.run(client, "SELECT pk, sk FROM events WHERE pk IN ['c', 'a', 'nobody']", extra: token.map { [("NextToken", $0)] } ?? [])
            let items = page["Items"]?.arrayValue ?? []
            pages.append(items.count)
            keys += items.compactMap { item in item["pk"]?["S"]?.stringValue.flatMap { pk in item["sk"]?["S"]?.stringValue.map { pk + $0 } } }
            token = page["NextToken"]
        } while token != nil && pages.count < 10
        #expect(keys == (0..<7).map { "c\($0)" } + (0..<7).map { "a\($0)" })
        #expect(pages == [10, 4])
        let disjunction = Self.run(client, "SELECT pk FROM events WHERE (pk = 'b' OR pk = 'a' OR pk = 'b') AND sk = '3'")
        #expect(disjunction["Items"] == [["pk": ["S": "b"]], ["pk": ["S": "a"]]])
        let ordered = Self.run(client, "SELECT pk, sk FROM events WHERE pk IN ['c', 'a'] AND sk = '0' ORDER BY pk DESC")
        #expect(ordered["Items"] == [["pk": ["S": "c"], "sk": ["S": "0"]], ["pk": ["S": "a"], "sk": ["S": "0"]]])
        let limited = Self.run(client, "SELECT sk FROM events WHERE pk IN ['a', 'b'] AND sk > '4'", extra: [("Limit", 3), ("ReturnConsumedCapacity", "TOTAL")])
        #expect(limited["Items"] == [["sk": ["S": "5"]], ["sk": ["S": "6"]], ["sk": ["S": "5"]]])
        #expect(limited["NextToken"] != nil)
        #expect(limited["ConsumedCapacity"] == ["TableName": "events", "CapacityUnits": 1])
        #expect(Self.fail(client, "SELECT * FROM events WHERE pk IN ['a', 'b'] ORDER BY sk").message
            == "Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.")
        let many = "SELECT * FROM events WHERE pk IN [" + (0...50).map { "'\($0)'" }.joined(separator: ", ") + "]"
        #expect(Self.fail(client, many).message == "Too many decomposed read operations for a given query.")
    }

    @Test func projectionReturnsLeavesUnderTheirNames() {
        let client = Self.client()
        let answer = Self.run(client, #"SELECT info.genre, info.tags[0], nothing FROM music WHERE pk = 'other' AND sk = 's1'"#)
        #expect(answer["Items"] == [["genre": ["S": "rock"], "tags[0]": ["S": "a"]]])
    }

    @Test func limitAndNextTokenWalkEveryItemOnce() throws {
        let client = Self.client()
        var seen: [JSONValue] = []
        var token: JSONValue? = nil
        var pages = 0
        repeat {
            var extra: [(String, JSONValue)] = [("Limit", 2)]
            if let token { extra.append(("NextToken", token)) }
            let page = Self.run(client, "SELECT pk, sk FROM music", extra: extra)
            seen += page["Items"]?.arrayValue ?? []
            token = page["NextToken"]
            pages += 1
        } while token != nil && pages < 10
        #expect(seen.count == 4)
        #expect(pages == 3)  // 2 + 2, then the empty page after a page stopped by Limit
    }

    @Test func nextTokenIsBoundToItsStatement() throws {
        let client = Self.client()
        let first = Self.run(client, "SELECT * FROM music", extra: [("Limit", 1)])
        let token = try #require(first["NextToken"])
        let other = Self.fail(client, "SELECT * FROM music WHERE plays > 1", extra: [("Limit", 1), ("NextToken", token)])
        #expect(other.type == "ValidationException" && other.message == "NextToken does not match request")
        let garbage = Self.fail(client, "SELECT * FROM music", extra: [("NextToken", "not a token")])
        #expect(garbage.message == "Invalid NextToken")
    }

    @Test func selectFromAnIndex() {
        let client = DynamoDBTestClient()
        client.ok("CreateTable", #"{"TableName":"songs","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"genre","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"GlobalSecondaryIndexes":[{"IndexName":"by-genre","KeySchema":[{"AttributeName":"genre","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}],"BillingMode":"PAY_PER_REQUEST"}"#)
        client.ok("PutItem", #"{"TableName":"songs","Item":{"pk":{"S":"a"},"genre":{"S":"jazz"}}}"#)
        client.ok("PutItem", #"{"TableName":"songs","Item":{"pk":{"S":"b"},"genre":{"S":"rock"}}}"#)
        let answer = Self.run(client, #"SELECT pk FROM "songs"."by-genre" WHERE genre = 'rock'"#)
        #expect(answer["Items"] == [["pk": ["S": "b"]]])
        let consistent = Self.fail(client, #"SELECT pk FROM "songs"."by-genre" WHERE genre = 'rock'"#, extra: [("ConsistentRead", true)])
        #expect(consistent.message == "Strongly consistent read is not supported on Global Secondary Indexes")
        #expect(Self.fail(client, #"SELECT * FROM "songs"."nope""#).message == "The table does not have the specified index: nope")
    }

    @Test func consumedCapacityIsTheReadsOrWrites() {
        let client = Self.client()
        let read = Self.run(client, "SELECT * FROM music WHERE pk = 'acme'", extra: [("ReturnConsumedCapacity", "TOTAL")])
        #expect(read["ConsumedCapacity"] == ["TableName": "music", "CapacityUnits": .number(0.5)])
        let write = Self.run(client, "INSERT INTO flat VALUE {'pk': 'x'}", extra: [("ReturnConsumedCapacity", "TOTAL")])
        #expect(write["ConsumedCapacity"] == ["TableName": "flat", "CapacityUnits": 1])
    }

    // MARK: INSERT

    @Test func insertWritesEveryLiteralKind() {
        let client = Self.client()
        let answer = Self.run(client, #"INSERT INTO "flat" VALUE {'pk': 'k1', 'n': -1.5e2, 'b': TRUE, 'z': NULL, 'l': [1, 'two', [3]], 'm': {'x': {'y': 'deep'}}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'p': ?}"#, [["B": "AQI="]])
        #expect(answer == ["Items": []])
        let item = Self.item(client, "flat", #"{"pk":{"S":"k1"}}"#)
        #expect(item?["n"] == ["N": "-150"])
        #expect(item?["b"] == ["BOOL": true])
        #expect(item?["z"] == ["NULL": true])
        #expect(item?["l"] == ["L": [["N": "1"], ["S": "two"], ["L": [["N": "3"]]]]])
        #expect(item?["m"] == ["M": ["x": ["M": ["y": ["S": "deep"]]]]])
        #expect(item?["ss"] == ["SS": ["a", "b"]])
        #expect(item?["ns"] == ["NS": ["1", "2"]])
        #expect(item?["p"] == ["B": "AQI="])
    }

    @Test func insertOfAnExistingKeyIsADuplicateItem() {
        let client = Self.client()
        Self.run(client, "INSERT INTO flat VALUE {'pk': 'k1', 'v': 1}")
        let error = Self.fail(client, "INSERT INTO flat VALUE {'pk': 'k1', 'v': 2}")
        #expect(error.type == "DuplicateItemException" && error.message == "Duplicate primary key exists in table" && error.status == 400)
        #expect(Self.item(client, "flat", #"{"pk":{"S":"k1"}}"#)?["v"] == ["N": "1"])
    }

    // MARK: UPDATE

    @Test func updateSetsRemovesAndComputes() {
        let client = Self.client()
        Self.run(client, "INSERT INTO flat VALUE {'pk': 'u', 'n': 5, 'l': [1], 'ss': <<'a'>>, 'gone': 'x'}")
        Self.run(client, "UPDATE flat SET n = n + 2 SET l = list_append(l, [2, 3]), ss = set_add(ss, <<'b', 'c'>>) REMOVE gone WHERE pk = 'u'")
        var item = Self.item(client, "flat", #"{"pk":{"S":"u"}}"#)
        #expect(item?["n"] == ["N": "7"])
        #expect(item?["l"] == ["L": [["N": "1"], ["N": "2"], ["N": "3"]]])
        #expect(item?["ss"] == ["SS": ["a", "b", "c"]])
        #expect(item?["gone"] == nil)
        Self.run(client, "UPDATE flat SET ss = set_delete(ss, <<'a'>>), n = n - 10 WHERE pk = 'u'")
        item = Self.item(client, "flat", #"{"pk":{"S":"u"}}"#)
        #expect(item?["ss"] == ["SS": ["b", "c"]])
        #expect(item?["n"] == ["N": "-3"])
    }

    @Test func updateReturningEachMode() {
        let client = Self.client()
        Self.run(client, "INSERT INTO flat VALUE {'pk': 'r', 'data': 'old', 'keep': 'same'}")
        let allOld = Self.run(client, "UPDATE flat SET data = 'new' WHERE pk = 'r' RETURNING ALL OLD *")
        #expect(allOld["Items"] == [["data": ["S": "old"], "keep": ["S": "same"], "pk": ["S": "r"]]])
        let modifiedNew = Self.run(client, "UPDATE flat SET data = 'newer' WHERE pk = 'r' RETURNING MODIFIED NEW *")
        #expect(modifiedNew["Items"] == [["data": ["S": "newer"]]])
        let modifiedOld = Self.run(client, "UPDATE flat SET extra = 1 WHERE pk = 'r' RETURNING MODIFIED OLD *")
        #expect(modifiedOld["Items"] == [])
        let allNew = Self.run(client, "UPDATE flat REMOVE extra WHERE pk = 'r' RETURNING ALL NEW *")
        #expect(allNew["Items"]?.arrayValue?.first?["extra"] == nil && allNew["Items"]?.arrayValue?.first?["keep"] == ["S": "same"])
    }

    @Test func updateOfAMissingItemOrAFalseConditionFails() {
        let client = Self.client()
        let missing = Self.fail(client, "UPDATE flat SET v = 1 WHERE pk = 'ghost'")
        #expect(missing.type == "ConditionalCheckFailedException" && missing.message == "The conditional request failed")
        #expect(Self.item(client, "flat", #"{"pk":{"S":"ghost"}}"#) == nil)
        Self.run(client, "INSERT INTO flat VALUE {'pk': 'c', 'kind': 'alpha'}")
        let response = client.send("ExecuteStatement", Self.body("UPDATE flat SET label = 'x' WHERE pk = 'c' AND kind = 'beta'", extra: [("ReturnValuesOnConditionCheckFailure", "ALL_OLD")]))
        let json = (try? JSONValue.parse(response.body)) ?? .null
        #expect(json["__type"]?.stringValue?.hasSuffix("#ConditionalCheckFailedException") == true)
        #expect(json["Item"] == ["kind": ["S": "alpha"], "pk": ["S": "c"]])
        Self.run(client, "UPDATE flat SET label = 'x' WHERE pk = 'c' AND kind = 'alpha'")
        #expect(Self.item(client, "flat", #"{"pk":{"S":"c"}}"#)?["label"] == ["S": "x"])
    }

    @Test func updateOfAKeyAttributeIsRefused() {
        let client = Self.client()
        Self.run(client, "INSERT INTO flat VALUE {'pk': 'k'}")
        #expect(Self.fail(client, "UPDATE flat SET pk = 'other' WHERE pk = 'k'").message == "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key")
    }

    // MARK: DELETE

    @Test func deleteWithConditionAndReturning() {
        let client = Self.client()
        Self.run(client, "INSERT INTO flat VALUE {'pk': 'd', 'kind': 'alpha'}")
        #expect(Self.fail(client, "DELETE FROM flat WHERE pk = 'd' AND kind = 'beta'").type == "ConditionalCheckFailedException")
        #expect(Self.run(client, "DELETE FROM flat WHERE pk = 'absent' AND kind = 'x'") == ["Items": []])
        let deleted = Self.run(client, "DELETE FROM flat WHERE pk = 'd' RETURNING ALL OLD *")
        #expect(deleted["Items"] == [["kind": ["S": "alpha"], "pk": ["S": "d"]]])
        #expect(Self.item(client, "flat", #"{"pk":{"S":"d"}}"#) == nil)
        #expect(Self.run(client, "DELETE FROM music WHERE pk = 'acme' AND sk = 's1'") == ["Items": []])
        #expect(Self.item(client, "music", #"{"pk":{"S":"acme"},"sk":{"S":"s1"}}"#) == nil)
    }

    // MARK: Errors

    @Test(arguments: [
        ("SLECT * FROM music", "Statement wasn't well formed, can't be processed: Expected data manipulation"),
        ("SELECT * FROM music WHERE", "Statement wasn't well formed, can't be processed: Unexpected end of statement"),
        ("SELECT * FROM music extra", "Aliasing is not supported"),
        ("SELECT * FROM music AS m", "Aliasing is not supported"),
        ("SELECT * FROM music WHERE pk = 'a' junk junk", "Statement wasn't well formed, can't be processed: Unexpected token after expression"),
        ("SELECT COUNT(*) FROM music", "Unexpected path component at 1:8:5"),
        ("SELECT *, pk FROM music", "Other attributes should not be present in the projection when '*' is used."),
        ("SELECT pk, pk FROM music", "Duplicate identifiers in select clause: pk"),
        ("SELECT * FROM music WHERE x IS MISSING OR y = MISSING", "MISSING must be compared using IS operator"),
        ("SELECT * FROM music WHERE nope(x)", "Unrecognized function: nope"),
        ("SELECT * FROM music WHERE x IS DATE", "Unsupported data type for IS operator: DATE. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]"),
        ("SELECT * FROM music ORDER BY sk", "Must have WHERE clause in the statement when using ORDER BY clause."),
        ("SELECT * FROM music WHERE plays = 1 ORDER BY sk", "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."),
        ("SELECT * FROM music WHERE pk = 'a' ORDER BY plays", "Variable reference plays in ORDER BY clause must be part of the primary key"),
        ("SELECT * FROM music WHERE plays", "WHERE clause must contain an expression that resolves to a boolean"),
        ("UPDATE music SET plays = 1 WHERE pk = 'acme'", "Where clause does not contain a mandatory equality on all key attributes"),
        ("DELETE FROM music WHERE plays = 1", "Where clause does not contain a mandatory equality on all key attributes"),
        ("UPDATE flat SET v = 1", "Where clause does not contain a mandatory equality on all key attributes"),
        ("DELETE FROM flat WHERE pk = 'a' AND pk = 'b'", "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported"),
        ("DELETE FROM flat WHERE pk = 'a' RETURNING MODIFIED OLD *", "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE statements."),
        ("UPDATE flat SET v = 1 WHERE pk = 'a' RETURNING ALL", "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"),
        ("INSERT INTO flat VALUES {'pk': 'a'}", #"Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead"#),
        ("INSERT INTO flat VALUE 'a'", "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement."),
        ("INSERT INTO flat VALUE {'pk': 'a', 'pk': 'b'}", "Duplicate keys in tuple. Key: pk under item"),
        ("INSERT INTO flat VALUE {'pk': 'a', 's': <<>>}", "Empty bags are not supported"),
        ("INSERT INTO flat VALUE {'pk': 'a', 's': <<1, 'x'>>}", "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"),
        ("UPDATE flat ADD v 1 WHERE pk = 'a'", "Only SET and REMOVE are supported in update expressions at this time"),
        ("UPDATE flat SET s = set_add(t, <<'a'>>) WHERE pk = 'a'", "The first argument to SET_ADD must equal the assignment value"),
        ("UPDATE flat SET s = set_add(s, 'a') WHERE pk = 'a'", "The second argument to SET_ADD must be a value with type SET"),
        ("EXISTS(SELECT * FROM flat WHERE pk = 'a')", "EXISTS can only be used in ExecuteTransaction write requests."),
        ("SELECT * FROM music WHERE pk = ?", "Number of parameters in request and statement don't match."),
        ("SELECT * FROM \"music\".\"a\".\"b\"", "A path may contain at most 2 components in the FROM clause"),
        ("SELECT * FROM music WHERE a[*] = 1", "Wildcard path component like a[*].b are not supported"),
        ("SELECT * FROM music WHERE a[99999999999] = 1", "List index is not within the allowable range; index: [99999999999]"),
        ("SELECT * FROM music WHERE x = `1`", "Ion Literals are not supported"),
        ("SELECT * FROM music WHERE x = 'open", "Statement wasn't well formed, can't be processed: Unterminated string literal"),
    ])
    func refusedStatements(_ statement: String, _ message: String) {
        let client = Self.client()
        let error = Self.fail(client, statement)
        #expect(error.type == "ValidationException", "\(statement)")
        #expect(error.message == message, "\(statement)")
        #expect(error.status == 400)
    }

    @Test func missingTableAndMemberConstraints() {
        let client = Self.client()
        #expect(Self.fail(client, "SELECT * FROM nothere") == ("ResourceNotFoundException", "Requested resource not found", 400))
        #expect(client.error("ExecuteStatement", "{}").message == "1 validation error detected: Value null at 'statement' failed to satisfy constraint: Member must not be null")
        #expect(Self.fail(client, "").message == "1 validation error detected: Value '' at 'statement' failed to satisfy constraint: Member must have length greater than or equal to 1")
        let long = "SELECT * FROM music WHERE pk = '" + String(repeating: "x", count: 8192) + "'"
        #expect(Self.fail(client, long).message.hasSuffix("failed to satisfy constraint: Member must have length less than or equal to 8192"))
        #expect(Self.fail(client, "SELECT * FROM music", []).message == "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1")
        #expect(Self.fail(client, "SELECT * FROM music", extra: [("Limit", 0)]).message == "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(Self.fail(client, "SELECT * FROM music WHERE pk = ?", [[:]]).message == "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    }

    /// Input that used to be dangerous for a recursive parser: deep nesting is refused with a 400, not
    /// a stack overflow.
    @Test(.timeLimit(.minutes(1)))
    func deepNestingIsRefused() {
        let client = Self.client()
        for statement in [
            "SELECT * FROM music WHERE " + String(repeating: "(", count: 4000) + "a = 1" + String(repeating: ")", count: 4000),
            "SELECT * FROM music WHERE " + String(repeating: "NOT ", count: 2000) + "a = 1",
            "INSERT INTO flat VALUE {'pk': 'a', 'l': " + String(repeating: "[", count: 4000) + String(repeating: "]", count: 4000) + "}",
        ] {
            let error = Self.fail(client, statement)
            #expect(error.status == 400)
            #expect(error.message == "Statement wasn't well formed, can't be processed: Statement nesting exceeds 64 levels")
        }
        let longChain = "SELECT * FROM music WHERE " + (1...151).map { "a = \($0)" }.joined(separator: " AND ")
        #expect(Self.fail(client, longChain).message == "The expression contains too many operators; operator count: 301")
        let fits = "SELECT * FROM music WHERE pk = 'acme' AND " + (1...70).map { "(a = \($0) OR b = 1)" }.joined(separator: " AND ")
        #expect(Self.run(client, fits)["Items"] == [])
        let deepButValid = "INSERT INTO flat VALUE {'pk': 'a', 'l': " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"
        #expect(Self.fail(client, deepButValid).message.contains("Nesting Levels have exceeded supported limits"))
    }
}
