import DrydockCore
import DrydockTesting
import EmulatorKit
import Foundation
import Testing
@testable import SecretsManagerEmulator

@Suite("Secrets Manager: limits, paging of versions, fixtures")
struct LimitsAndFixturesTests {
    typealias Client = SecretsManagerTestClient

    @Test func versionListsPageWithTokens() throws {
        let client = try Client()
        client.create("s", "v0", token: Client.token(0))
        for n in 1...4 { client.put("s", "v\(n)", token: Client.token(n)) }
        var ids: [String] = []
        var token: JSONValue? = nil
        repeat {
            var body: [(String, JSONValue)] = [("SecretId", "s"), ("MaxResults", 2), ("IncludeDeprecated", true)]
            if let token { body.append(("NextToken", token)) }
            let page = client.call("ListSecretVersionIds", .object(body))
            #expect((page["Versions"]?.arrayValue?.count ?? 0) <= 2)
            ids += page["Versions"]?.arrayValue?.compactMap { $0["VersionId"]?.stringValue } ?? []
            token = page["NextToken"]
        } while token != nil
        #expect(ids == (0...4).reversed().map { Client.token($0) })
    }

    @Test func operationsOnAScheduledSecret() throws {
        let client = try Client()
        client.create("s", "v")
        #expect(client.call("RestoreSecret", ["SecretId": "s"])["Name"]?.stringValue == "s")
        _ = client.call("DeleteSecret", ["SecretId": "s"])
        for (action, body) in [
            ("UntagResource", ["SecretId": "s", "TagKeys": ["k"]] as JSONValue),
            ("TagResource", ["SecretId": "s", "Tags": [["Key": "k", "Value": "v"]]]),
            ("UpdateSecretVersionStage", ["SecretId": "s", "VersionStage": "blue"]),
        ] {
            #expect(client.error(action, body).type == "InvalidRequestException", "\(action)")
        }
        #expect(client.call("ListSecretVersionIds", ["SecretId": "s"])["Versions"]?.arrayValue?.count == 1)
    }

    @Test func oversizedBodiesAndBadRegionsAreRefusedBeforeParsing() throws {
        var client = try Client()
        let huge = client.emulator.handle(client.request("CreateSecret", Array(repeating: UInt8(ascii: " "), count: 300 * 1024)))
        #expect(huge.status == 413)
        client.region = "US_EAST"
        let scoped = client.error("ListSecrets", [:])
        #expect(scoped.type == "InvalidSignatureException")
    }

    @Test func kmsKeyIdIsKeptAndShown() throws {
        let client = try Client()
        _ = client.call("CreateSecret", ["Name": "k", "SecretString": "v", "KmsKeyId": "alias/drydock"])
        #expect(client.call("DescribeSecret", ["SecretId": "k"])["KmsKeyId"]?.stringValue == "alias/drydock")
    }

    @Test func fixturesLoadInBothFormsWithStableIdentities() throws {
        let fixtures = [
            "secretsmanager/us-east-1/short.json": #"{"SecretString": "plain", "Tags": [{"Key": "team", "Value": "ops"}]}"#,
            "secretsmanager/us-east-1/full.json": #"""
                {"Name": "drydock/full", "Description": "two versions",
                 "Versions": [{"VersionId": "00000000-0000-4000-8000-000000000001", "SecretString": "old", "VersionStages": ["AWSPREVIOUS"]},
                              {"VersionId": "00000000-0000-4000-8000-000000000002", "SecretBinary": "AQI=", "VersionStages": ["AWSCURRENT"]}]}
                """#,
        ]
        let first = try Client(fixtures: fixtures)
        let second = try Client(fixtures: fixtures)
        #expect(first.get("short")["SecretString"]?.stringValue == "plain")
        #expect(first.get("short")["ARN"] == second.get("short")["ARN"])
        #expect(first.get("short")["VersionId"] == second.get("short")["VersionId"])
        #expect(first.get("drydock/full")["SecretBinary"]?.stringValue == "AQI=")
        #expect(first.get("drydock/full", stage: "AWSPREVIOUS")["SecretString"]?.stringValue == "old")
        #expect(first.call("DescribeSecret", ["SecretId": "drydock/full"])["Description"]?.stringValue == "two versions")
    }

    @Test(arguments: [
        (#"{"Name": "bad name"}"#, "Name: expected 1-512 of letters, digits and /_+=.@-"),
        (#"{"SecretBinary": "%%%"}"#, "SecretBinary: expected base64 of 1 to 65,536 bytes"),
        (#"{"Versions": [{"SecretString": "a", "VersionStages": ["AWSCURRENT"]}, {"SecretString": "b", "VersionStages": ["AWSCURRENT"]}]}"#,
         "Versions[1].VersionStages: AWSCURRENT is on two versions"),
        (#"{"CreatedDate": "yesterday"}"#, "CreatedDate: expected epoch seconds"),
    ])
    func badFixturesNameTheFileAndTheMember(_ text: String, _ reason: String) throws {
        #expect {
            _ = try Client(fixtures: ["secretsmanager/us-east-1/broken.json": text])
        } throws: { error in
            guard let error = error as? FixtureError else { return false }
            return error.path.hasSuffix("secretsmanager/us-east-1/broken.json") && error.reason == reason
        }
    }
}
