import DrydockCore
@testable import DynamoDBEmulator
import Testing

@Suite("DynamoDB expressions")
struct ExpressionTests {
    static let item: Item = [
        "id": .s("abc"), "n": .n(DynamoNumber.parse("10").successValue!), "s": .s("hello world"),
        "tags": .ss(["red", "blue"]), "nums": .ns([DynamoNumber.parse("1").successValue!]),
        "lst": .l([.s("x"), .m(["deep": .bool(true)])]), "mp": .m(["k": .s("v"), "nest": .m(["z": .null])]),
        "flag": .bool(false), "bin": .b([1, 2, 3]),
    ]

    static let values: [String: AttributeValue] = [
        ":ten": .n(DynamoNumber.parse("10.0").successValue!), ":five": .n(DynamoNumber.parse("5").successValue!),
        ":twenty": .n(DynamoNumber.parse("20").successValue!), ":hello": .s("hello"), ":red": .s("red"),
        ":S": .s("S"), ":SS": .s("SS"), ":x": .s("x"), ":two": .n(DynamoNumber.parse("2").successValue!),
        ":v": .s("v"), ":b12": .b([1, 2]), ":true": .bool(true), ":lst": .l([.s("x")]),
    ]

    func evaluate(_ text: String) throws -> Bool {
        let context = ExpressionContext(names: ["#n": "n", "#mp": "mp"], values: Self.values)
        var parser = try ExpressionParser(text, kind: .condition, context: context)
        return try parser.parseConditionExpression().evaluate(Self.item)
    }

    @Test(arguments: [
        ("n = :ten", true), ("#n = :ten", true), ("n <> :ten", false), ("n < :twenty", true), ("n <= :ten", true),
        ("n > :five", true), ("n >= :twenty", false), ("absent <> :ten", true), ("absent = :ten", false),
        ("absent < :ten", false), ("s > :ten", false),
        ("n BETWEEN :five AND :twenty", true), ("n BETWEEN :ten AND :ten", true), ("n between :twenty and :twenty", false),
        ("n IN (:five, :ten)", true), ("n IN (:five)", false),
        ("attribute_exists(id)", true), ("attribute_exists(absent)", false), ("attribute_not_exists(absent)", true),
        ("attribute_exists(mp.k)", true), ("attribute_exists(#mp.nest.z)", true), ("attribute_exists(lst[1].deep)", true),
        ("attribute_exists(lst[2])", false), ("attribute_type(tags, :SS)", true), ("attribute_type(s, :SS)", false),
        ("begins_with(s, :hello)", true), ("begins_with(id, :hello)", false), ("begins_with(bin, :b12)", true),
        ("contains(s, :hello)", true), ("contains(tags, :red)", true), ("contains(lst, :x)", true), ("contains(tags, :x)", false),
        ("size(s) = :ten", false), ("size(tags) = :two", true), ("size(lst) = :two", true), ("size(mp) = :two", true),
        ("NOT n = :five", true), ("n = :five OR n = :ten", true), ("n = :five AND n = :ten", false),
        ("n = :ten OR n = :five AND s = :hello", true), ("(n = :ten OR n = :five) AND s = :hello", false),
        ("NOT (n = :five OR flag = :true)", true), ("((n = :five) OR n = :ten)", true), ("mp.k = :v", true), ("lst[0] = :x", true),
        // An item attribute of a type without order only makes an ordering false (a `:value` is refused).
        ("lst < :ten", false), (":ten >= lst", false), ("n BETWEEN lst AND :twenty", false),
        // attribute_type's first operand may be a `:value` as well as a path.
        ("attribute_type(:hello, :S)", true), ("attribute_type(:hello, :SS)", false),
    ])
    func evaluates(_ text: String, _ expected: Bool) throws {
        #expect(try evaluate(text) == expected)
    }

