import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB UpdateItem")
struct UpdateItemTests {
    static let key = #""Key":{"pk":{"S":"a"}}"#

    /// A table holding one item with counters, a set, a list and a map.
    static func client() -> DynamoDBTestClient {
        let client = DynamoDBTestClient()
        client.createTable("things")
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"},"count":{"N":"5"},"tags":{"SS":["x","y"]},"lst":{"L":[{"S":"p"}]},"info":{"M":{"k":{"S":"v"}}},"gone":{"S":"soon"}}}"#)
        return client
    }

    func update(_ expression: String, values: String? = nil, returnValues: String = "ALL_NEW", client: DynamoDBTestClient = client()) -> JSONValue {
        let valuesMember = values.map { #","ExpressionAttributeValues":\#($0)"# } ?? ""
        return client.ok("UpdateItem", ##"{"TableName":"things",\##(Self.key),"UpdateExpression":"\##(expression)"\##(Self.names(expression))\##(valuesMember),"ReturnValues":"\##(returnValues)"}"##)["Attributes"] ?? .null
    }

    /// `ExpressionAttributeNames` for `#c` when the expression uses it (an unused name is an error).
    static func names(_ expression: String) -> String {
        expression.contains("#c") ? ##","ExpressionAttributeNames":{"#c":"count"}"## : ""
    }

    @Test(arguments: [
        ("SET #c = #c + :n", #"{":n":{"N":"2.5"}}"#, "count", #"{"N":"7.5"}"#),
        ("SET #c = #c - :n", #"{":n":{"N":"10"}}"#, "count", #"{"N":"-5"}"#),
        ("SET newattr = :n", #"{":n":{"N":"1.50"}}"#, "newattr", #"{"N":"1.5"}"#),
        ("SET fresh = if_not_exists(fresh, :n)", #"{":n":{"N":"0"}}"#, "fresh", #"{"N":"0"}"#),
        ("SET #c = if_not_exists(#c, :n)", #"{":n":{"N":"0"}}"#, "count", #"{"N":"5"}"#),
        ("SET lst = list_append(lst, :l)", #"{":l":{"L":[{"S":"q"}]}}"#, "lst", #"{"L":[{"S":"p"},{"S":"q"}]}"#),
        ("SET lst = list_append(:l, lst)", #"{":l":{"L":[{"S":"q"}]}}"#, "lst", #"{"L":[{"S":"q"},{"S":"p"}]}"#),
        ("SET lst[5] = :s", #"{":s":{"S":"z"}}"#, "lst", #"{"L":[{"S":"p"},{"S":"z"}]}"#),
        ("SET info.k2 = :s", #"{":s":{"S":"z"}}"#, "info", #"{"M":{"k":{"S":"v"},"k2":{"S":"z"}}}"#),
        ("ADD #c :n", #"{":n":{"N":"-1"}}"#, "count", #"{"N":"4"}"#),
        ("ADD tags :t", #"{":t":{"SS":["y","z"]}}"#, "tags", #"{"SS":["x","y","z"]}"#),
        ("ADD brand_new :n", #"{":n":{"N":"3"}}"#, "brand_new", #"{"N":"3"}"#),
        ("DELETE tags :t", #"{":t":{"SS":["x"]}}"#, "tags", #"{"SS":["y"]}"#),
        ("SET a1 = :s, a2 = :s REMOVE gone", #"{":s":{"S":"z"}}"#, "a2", #"{"S":"z"}"#),
    ])
    func actions(_ expression: String, _ values: String, _ attribute: String, _ expected: String) throws {
        let attributes = update(expression, values: values)
        #expect(attributes[attribute] == (try JSONValue.parse(expected)))
    }

    @Test func removeAndDeleteEmptyingASet() {
        let attributes = update("REMOVE gone, lst[0] DELETE tags :t", values: #"{":t":{"SS":["x","y"]}}"#)
        #expect(attributes["gone"] == nil)
        #expect(attributes["tags"] == nil)
        #expect(attributes["lst"] == ["L": []])
    }

    @Test func returnValuesVariants() {
        let values = #"{":n":{"N":"1"}}"#
        #expect(update("SET #c = :n", values: values, returnValues: "UPDATED_OLD") == ["count": ["N": "5"]])
        #expect(update("SET #c = :n", values: values, returnValues: "UPDATED_NEW") == ["count": ["N": "1"]])
        #expect(update("SET #c = :n", values: values, returnValues: "ALL_OLD")["gone"] == ["S": "soon"])
        #expect(update("SET #c = :n", values: values, returnValues: "NONE") == .null)
        #expect(update("SET info.k2 = :n", values: values, returnValues: "UPDATED_NEW") == ["info": ["M": ["k2": ["N": "1"]]]])
        #expect(update("SET info.k = :n", values: values, returnValues: "UPDATED_OLD") == ["info": ["M": ["k": ["S": "v"]]]])
    }

    @Test func updateCreatesMissingItems() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let created = client.ok("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"new"}},"UpdateExpression":"ADD hits :one","ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"ALL_NEW"}"#)
        #expect(created["Attributes"] == ["hits": ["N": "1"], "pk": ["S": "new"]])
        client.ok("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"bare"}}}"#)
        #expect(client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"bare"}}}"#)["Item"] == ["pk": ["S": "bare"]])
    }

    @Test func functionsNestInsideEachOther() {
        #expect(update("SET lst = list_append(if_not_exists(lst, :l), :l)", values: #"{":l":{"L":[{"S":"q"}]}}"#)["lst"] == ["L": [["S": "p"], ["S": "q"]]])
        #expect(update("SET fresh = if_not_exists(nothere, if_not_exists(#c, :n))", values: #"{":n":{"N":"0"}}"#)["fresh"] == ["N": "5"])
    }

    /// An update that only takes things away (REMOVE, DELETE from a set) does not create a missing
    /// item, and a REMOVE below a missing attribute is then no error (DynamoDB).
    @Test func removalsDoNotCreateMissingItems() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        for expression in ["REMOVE a", "REMOVE x.y", "REMOVE x[0]", "DELETE s :s"] {
            let body = #"{"TableName":"things","Key":{"pk":{"S":"none"}},"UpdateExpression":"\#(expression)","ReturnValues":"ALL_NEW""#
                + (expression.contains(":s") ? #","ExpressionAttributeValues":{":s":{"SS":["v"]}}}"# : "}")
            #expect(client.ok("UpdateItem", body)["Attributes"] == nil)
            #expect(client.ok("GetItem", #"{"TableName":"things","Key":{"pk":{"S":"none"}}}"#)["Item"] == nil)
        }
        // On a stored item without `x`, the same REMOVE is refused.
        client.ok("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"here"}}}"#)
        let answer = client.error("UpdateItem", #"{"TableName":"things","Key":{"pk":{"S":"here"}},"UpdateExpression":"REMOVE x.y"}"#)
        #expect(answer.message == "The document path provided in the update expression is invalid for update")
    }

    @Test(arguments: [
        ("SET pk = :s", #"{":s":{"S":"z"}}"#, "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
        ("SET a = :s, a = :s", #"{":s":{"S":"z"}}"#, "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
        ("SET a = :s SET b = :s", #"{":s":{"S":"z"}}"#, #"Invalid UpdateExpression: The "SET" section can only be used once in an update expression;"#),
        ("SET nothere = nothere + :s", #"{":s":{"N":"1"}}"#, "The provided expression refers to an attribute that does not exist in the item"),
        ("SET #c = #c + :s", #"{":s":{"S":"1"}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        ("SET lst = lst - :n", #"{":n":{"N":"1"}}"#, "An operand in the update expression has an incorrect data type"),
        ("ADD a :s", #"{":s":{"S":"1"}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
        ("ADD tags :n", #"{":n":{"N":"1"}}"#, "An operand in the update expression has an incorrect data type"),
        ("DELETE #c :n", #"{":n":{"N":"1"}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"),
        ("SET info.deeper.x = :s", #"{":s":{"S":"z"}}"#, "The document path provided in the update expression is invalid for update"),
        ("SET a = :s", #"{":s":{"S":"z"},":unused":{"S":"q"}}"#, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"),
        ("SET a :s", #"{":s":{"S":"z"}}"#, #"Invalid UpdateExpression: Syntax error; token: ":s", near: "a :s""#),
        ("SET #c = #c + :n", #"{":n":{"N":"0.1"}}"#, "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        // A name starts with a letter; a leading "_" is a token no rule takes.
        ("SET _123 = :s", #"{":s":{"S":"z"}}"#, #"Invalid UpdateExpression: Syntax error; token: "_", near: "SET _123""#),
        ("SET a = _f(:s)", #"{":s":{"S":"z"}}"#, #"Invalid UpdateExpression: Syntax error; token: "_", near: "= _f""#),
        // A function's arguments are operands: no "+" inside, and list_append never nests.
        ("SET a = if_not_exists(a, :n + :n)", #"{":n":{"N":"1"}}"#, #"Invalid UpdateExpression: Syntax error; token: "+", near: ":n + :n""#),
        ("SET lst = list_append(list_append(lst, :l), :l)", #"{":l":{"L":[]}}"#, "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"),
        // Arguments are counted and typed after parsing; a `:value` of the wrong type is refused then.
        ("SET lst = list_append(:l)", #"{":l":{"L":[]}}"#, "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"),
        ("SET lst = list_append(lst, :l, :l)", #"{":l":{"L":[]}}"#, "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 3"),
        ("SET lst = list_append(lst, :s)", #"{":s":{"S":"hi"}}"#, "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S"),
        ("SET a = if_not_exists(if_not_exists(a, :s), :s)", #"{":s":{"S":"z"}}"#, "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
        ("SET a = if_not_exists(:s, :s)", #"{":s":{"S":"z"}}"#, "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
    ])
    func errors(_ expression: String, _ values: String, _ message: String) {
        let client = Self.client()
        let body = ##"{"TableName":"things",\##(Self.key),"UpdateExpression":"\##(expression)"\##(Self.names(expression)),"ExpressionAttributeValues":\##(values)}"##
        if message.contains("Number overflow") {
            // count = 38 nines; adding 0.1 needs 40 significant digits.
            client.ok("UpdateItem", ##"{"TableName":"things",\##(Self.key),"UpdateExpression":"SET #c = :n","ExpressionAttributeNames":{"#c":"count"},"ExpressionAttributeValues":{":n":{"N":"99999999999999999999999999999999999999"}}}"##)
        }
        let answer = client.error("UpdateItem", body)
        #expect(answer.type == "ValidationException")
        #expect(answer.message == message)
    }

    @Test func conditionGuardsUpdates() {
        let client = Self.client()
        let body = ##"{"TableName":"things",\##(Self.key),"UpdateExpression":"SET #c = #c + :one","ConditionExpression":"#c < :max","ExpressionAttributeNames":{"#c":"count"},"ExpressionAttributeValues":{":one":{"N":"1"},":max":{"N":"7"}}}"##
        client.ok("UpdateItem", body)
        client.ok("UpdateItem", body)
        #expect(client.error("UpdateItem", body).type == "ConditionalCheckFailedException")
        #expect(client.ok("GetItem", #"{"TableName":"things",\#(Self.key)}"#)["Item"]?["count"] == ["N": "7"])
    }
}
