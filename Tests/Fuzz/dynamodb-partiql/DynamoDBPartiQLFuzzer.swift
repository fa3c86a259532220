import DrydockCore
import FuzzSupport

/// DynamoDB's PartiQL end to end — lexer, parser, literals, parameters, the translation into item,
/// query, scan and transaction requests and their evaluation — through the emulator's own request
/// handling, on the fuzz table (`fuzz`: pk S + sk N, GSI `by-s`, LSI `by-b`).
///
/// Input: a first line `B` runs the following lines as one BatchExecuteStatement, `T` as one
/// ExecuteTransaction (one statement per line); otherwise the whole input is one ExecuteStatement.
/// Every `?` has a parameter: the statement is sent with `["p1", 1, <<"a">>, {"m": [true]}]` repeated
/// to 16 values.
enum DynamoDBPartiQLFuzzer {
    static let dynamodb = DynamoDBFuzzEmulator()
    static let parameters: [JSONValue] = Array(repeating: [
        ["S": "p1"], ["N": "1"], ["SS": ["a"]], ["M": ["m": ["L": [["BOOL": true]]]]],
    ] as [JSONValue], count: 4).flatMap { $0 }

    static func run(_ input: [UInt8]) {
        let (first, rest) = FuzzText.firstLine(input)
        let mode = FuzzText.text(first)
        let action: String
        let body: JSONValue
        if (mode == "B" || mode == "T"), let rest {
            let statements = FuzzText.lines(Array(rest)).map { line -> JSONValue in
                ["Statement": .string(FuzzText.text(line)), "Parameters": .array(parameters)]
            }
            action = mode == "B" ? "BatchExecuteStatement" : "ExecuteTransaction"
            body = .object([(mode == "B" ? "Statements" : "TransactStatements", .array(statements)), ("ReturnConsumedCapacity", "INDEXES")])
        } else {
            action = "ExecuteStatement"
            body = ["Statement": .string(FuzzText.text(input)), "Parameters": .array(parameters), "ReturnConsumedCapacity": "TOTAL"]
        }
        let response = dynamodb.send(action, body: body.bytes)
        ResponseOracle.check(response, action)
        // Every input starts from the fixture table (a write that failed changed nothing).
        if response.status == 200 { dynamodb.reset() }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DynamoDBPartiQLFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_dynamodb_partiql_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = DynamoDBPartiQLFuzzer.dynamodb
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
