import CloudFrontEmulator
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import FuzzSupport

/// CreateInvalidation bodies through the CloudFront emulator, behind a valid signature, on the default
/// set's schema distribution: the input is the body. No input may crash or answer a 5xx. The frozen
/// clock keeps every accepted invalidation in progress, so CloudFront's in-progress limits (3,000 file
/// paths, 15 wildcards) also bound the emulator's memory over a long run.
enum CloudFrontInvalidationFuzzer {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let clock = FuzzFixtures.frozenClock()
    static let emulator = try! CloudFrontEmulator(
        fixturesDirectory: FuzzFixtures.defaultDirectory, clock: clock, authority: nil,
        staticKeys: [credentials.accessKeyID: credentials.secretAccessKey])

    static func run(_ body: [UInt8]) {
        let path = "/2020-05-31/distribution/E2DRYDOCKSCHEMA/invalidation"
        let unsigned = SigV4Request(method: "POST", path: path, headers: [("Host", "cloudfront.amazonaws.com")], body: body)
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "cloudfront").sign(unsigned, date: clock.now())
        let response = emulator.handle(HTTPRequest(
            method: "POST", target: path, headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: body))
        ResponseOracle.check(response, "CloudFront CreateInvalidation body")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CloudFrontInvalidationFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_cloudfront_invalidation_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = CloudFrontInvalidationFuzzer.emulator
    return FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
