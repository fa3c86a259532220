import DrydockHTTP
import EmulatorKit
import Testing

@Suite struct AWSJSONRequestTests {
    @Test(arguments: ["us-east-1", "eu-central-1", "us-gov-west-1", "ap-southeast-4", "a"])
    func regionNames(_ name: String) {
        #expect(AWSJSONRequest.isRegionName(name))
    }

    @Test(arguments: ["", "US-EAST-1", "1us-east", "us--east-1", "us-east-", "-us", "us_east_1", "../etc", "us-east-1/x",
                      String(repeating: "a", count: 51)])
    func notRegionNames(_ text: String) {
        #expect(!AWSJSONRequest.isRegionName(text))
    }

    /// What DynamoDB admitted before (its older logs may name it): empty hyphen parts, still no path.
    @Test func emptyPartsAreAllowedOnlyWhenAsked() {
        for name in ["us--east-1", "us-east-1-"] {
            #expect(AWSJSONRequest.isRegionName(name, allowingEmptyParts: true))
            #expect(!AWSJSONRequest.isRegionName(name))
        }
        for text in ["", "-us", "../etc", "us_east", "US-EAST-1", String(repeating: "a", count: 51)] {
            #expect(!AWSJSONRequest.isRegionName(text, allowingEmptyParts: true), "\(text)")
        }
    }

    @Test func theRegionIsTheLastCredentialScopes() {
        let header = "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, "
            + "Credential=AKID/20260101/ap-south-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"
        #expect(AWSJSONRequest.region(of: HTTPRequest(method: "POST", target: "/", headers: ["Authorization": header])) == "ap-south-1")
        #expect(AWSJSONRequest.region(of: HTTPRequest(method: "POST", target: "/")) == "us-east-1")
    }

    @Test func theActionFollowsThePrefix() {
        let request = HTTPRequest(method: "POST", target: "/", headers: ["X-Amz-Target": "DynamoDB_20120810.GetItem"])
        #expect(AWSJSONRequest.action(of: request, prefix: "DynamoDB_20120810.") == "GetItem")
        #expect(AWSJSONRequest.action(of: request, prefix: "secretsmanager.") == nil)
    }
}
