import DrydockCrypto
import Foundation
import Testing

/// Stage functions and encoding rules beyond what the AWS suite covers.
@Suite struct SigV4UnitTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    func canonicalURI(_ path: String, normalize: Bool = true, doubleEncode: Bool = true) -> String {
        let canonical = SigV4Signer.canonicalRequest(
            SigV4Request(method: "GET", path: path), signedHeaders: [], payloadHash: "-", normalizePath: normalize,
            doubleEncodePath: doubleEncode)
        return canonical.split(separator: "\n", omittingEmptySubsequences: false)[1].description
    }

    func canonicalQuery(_ query: String) -> String {
        let canonical = SigV4Signer.canonicalRequest(
            SigV4Request(method: "GET", path: "/", query: query), signedHeaders: [], payloadHash: "-", normalizePath: true)
        return canonical.split(separator: "\n", omittingEmptySubsequences: false)[2].description
    }

    @Test(arguments: [
        ("", "/"), ("/", "/"), ("/a/b/../c", "/a/c"), ("/a/./b/", "/a/b/"), ("/../..", "/"), ("/a/b/..", "/a/"),
        ("//a///b", "/a/b"), ("/a/.", "/a/"),
    ])
    func normalisation(path: String, expected: String) {
        #expect(canonicalURI(path) == expected)
    }

    @Test func doubleEncodingExceptS3() {
        #expect(canonicalURI("/my%20key/a:b") == "/my%2520key/a%3Ab")
        // S3: escapes the sender applied are kept once (hex uppercased); raw bytes are encoded.
        #expect(canonicalURI("/my%2fkey/a b/%e1%88%b4/../x", normalize: false, doubleEncode: false)
            == "/my%2Fkey/a%20b/%E1%88%B4/../x")
    }

    @Test func queryEncodingAndOrder() {
        #expect(canonicalQuery("b=2&a=2&a=1&c") == "a=1&a=2&b=2&c=")
        #expect(canonicalQuery("k=a+b&s=a%20b&t=a/b&u=%7e") == "k=a%2Bb&s=a%20b&t=a%2Fb&u=~")
        #expect(canonicalQuery("&&x=1&") == "x=1")
        // Sorted by encoded bytes: uppercase before lowercase.
        #expect(canonicalQuery("a=1&B=2") == "B=2&a=1")
    }

    @Test func headerTrimmingAndJoining() {
        let request = SigV4Request(method: "GET", path: "/", headers: [
            ("Host", "h"), ("X-A", "  one   two \t three  "), ("x-a", "four"), ("X-Empty", ""),
        ])
        let canonical = SigV4Signer.canonicalRequest(request, signedHeaders: ["host", "x-a", "x-empty"], payloadHash: "p", normalizePath: true)
        #expect(canonical == "GET\n/\n\nhost:h\nx-a:one two three,four\nx-empty:\n\nhost;x-a;x-empty\np")
    }

    /// The signing-key example from the AWS SigV4 documentation.
    @Test func signingKeyExample() {
        let key = SigV4Signer.signingKey(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: "20150830", region: "us-east-1", service: "iam")
        #expect(Hex.encode(key) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test func stringToSignShape() {
        let text = SigV4Signer.stringToSign(canonicalRequest: "", date: Self.date, scope: "20150830/us-east-1/iam/aws4_request")
        #expect(text == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func signReplacesPreviousSignature() {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "A", secretAccessKey: "S"), region: "r", service: "s")
        let request = SigV4Request(method: "GET", path: "/", headers: [("Host", "h")])
        let once = signer.sign(request, date: Self.date)
        let twice = signer.sign(once, date: Self.date.addingTimeInterval(60))
        #expect(twice.headerValues("authorization").count == 1)
        #expect(twice.headerValues("x-amz-date") == ["20150830T123700Z"])
        #expect(twice.header("Authorization") == signer.sign(request, date: Self.date.addingTimeInterval(60)).header("Authorization"))
    }

    @Test func presignWithQueryAndS3Defaults() {
        var signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "A", secretAccessKey: "S"), region: "r", service: "s3")
        signer.unsignedPayload = true
        let signed = signer.presign(SigV4Request(method: "GET", path: "/b/k", query: "versionId=1", headers: [("Host", "h")]), date: Self.date, expires: 60)
        #expect(signed.query.hasPrefix("versionId=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F20150830%2Fr%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60&X-Amz-Signature="))
        #expect(signed.headers.count == 1)
    }

    @Test func credentialsDescriptionHidesSecrets() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "SECRETVALUE", sessionToken: "TOKENVALUE")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped] {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("SECRETVALUE"))
            #expect(!text.contains("TOKENVALUE"))
        }
    }
}
