import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import S3Emulator
import Testing

@Suite("S3 listings")
struct ListingTests {
    static func client(_ keys: [String]) -> S3TestClient {
        let client = S3TestClient()
        client.createBucket("manifests")
        for key in keys { client.put("/manifests/\(key)", key) }
        return client
    }

    static let keys = ["2026-10/a.json", "2026-10/b.json", "2026-11/a.json", "2026-11/deep/x.json", "readme.txt"]

    static func keys(_ xml: XML.Element) -> [String] { xml.children("Contents").compactMap { $0.childText("Key") } }
    static func prefixes(_ xml: XML.Element) -> [String] { xml.children("CommonPrefixes").compactMap { $0.childText("Prefix") } }

    @Test func delimiterRollsUpCommonPrefixes() {
        let client = Self.client(Self.keys)
        let top = S3TestClient.xml(client.send("GET", "/manifests?list-type=2&delimiter=%2F"))
        #expect(Self.keys(top) == ["readme.txt"])
        #expect(Self.prefixes(top) == ["2026-10/", "2026-11/"])
        #expect(top.childText("KeyCount") == "3")
        let inside = S3TestClient.xml(client.send("GET", "/manifests?list-type=2&delimiter=%2F&prefix=2026-11%2F"))
        #expect(Self.keys(inside) == ["2026-11/a.json"])
        #expect(Self.prefixes(inside) == ["2026-11/deep/"])
    }

    @Test func pagingWithContinuationTokens() {
        let client = Self.client(Self.keys)
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let query = "list-type=2&max-keys=2" + (token.map { "&continuation-token=" + SigV4Encoding_percent($0) } ?? "")
            let page = S3TestClient.xml(client.send("GET", "/manifests?\(query)"))
            seen += Self.keys(page)
            token = page.childText("IsTruncated") == "true" ? page.childText("NextContinuationToken") : nil
            pages += 1
        } while token != nil && pages < 10
        #expect(seen == Self.keys)
        #expect(pages == 3)
    }

    @Test func startAfterAndMaxKeysZero() {
        let client = Self.client(Self.keys)
        let after = S3TestClient.xml(client.send("GET", "/manifests?list-type=2&start-after=2026-11%2Fa.json"))
        #expect(Self.keys(after) == ["2026-11/deep/x.json", "readme.txt"])
        let none = S3TestClient.xml(client.send("GET", "/manifests?list-type=2&max-keys=0"))
        #expect(Self.keys(none).isEmpty && none.childText("IsTruncated") == "false")
        let bad = client.send("GET", "/manifests?list-type=2&max-keys=ten")
        #expect(S3TestClient.error(bad).code == "InvalidArgument")
    }

    @Test func fetchOwner() {
        let client = Self.client(["a"])
        let without = S3TestClient.xml(client.send("GET", "/manifests?list-type=2"))
        #expect(without.child("Contents")?.child("Owner") == nil)
        let with = S3TestClient.xml(client.send("GET", "/manifests?list-type=2&fetch-owner=true"))
        #expect(with.child("Contents")?.child("Owner")?.childText("DisplayName") == "drydock")
    }

    @Test func listObjectsV1Markers() {
        let client = Self.client(Self.keys)
        let page = S3TestClient.xml(client.send("GET", "/manifests?marker=2026-10%2Fb.json&max-keys=1"))
        #expect(Self.keys(page) == ["2026-11/a.json"])
        #expect(page.childText("IsTruncated") == "true")
    }

    @Test func invalidContinuationToken() {
        let client = Self.client(["a"])
        let response = client.send("GET", "/manifests?list-type=2&continuation-token=%25%25")
        #expect(S3TestClient.error(response) == ("InvalidArgument", "The continuation token provided is incorrect"))
    }
}

/// Percent-encodes a query value (base64 tokens carry `+`, `/` and `=`).
func SigV4Encoding_percent(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
}
