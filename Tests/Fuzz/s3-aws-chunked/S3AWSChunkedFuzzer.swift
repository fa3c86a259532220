import DrydockHTTP
import FuzzSupport

/// aws-chunked PutObject and UploadPart bodies through the emulator: the first byte picks the declared
/// payload (`STREAMING-UNSIGNED-PAYLOAD-TRAILER` with a CRC32 trailer announced, or
/// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, whose chunk signatures the input cannot know, so the decoder
/// stops at the first one), the operation and whether the body comes from a spooled file; the rest is the body. No input may crash or answer a 5xx.
enum S3AWSChunkedFuzzer {
    static let s3 = S3FuzzEmulator()

    static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let body = Array(input.dropFirst())
        let signed = selector & 1 == 1
        var headers: [(String, String)] = [("Content-Encoding", "aws-chunked")]
        if !signed { headers.append(("x-amz-trailer", "x-amz-checksum-crc32")) }
        if selector & 2 == 2 { headers.append(("x-amz-decoded-content-length", String(Int(selector) * 3))) }
        let target = selector & 4 == 4 ? "/fuzz/big?partNumber=1&uploadId=\(s3.uploadID)" : "/fuzz/chunked"
        let declared = signed ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" : "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
        // Bit 8: the body as the server spools a large one, decoded from the file in blocks.
        let response = selector & 8 == 8
            ? s3.sendSpooled("PUT", target, headers: headers, body: body, payloadHash: declared)
            : s3.send("PUT", target, headers: headers, body: body, payloadHash: declared)
        ResponseOracle.check(response, "aws-chunked body (\(declared))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    S3AWSChunkedFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_s3_aws_chunked_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = S3AWSChunkedFuzzer.s3
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
