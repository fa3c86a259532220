import DrydockCore
import Foundation
import Testing
@testable import SecretsManagerEmulator

@Suite("Secrets Manager: create, describe, get, tags, lists")
struct SecretOperationTests {
    @Test func createThenGetByNameFullARNAndPartialARN() throws {
        let client = try SecretsManagerTestClient()
        let created = client.create("drydock/google-token", #"{"access_token":"a"}"#)
        let arn = try #require(created["ARN"]?.stringValue)
        #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:123456789012:secret:drydock/google-token-"))
        #expect(arn.count == "arn:aws:secretsmanager:us-east-1:123456789012:secret:drydock/google-token-".count + 6)
        #expect(created["Name"]?.stringValue == "drydock/google-token")
        let version = try #require(created["VersionId"]?.stringValue)
        for id in ["drydock/google-token", arn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:drydock/google-token"] {
            let got = client.get(id)
            #expect(got["SecretString"]?.stringValue == #"{"access_token":"a"}"#)
            #expect(got["VersionId"]?.stringValue == version)
            #expect(got["VersionStages"] == .array(["AWSCURRENT"]))
            #expect(got["ARN"]?.stringValue == arn)
            #expect(got["CreatedDate"]?.doubleValue == client.clock.now().timeIntervalSince1970)
        }
        // Another region's ARN, and a wrong suffix, find nothing.
        let elsewhere = client.error("GetSecretValue", ["SecretId": .string(arn.replacingOccurrences(of: "us-east-1", with: "us-west-2"))])
        #expect(elsewhere.type == "ResourceNotFoundException")
        #expect(elsewhere.message == "Secrets Manager can't find the specified secret.")
        let wrongSuffix = String(arn.dropLast()) + (arn.hasSuffix("Z") ? "Y" : "Z")
        #expect(client.error("GetSecretValue", ["SecretId": .string(wrongSuffix)]).type == "ResourceNotFoundException")
    }

    @Test func regionsAreSeparate() throws {
        var client = try SecretsManagerTestClient()
        client.create("shared", "east")
        client.region = "us-west-2"
        #expect(client.error("GetSecretValue", ["SecretId": "shared"]).status == 400)
        client.create("shared", "west")
        #expect(client.get("shared")["SecretString"]?.stringValue == "west")
        #expect(client.get("shared")["ARN"]?.stringValue?.contains(":us-west-2:") == true)
    }

    @Test func createErrors() throws {
        let client = try SecretsManagerTestClient()
        client.create("taken", "v")
        let exists = client.error("CreateSecret", ["Name": "taken", "SecretString": "w"])
        #expect(exists == (400, "ResourceExistsException", "The operation failed because the secret taken already exists."))
        let badName = client.error("CreateSecret", ["Name": "no spaces allowed"])
        #expect(badName.type == "InvalidParameterException")
        #expect(client.error("CreateSecret", ["Name": .string(String(repeating: "a", count: 513))]).type == "ValidationException")
        let both = client.error("CreateSecret", ["Name": "both", "SecretString": "s", "SecretBinary": "AAEC"])
        #expect(both.type == "InvalidParameterException")
        let big = client.error("CreateSecret", ["Name": "big", "SecretString": .string(String(repeating: "x", count: 65_537))])
        #expect(big.type == "ValidationException")
        #expect(big.message == "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536")
        #expect(!big.message.contains("xxxx"))
        #expect(client.create("edge", String(repeating: "x", count: 65_536))["ARN"] != nil)
        #expect(client.error("CreateSecret", ["SecretString": "v"]).message.contains("Value null at 'name'"))
        #expect(client.error("CreateSecret", ["Name": 5]).type == "SerializationException")
        let shortToken = client.error("CreateSecret", ["Name": "t", "ClientRequestToken": "short"])
        #expect(shortToken.message == "1 validation error detected: Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32")
    }

    @Test func binarySecretsRoundTripAsBase64() throws {
        let client = try SecretsManagerTestClient()
        _ = client.call("CreateSecret", ["Name": "bin", "SecretBinary": "AAECAw=="])
        let got = client.get("bin")
        #expect(got["SecretBinary"]?.stringValue == "AAECAw==")
        #expect(got["SecretString"] == nil)
        #expect(client.error("CreateSecret", ["Name": "notb64", "SecretBinary": "%%%"]).type == "SerializationException")
    }

    @Test func secretWithoutValue() throws {
        let client = try SecretsManagerTestClient()
        let created = client.create("empty")
        #expect(created["VersionId"] == nil)
        let error = client.error("GetSecretValue", ["SecretId": "empty"])
        #expect(error == (400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"))
        #expect(client.call("DescribeSecret", ["SecretId": "empty"])["VersionIdsToStages"] == nil)
    }

    @Test func getByVersionIdAndStage() throws {
        let client = try SecretsManagerTestClient()
        let first = try #require(client.create("s", "one", token: SecretsManagerTestClient.token(1))["VersionId"]?.stringValue)
        client.put("s", "two", token: SecretsManagerTestClient.token(2))
        #expect(client.get("s", version: first)["SecretString"]?.stringValue == "one")
        #expect(client.get("s", stage: "AWSPREVIOUS")["SecretString"]?.stringValue == "one")
        #expect(client.get("s", stage: "AWSPREVIOUS", version: first)["VersionStages"] == .array(["AWSPREVIOUS"]))
        let mismatch = client.error("GetSecretValue", ["SecretId": "s", "VersionId": .string(first), "VersionStage": "AWSCURRENT"])
        #expect(mismatch == (400, "InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId."))
        let noStage = client.error("GetSecretValue", ["SecretId": "s", "VersionStage": "AWSPENDING"])
        #expect(noStage.message == "Secrets Manager can't find the specified secret value for staging label: AWSPENDING")
        let noVersion = client.error("GetSecretValue", ["SecretId": "s", "VersionId": .string(SecretsManagerTestClient.token(9))])
        #expect(noVersion.type == "ResourceNotFoundException")
    }

    @Test func describeAndTags() throws {
        let client = try SecretsManagerTestClient()
        _ = client.call("CreateSecret", ["Name": "t", "SecretString": "v", "Description": "the token", "Tags": [["Key": "team", "Value": "ops"]]])
        _ = client.call("TagResource", ["SecretId": "t", "Tags": [["Key": "team", "Value": "crew"], ["Key": "env", "Value": "prod"]]])
        var described = client.call("DescribeSecret", ["SecretId": "t"])
        #expect(described["Description"]?.stringValue == "the token")
        #expect(described["Tags"] == .array([["Key": "team", "Value": "crew"], ["Key": "env", "Value": "prod"]]))
        #expect(described["VersionIdsToStages"]?.objectValue?.count == 1)
        #expect(described["CreatedDate"] != nil && described["LastChangedDate"] != nil)
        _ = client.call("UntagResource", ["SecretId": "t", "TagKeys": ["team"]])
        described = client.call("DescribeSecret", ["SecretId": "t"])
        #expect(described["Tags"] == .array([["Key": "env", "Value": "prod"]]))
        #expect(client.error("TagResource", ["SecretId": "nope", "Tags": []]).type == "ResourceNotFoundException")
        let tooMany = JSONValue.array((0..<51).map { .object([("Key", .string("k\($0)")), ("Value", "v")]) })
        #expect(client.error("TagResource", ["SecretId": "t", "Tags": tooMany]).type == "ValidationException")
    }

    @Test func listSecretsFiltersAndPages() throws {
        let client = try SecretsManagerTestClient()
        for (index, name) in ["app/one", "app/two", "db/main", "app/three"].enumerated() {
            _ = client.call("CreateSecret", ["Name": .string(name), "SecretString": "v", "Tags": [["Key": "n", "Value": .string(String(index))]]])
            client.clock.advance(seconds: 1)
        }
        let all = client.call("ListSecrets", [:])["SecretList"]?.arrayValue?.compactMap { $0["Name"]?.stringValue }
        #expect(all == ["app/one", "app/two", "db/main", "app/three"])
        let app = client.call("ListSecrets", ["Filters": [["Key": "name", "Values": ["app/"]]]])["SecretList"]?.arrayValue?.count
        #expect(app == 3)
        let notApp = client.call("ListSecrets", ["Filters": [["Key": "name", "Values": ["!app/"]]]])["SecretList"]?.arrayValue
        #expect(notApp?.compactMap { $0["Name"]?.stringValue } == ["db/main"])
        let tagged = client.call("ListSecrets", ["Filters": [["Key": "tag-value", "Values": ["2"]]]])["SecretList"]?.arrayValue
        #expect(tagged?.compactMap { $0["Name"]?.stringValue } == ["db/main"])
        #expect(client.call("ListSecrets", [:])["SecretList"]?.arrayValue?.first?["SecretVersionsToStages"] != nil)
        var names: [String] = []
        var token: JSONValue? = nil
        repeat {
            var body: [(String, JSONValue)] = [("MaxResults", 3)]
            if let token { body.append(("NextToken", token)) }
            let page = client.call("ListSecrets", .object(body))
            names += page["SecretList"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? []
            token = page["NextToken"]
        } while token != nil
        #expect(names == ["app/one", "app/two", "db/main", "app/three"])
        #expect(client.error("ListSecrets", ["MaxResults": 0]).message
            == "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(client.error("ListSecrets", ["NextToken": "garbage!"]).type == "InvalidNextTokenException")
        #expect(client.error("ListSecrets", ["Filters": [["Key": "colour", "Values": ["x"]]]]).type == "ValidationException")
    }

    @Test func unknownAndUnimplementedActions() throws {
        let client = try SecretsManagerTestClient()
        #expect(client.error("FrobnicateSecret", [:]).type == "UnknownOperationException")
        #expect(client.error("RotateSecret", ["SecretId": "x"]).type == "UnknownOperationException")
        let notJSON = client.emulator.handle(client.request("ListSecrets", Array("{not json".utf8)))
        #expect(notJSON.status == 400)
        #expect(notJSON.headers["Content-Type"] == "application/x-amz-json-1.1")
        #expect(notJSON.headers["x-amzn-RequestId"] != nil)
    }
}
