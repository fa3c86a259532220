import FuzzSupport

/// DynamoDB request bodies as raw bytes: the JSON parser, AttributeValue decoding (every type, sets,
/// numbers to 38 digits, nesting, sizes) and each action's validation. The input is the JSON body of
/// a PutItem, unless its first line is an action name (letters only: `BatchWriteItem`,
/// `TransactWriteItems`, `Query`, `CreateTable`, …), in which case the rest is that action's body.
/// Requests reach the `fuzz` table of `Tests/Fuzz/Fixtures`, which is reset after every input.
enum DynamoDBItemsFuzzer {
    static let dynamodb = DynamoDBFuzzEmulator()

    static func run(_ input: [UInt8]) {
        var action = "PutItem"
        var body = input[...]
        let (first, rest) = FuzzText.firstLine(input)
        if let rest, (1...40).contains(first.count), first.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
            action = FuzzText.text(first)
            body = rest
        }
        let response = dynamodb.send(action, body: Array(body))
        ResponseOracle.check(response, action)
        dynamodb.reset()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DynamoDBItemsFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_dynamodb_items_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = DynamoDBItemsFuzzer.dynamodb
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
