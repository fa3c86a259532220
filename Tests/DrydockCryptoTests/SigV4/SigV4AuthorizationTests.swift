import DrydockCrypto
import Testing

@Suite struct SigV4AuthorizationTests {
    @Test func parsesHeader() throws {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        let parsed = try SigV4Authorization.parse(header)
        #expect(parsed == SigV4Authorization(
            accessKeyID: "AKIDEXAMPLE", date: "20150830", region: "us-east-1", service: "iam",
            signedHeaders: ["content-type", "host", "x-amz-date"],
            signature: "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"))
        #expect(parsed.scope == "20150830/us-east-1/iam/aws4_request")
    }

    @Test func acceptsCommasWithoutSpaces() throws {
        let parsed = try SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request,SignedHeaders=host,Signature=ab")
        #expect(parsed.signedHeaders == ["host"])
        #expect(parsed.signature == "ab")
    }

    @Test func componentWithoutEqualSign() {
        let header = "AWS4-HMAC-SHA256 Credential=AKID /20210706/us-east-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=f25d"
        #expect(throws: SigV4Error(
            code: .malformedAuthorization,
            message: "'/20210706/us-east-2/dynamodb/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'.")
        ) { try SigV4Authorization.parse(header) }
    }

    @Test func missingParameters() {
        #expect(throws: SigV4Error(
            code: .incompleteSignature,
            message: "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF")
        ) { try SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=ABCDEF") }
    }

    @Test(arguments: ["", "Bearer ya29.token", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "AWS4-HMAC-SHA512 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00"])
    func otherSchemesAreIncomplete(header: String) {
        #expect(throws: SigV4Error(
            code: .incompleteSignature,
            message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization=\(header)")
        ) { try SigV4Authorization.parse(header) }
    }

    @Test(arguments: ["AKID/20150830/us-east-1/aws4_request", "/20150830/us-east-1/s/aws4_request", "AKID"])
    func malformedCredential(credential: String) throws {
        let error = try #require(throws: SigV4Error.self) {
            try SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=host, Signature=00")
        }
        #expect(error.code == .malformedAuthorization)
        #expect(error.message.contains(credential))
        #expect(error.exceptionName == "IncompleteSignatureException")
    }
}