    @Test(arguments: [
        ("n = = :ten", #"Invalid ConditionExpression: Syntax error; token: "=", near: "= = :ten""#),
        ("n =", #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "=""#),
        ("given-name = :ten", #"Invalid ConditionExpression: Syntax error; token: "-", near: "given-name""#),
        ("n = :ten AND", #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND""#),
        ("n @ :ten", #"Invalid ConditionExpression: Syntax error; token: "@", near: "n @""#),
        ("(n = :ten", #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":ten""#),
        ("  ", "Invalid ConditionExpression: The expression can not be empty;"),
        ("((n = :ten))", "Invalid ConditionExpression: The expression has redundant parentheses;"),
        ("NOT ((n = :ten))", "Invalid ConditionExpression: The expression has redundant parentheses;"),
        ("n = n", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]"),
        ("contains(#n, #n)", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [n]"),
        ("n = : ten", #"Invalid ConditionExpression: Syntax error; token: ":", near: "= : ten""#),
        ("status = :ten", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        ("#nope = :ten", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope"),
        ("n = :nope", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope"),
        ("foo(n)", "Invalid ConditionExpression: Invalid function name; function: foo"),
        ("begins_with(s)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"),
        ("attribute_exists(:ten)", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
        ("begins_with(s, :ten)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        ("attribute_type(s, :hello)", "Invalid ConditionExpression: Invalid attribute type name found; type: hello, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }"),
        ("n BETWEEN :twenty AND :five", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: AttributeValue: {N:20}, upper operand: AttributeValue: {N:5}"),
        ("n BETWEEN :five AND :hello", "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower operand: AttributeValue: {N:5}, upper operand: AttributeValue: {S:hello}"),
        ("n < :lst", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: L"),
        (":lst >= n", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: L"),
        ("n BETWEEN :lst AND :five", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L"),
        // Refused while parsing, even where an OR would never reach it.
        ("n = :ten OR s > :true", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >, operand type: BOOL"),
        ("attribute_type(s, n)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: document path"),
        ("if_not_exists(n, :ten) = :ten", "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"),
        ("list_append(lst, :lst) = :lst", "Invalid ConditionExpression: The function is not allowed in a condition expression; function: list_append"),
        ("_n = :ten", #"Invalid ConditionExpression: Syntax error; token: "_", near: "_n""#),
    ])
    func conditionErrors(_ text: String, _ message: String) {
        #expect(throws: DynamoDBError.validation(message)) { try evaluate(text) }
    }

    @Test func unusedNamesAndValuesAreRefused() {
        let client = DynamoDBTestClient()
        client.createTable("things")
        let values = client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)","ExpressionAttributeValues":{":x":{"S":"1"},":y":{"S":"2"}}}"#)
        #expect(values.message == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x, :y}")
        let names = client.error("PutItem", ##"{"TableName":"things","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)","ExpressionAttributeNames":{"#a":"a"}}"##)
        #expect(names.message == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}")
        let noExpression = client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"}},"ExpressionAttributeValues":{":x":{"S":"1"}}}"#)
        #expect(noExpression.message == "1 validation error detected: ExpressionAttributeValues can only be specified when using expressions")
        let badKey = client.error("PutItem", ##"{"TableName":"things","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(#p)","ExpressionAttributeNames":{"#p":"pk","#bad-key":"x"}}"##)
        #expect(badKey.message == ##"ExpressionAttributeNames contains invalid key: Syntax error; key: "#bad-key""##)
        let empty = client.error("PutItem", #"{"TableName":"things","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)","ExpressionAttributeValues":{}}"#)
        #expect(empty.message == "ExpressionAttributeValues must not be empty")
    }

    @Test(arguments: [
        ("a, a.b", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        ("a,", #"Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ",""#),
        ("a[x]", #"Invalid ProjectionExpression: Syntax error; token: "x", near: "[x]""#),
    ])
    func projectionErrors(_ text: String, _ message: String) {
        #expect(throws: DynamoDBError.validation(message)) {
            var parser = try ExpressionParser(text, kind: .projection, context: ExpressionContext())
            _ = try parser.parseProjectionExpression()
        }
    }
}
