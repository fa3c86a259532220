import DrydockHTTP
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 versioning")
struct VersioningTests {
    static let enable = Array("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>".utf8)
    static let suspend = Array("<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>".utf8)

    @Test func versionsDeleteMarkersAndListing() {
        let client = S3TestClient()
        client.createBucket("manifests")
        client.put("/manifests/k", "before")  // the null version
        client.send("PUT", "/manifests?versioning", body: Self.enable)
        let v1 = client.put("/manifests/k", "one").headers["x-amz-version-id"] ?? ""
        let v2 = client.put("/manifests/k", "two").headers["x-amz-version-id"] ?? ""
        #expect(!v1.isEmpty && v1 != v2)
        #expect(client.send("GET", "/manifests/k").bodyText == "two")
        #expect(client.send("GET", "/manifests/k?versionId=\(v1)").bodyText == "one")
        #expect(client.send("GET", "/manifests/k?versionId=null").bodyText == "before")
        let delete = client.send("DELETE", "/manifests/k")
        #expect(delete.headers["x-amz-delete-marker"] == "true")
        let marker = delete.headers["x-amz-version-id"] ?? ""
        let hidden = client.send("GET", "/manifests/k")
        #expect(hidden.status == 404 && hidden.headers["x-amz-delete-marker"] == "true")
        #expect(S3TestClient.xml(client.send("GET", "/manifests?list-type=2")).children("Contents").isEmpty)
        let versions = S3TestClient.xml(client.send("GET", "/manifests?versions"))
        #expect(versions.children("DeleteMarker").compactMap { $0.childText("VersionId") } == [marker])
        #expect(versions.children("Version").compactMap { $0.childText("VersionId") } == [v2, v1, "null"])
        #expect(versions.child("DeleteMarker")?.childText("IsLatest") == "true")
        let onMarker = client.send("GET", "/manifests/k?versionId=\(marker)")
        #expect(onMarker.status == 405)
        // Deleting the marker brings the object back.
        #expect(client.send("DELETE", "/manifests/k?versionId=\(marker)").status == 204)
        #expect(client.send("GET", "/manifests/k").bodyText == "two")
        let noVersion = client.send("GET", "/manifests/k?versionId=0000000000000000nope")
        #expect(S3TestClient.error(noVersion) == ("NoSuchVersion", "The specified version does not exist."))
    }

    @Test func suspendedWritesTheNullVersion() {
        let client = S3TestClient()
        client.createBucket("manifests")
        client.send("PUT", "/manifests?versioning", body: Self.enable)
        let v1 = client.put("/manifests/k", "one").headers["x-amz-version-id"] ?? ""
        client.send("PUT", "/manifests?versioning", body: Self.suspend)
        #expect(client.put("/manifests/k", "two").headers["x-amz-version-id"] == nil)
        client.put("/manifests/k", "three")
        let versions = S3TestClient.xml(client.send("GET", "/manifests?versions"))
        #expect(versions.children("Version").compactMap { $0.childText("VersionId") } == ["null", v1])
    }

    @Test func versionListingPages() {
        let client = S3TestClient()
        client.createBucket("manifests")
        client.send("PUT", "/manifests?versioning", body: Self.enable)
        for text in ["1", "2", "3"] { client.put("/manifests/k", text) }
        let first = S3TestClient.xml(client.send("GET", "/manifests?versions&max-keys=2"))
        #expect(first.childText("IsTruncated") == "true")
        let key = first.childText("NextKeyMarker") ?? "", version = first.childText("NextVersionIdMarker") ?? ""
        let second = S3TestClient.xml(client.send("GET", "/manifests?versions&key-marker=\(key)&version-id-marker=\(version)"))
        #expect(second.children("Version").count == 1)
        #expect(second.childText("IsTruncated") == "false")
    }
}
