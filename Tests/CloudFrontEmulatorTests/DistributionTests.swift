import DrydockHTTP
import EmulatorKit
import Testing
@testable import CloudFrontEmulator

@Suite("CloudFront distributions")
struct DistributionTests {
    @Test func getDistributionAnswersTheFixtureWithItsETag() throws {
        let client = try CloudFrontTestClient()
        let response = client.send("GET", "/2020-05-31/distribution/E2SCHEMA")
        #expect(response.status == 200)
        #expect(response.headers["ETag"]?.hasPrefix("E") == true)
        #expect(response.headers["x-amz-request-id"] != nil)
        let xml = CloudFrontTestClient.xml(response)
        #expect(xml.name == "Distribution")
        #expect(xml.childText("Id") == "E2SCHEMA")
        #expect(xml.childText("ARN") == "arn:aws:cloudfront::111122223333:distribution/E2SCHEMA")
        #expect(xml.childText("Status") == "Deployed")
        #expect(xml.childText("DomainName") == "de2schema.cloudfront.net")
        let config = xml.child("DistributionConfig")
        #expect(config?.child("Aliases")?.child("Items")?.childText("CNAME") == "schema.example")
        #expect(config?.child("Origins")?.child("Items")?.child("Origin")?.childText("DomainName") == "schema.s3.us-east-1.amazonaws.com")
        #expect(config?.childText("Enabled") == "true")
        #expect(String(decoding: response.body, as: UTF8.self).contains(#"<Distribution xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">"#))
    }

    @Test func unknownDistributionIsNoSuchDistributionInCloudFrontsErrorShape() throws {
        let client = try CloudFrontTestClient()
        let response = client.send("GET", "/2020-05-31/distribution/ENOPE")
        #expect(response.status == 404)
        let error = CloudFrontTestClient.error(response)
        #expect(error.type == "Sender")
        #expect(error.code == "NoSuchDistribution")
        #expect(error.message == "The specified distribution does not exist.")
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body.contains(#"<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type>"#))
        #expect(CloudFrontTestClient.xml(response).childText("RequestId") == response.headers["x-amz-request-id"])
    }

    @Test func listDistributionsPagesByMarkerInIdOrder() throws {
        let client = try CloudFrontTestClient()
        let first = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution?MaxItems=2"))
        #expect(first.childText("IsTruncated") == "true")
        #expect(first.childText("Quantity") == "2")
        #expect(first.child("Items")?.children("DistributionSummary").compactMap { $0.childText("Id") } == ["E1DOCS", "E2SCHEMA"])
        #expect(first.childText("NextMarker") == "E2SCHEMA")
        let second = CloudFrontTestClient.xml(client.send("GET", "/2020-05-31/distribution?Marker=E2SCHEMA&MaxItems=2"))
        #expect(second.childText("IsTruncated") == "false")
        #expect(second.child("Items")?.children("DistributionSummary").compactMap { $0.childText("Id") } == ["E3MEDIA"])
        #expect(second.child("NextMarker") == nil)
    }

    @Test(arguments: ["abc", "-1", "99999999999999999999"])
    func badMaxItemsIsInvalidArgument(_ value: String) throws {
        let client = try CloudFrontTestClient()
        let response = client.send("GET", "/2020-05-31/distribution?MaxItems=\(value)")
        #expect(response.status == 400)
        #expect(CloudFrontTestClient.error(response).code == "InvalidArgument")
    }

    @Test func unsignedAndWronglySignedRequestsAreRefused() throws {
        var client = try CloudFrontTestClient()
        let unsigned = client.emulator.handle(HTTPRequest(method: "GET", target: "/2020-05-31/distribution", headers: HTTPHeaders([("Host", "cloudfront.amazonaws.com")])))
        #expect(unsigned.status == 403)
        #expect(CloudFrontTestClient.error(unsigned).code == "MissingAuthenticationToken")
        client.credentials = .init(accessKeyID: CloudFrontTestClient.credentials.accessKeyID, secretAccessKey: "wrong")
        let wrong = client.send("GET", "/2020-05-31/distribution")
        #expect(wrong.status == 403)
        #expect(CloudFrontTestClient.error(wrong).code == "SignatureDoesNotMatch")
        client.credentials = .init(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "x")
        #expect(CloudFrontTestClient.error(client.send("GET", "/2020-05-31/distribution")).code == "InvalidClientTokenId")
    }

    @Test func operationsAreNamedForFaultRules() throws {
        let client = try CloudFrontTestClient()
        let emulator = client.emulator
        #expect(emulator.operation(for: client.request("GET", "/2020-05-31/distribution")) == "ListDistributions")
        #expect(emulator.operation(for: client.request("GET", "/2020-05-31/distribution/E1")) == "GetDistribution")
        #expect(emulator.operation(for: client.request("POST", "/2020-05-31/distribution/E1/invalidation")) == "CreateInvalidation")
        #expect(emulator.operation(for: client.request("GET", "/2020-05-31/distribution/E1/invalidation")) == "ListInvalidations")
        #expect(emulator.operation(for: client.request("GET", "/2020-05-31/distribution/E1/invalidation/I1")) == "GetInvalidation")
        #expect(emulator.operation(for: client.request("DELETE", "/2020-05-31/distribution/E1")) == "unknown")
        #expect(emulator.claims(client.request("GET", "/2020-05-31/distribution")))
        #expect(!emulator.claims(HTTPRequest(method: "GET", target: "/", headers: HTTPHeaders([("Host", "s3.amazonaws.com")]))))
        // A path-style S3 request to a bucket named 2020-05-31 is S3's.
        let s3Signed = HTTPRequest(method: "GET", target: "/2020-05-31/distribution/x", headers: HTTPHeaders([
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261205/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00"),
        ]))
        #expect(!emulator.claims(s3Signed))
    }

    @Test func injectedStatusesAnswerCloudFrontErrors() throws {
        let client = try CloudFrontTestClient()
        let request = client.request("GET", "/2020-05-31/distribution")
        let throttled = client.emulator.errorResponse(status: 400, reason: nil, for: request)
        #expect(throttled.status == 400)
        #expect(CloudFrontTestClient.error(throttled).code == "Throttling")
        let unavailable = client.emulator.errorResponse(status: 503, reason: nil, for: request)
        #expect(CloudFrontTestClient.error(unavailable) == ("Receiver", "ServiceUnavailable", "CloudFront is temporarily unable to handle the request."))
    }
}
