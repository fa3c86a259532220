import FuzzSupport

/// DynamoDB's expression language end to end — lexer, parser, reserved words, placeholder checks and
/// the evaluators (condition, key condition, filter, projection, update with SET/REMOVE/ADD/DELETE) —
/// through the emulator's own request handling (`ExpressionRequest` describes the input format).
enum DynamoDBExpressionFuzzer {
    static let dynamodb = DynamoDBFuzzEmulator()

    static func run(_ input: [UInt8]) {
        let request = ExpressionRequest(input)
        let response = dynamodb.send(request.action, body: request.body)
        ResponseOracle.check(response, request.action)
        if request.writes { dynamodb.reset() }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DynamoDBExpressionFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_dynamodb_expressions_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = DynamoDBExpressionFuzzer.dynamodb
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
