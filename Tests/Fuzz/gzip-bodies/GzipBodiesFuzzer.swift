import DrydockCrypto
import DrydockHTTP
import FuzzSupport

/// Compressed request bodies: the input is a body sent as `Content-Encoding: gzip` to DynamoDB (a
/// PutItem; an odd last byte — past a gzip member's end, where trailing bytes are ignored — chooses `ListTables` instead, so an unreadable body is also seen on an
/// action without required members), through ContentDecoding's multi-member gzip reading (zlib, one
/// stream reset between members, at most 10,000 members and 10 MB). Besides the answer
/// (`ResponseOracle`, but for the 500 DynamoDB gives a body it cannot inflate), the zlib layer is checked directly with small bounds: what it returns never
/// exceeds them, and the bytes it says it consumed lie within the input.
enum GzipBodiesFuzzer {
    static let dynamodb = DynamoDBFuzzEmulator()

    static func run(_ input: [UInt8]) {
        checkInflate(input[...], maximumBytes: 4096, maximumMembers: 8)
        let action = input.last.map { $0 & 1 == 1 ? "ListTables" : "PutItem" } ?? "PutItem"
        let response = dynamodb.send(action, body: input, headers: ["Content-Encoding": "gzip"])
        // DynamoDB answers a body it cannot inflate with a 500 InternalServerError (ContentDecoding), the
        // one 5xx that is no bug here: allowed exactly when the same bounds fail to inflate the input.
        if response.status == 500, !inflates(input) {
            guard String(decoding: response.body, as: UTF8.self).contains("#InternalServerError") else {
                fatalError("an unreadable gzip body answered 500 without InternalServerError")
            }
        } else {
            ResponseOracle.check(response, "\(action) with a gzip body")
        }
        dynamodb.reset()
    }

    /// Whether the emulator's bounds (10 MB inflated, 10,000 members) inflate `input` to at least one member.
    static func inflates(_ input: [UInt8]) -> Bool {
        if case .success = Zlib.inflateGzipMembers(input[...], maximumBytes: 10 * 1024 * 1024, maximumMembers: 10_000) { return true }
        return false
    }

    static func checkInflate(_ input: ArraySlice<UInt8>, maximumBytes: Int, maximumMembers: Int) {
        switch Zlib.inflateGzipMembers(input, maximumBytes: maximumBytes, maximumMembers: maximumMembers) {
        case .success(let result):
            guard result.output.count <= maximumBytes else { fatalError("inflated \(result.output.count) bytes past the \(maximumBytes) limit") }
            guard (0...input.count).contains(result.consumed) else { fatalError("consumed \(result.consumed) of \(input.count) bytes") }
        case .failure:
            break
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    GzipBodiesFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_gzip_bodies_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = GzipBodiesFuzzer.dynamodb
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
