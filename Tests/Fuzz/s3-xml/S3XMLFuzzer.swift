import DrydockCrypto
import DrydockHTTP
import FuzzSupport

/// S3's XML request bodies through the emulator, behind a valid signature: the first byte picks the
/// operation (DeleteObjects with its Content-MD5, CompleteMultipartUpload, PutBucketVersioning,
/// CreateBucket), the rest is the body. No input may crash or answer a 5xx.
enum S3XMLFuzzer {
    static let s3 = S3FuzzEmulator()

    static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let body = Array(input.dropFirst())
        let hash = SHA256.hex(body)
        let response: HTTPResponse
        switch selector % 4 {
        case 0:
            response = s3.send("POST", "/fuzz?delete", headers: [("Content-MD5", Base64.encode(Digest.md5(body)))], body: body, payloadHash: hash)
        case 1:
            response = s3.send("POST", "/fuzz/big?uploadId=\(s3.uploadID)", body: body, payloadHash: hash)
        case 2:
            response = s3.send("PUT", "/fuzz?versioning", body: body, payloadHash: hash)
        default:
            response = s3.send("PUT", "/fuzz-created", body: body, payloadHash: hash)
        }
        ResponseOracle.check(response, "S3 XML body (operation \(selector % 4))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    S3XMLFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_s3_xml_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = S3XMLFuzzer.s3
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
