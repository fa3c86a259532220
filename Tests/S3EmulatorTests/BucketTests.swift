import DrydockCrypto
import DrydockHTTP
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 buckets")
struct BucketTests {
    @Test func createListHeadDelete() {
        let client = S3TestClient()
        client.createBucket("manifests")
        let list = S3TestClient.xml(client.send("GET", "/"))
        #expect(list.name == "ListAllMyBucketsResult")
        #expect(list.child("Buckets")?.children("Bucket").compactMap { $0.childText("Name") } == ["manifests"])
        let head = client.send("HEAD", "/manifests")
        #expect(head.status == 200)
        #expect(head.headers["x-amz-bucket-region"] == "us-east-1")
        #expect(client.send("DELETE", "/manifests").status == 204)
        let gone = client.send("HEAD", "/manifests")
        #expect(gone.status == 404)
        #expect(gone.body.isEmpty)
    }

    @Test func errorsHaveS3sShapeAndIDs() {
        let client = S3TestClient()
        let response = client.send("GET", "/missing-bucket?list-type=2")
        #expect(response.status == 404)
        #expect(S3TestClient.error(response) == ("NoSuchBucket", "The specified bucket does not exist"))
        let xml = S3TestClient.xml(response)
        #expect(xml.childText("BucketName") == "missing-bucket")
        #expect(xml.childText("RequestId") == response.headers["x-amz-request-id"])
        #expect(xml.childText("HostId") == response.headers["x-amz-id-2"])
        #expect(response.headers["x-amz-request-id"]?.count == 16)
        #expect(response.headers["Content-Type"] == "application/xml")
    }

    @Test func bucketRules() {
        var client = S3TestClient()
        client.createBucket("manifests")
        // us-east-1 answers 200 to re-creating your own bucket (legacy behaviour).
        #expect(client.send("PUT", "/manifests").status == 200)
        #expect(S3TestClient.error(client.send("PUT", "/Bad_Name")) == ("InvalidBucketName", "The specified bucket is not valid."))
        client.put("/manifests/a.txt", "a")
        #expect(S3TestClient.error(client.send("DELETE", "/manifests")) == ("BucketNotEmpty", "The bucket you tried to delete is not empty"))
        client.region = "eu-west-1"
        let body = Array("<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>".utf8)
        #expect(client.send("PUT", "/eu-manifests", body: body).status == 200)
        #expect(S3TestClient.error(client.send("PUT", "/eu-manifests", body: body)).code == "BucketAlreadyOwnedByYou")
        #expect(S3TestClient.error(client.send("PUT", "/eu-other")) == (
            "IllegalLocationConstraintException",
            "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."))
        let location = S3TestClient.xml(client.send("GET", "/eu-manifests?location"))
        #expect(location.name == "LocationConstraint" && location.text == "eu-west-1")
        client.region = "us-east-1"
        let wrongRegion = client.send("GET", "/eu-manifests?list-type=2")
        #expect(wrongRegion.status == 400)
        #expect(S3TestClient.error(wrongRegion) == (
            "AuthorizationHeaderMalformed", "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'"))
        #expect(S3TestClient.xml(client.send("GET", "/manifests?location")).text == "")
    }

    @Test func versioningConfiguration() {
        let client = S3TestClient()
        client.createBucket("manifests")
        #expect(S3TestClient.xml(client.send("GET", "/manifests?versioning")).childText("Status") == nil)
        let enable = Array(#"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#.utf8)
        #expect(client.send("PUT", "/manifests?versioning", body: enable).status == 200)
        #expect(S3TestClient.xml(client.send("GET", "/manifests?versioning")).childText("Status") == "Enabled")
        let bad = client.send("PUT", "/manifests?versioning", body: Array("<VersioningConfiguration><Status>On".utf8))
        #expect(S3TestClient.error(bad).code == "MalformedXML")
    }

    @Test func virtualHostedAddressing() {
        let client = S3TestClient()
        client.createBucket("manifests")
        let put = client.emulator.handle(client.request("PUT", "/k.txt", body: Array("hi".utf8), host: "manifests.s3.us-east-1.amazonaws.com"))
        #expect(put.status == 200)
        let get = client.emulator.handle(client.request("GET", "/k.txt", host: "manifests.s3.amazonaws.com"))
        #expect(get.bodyText == "hi")
        let local = client.emulator.handle(client.request("GET", "/k.txt", host: "manifests.localhost:4566"))
        #expect(local.bodyText == "hi")
        #expect(S3Address.hostRegion("s3.eu-west-1.amazonaws.com") == "eu-west-1")
        #expect(S3Address.virtualHostBucket("s3.eu-west-1.amazonaws.com") == nil)
        #expect(S3Address.virtualHostBucket("a.b.s3.eu-west-1.amazonaws.com") == "a.b")
        // The emulator and interception parse names alike (`S3HostName`): a bucket with an `s3` label in it.
        #expect(S3Address.virtualHostBucket("logs.s3.example.s3.eu-west-1.amazonaws.com:443") == "logs.s3.example")
        #expect(S3Address.hostRegion("logs.s3.example.s3.eu-west-1.amazonaws.com") == "eu-west-1")
        #expect(S3Address.hostRegion("logs.s3.example.s3.dualstack.eu-west-1.amazonaws.com") == "eu-west-1")
        #expect(S3Address.virtualHostBucket("LOGS.S3-EU-WEST-1.AMAZONAWS.COM.") == "logs")
        #expect(S3Address.isS3Host("s3-accesspoint.us-east-1.amazonaws.com") == false)
        client.createBucket("logs.s3.example")
        let dotted = client.emulator.handle(client.request("PUT", "/k.txt", body: Array("s3 in the name".utf8), host: "logs.s3.example.s3.us-east-1.amazonaws.com"))
        #expect(dotted.status == 200, "\(dotted.bodyText)")
        #expect(client.send("GET", "/logs.s3.example/k.txt").bodyText == "s3 in the name")
    }
}
