import DrydockCore
import EmulatorKit
import Foundation
import Testing
@testable import IMDSEmulator

@Suite("instance.json")
struct FixtureTests {
    @Test("the default set loads")
    func defaultSet() throws {
        let instance = try IMDSInstance.load(fixturesDirectory: IMDSHarness.defaultFixtures)
        #expect(instance.role == "drydock-ops-host")
        #expect(instance.region == "us-east-1")
        #expect(instance.credentialLifetime == 21_600)
        #expect(instance.rotationBeforeExpiry == 3_600)
        #expect(!instance.imdsV1Allowed)
    }

    @Test("a fixture set without imds/ serves the defaults")
    func absentDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("imds-absent-\(UUID().uuidString)").path
        #expect(try IMDSInstance.load(fixturesDirectory: directory) == .defaults)
    }

    @Test("imds/ without instance.json is an error naming the file")
    func missingFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("imds-missing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("imds"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect { try IMDSInstance.load(fixturesDirectory: directory.path) } throws: { error in
            (error as? FixtureError)?.path.hasSuffix("imds/instance.json") == true
        }
    }

    @Test("bad values are rejected with the field named", arguments: [
        (#"{"imdsv1": "yes"}"#, "imdsv1"),
        (#"{"credential_lifetime_seconds": 60}"#, "credential_lifetime_seconds"),
        (#"{"rotation_before_expiry_seconds": 21600}"#, "rotation_before_expiry_seconds"),
        (#"{"region": 5}"#, "region"),
        (#"{"regoin": "us-east-1"}"#, "regoin"),
        (#"[]"#, "object"),
    ])
    func badValues(json: String, mention: String) throws {
        #expect { try IMDSInstance.parse(try JSONValue.parse(json), path: "x/imds/instance.json") } throws: { error in
            let text = String(describing: error)
            return text.contains(mention) && text.contains("x/imds/instance.json")
        }
    }

    @Test("role null serves an instance without a profile")
    func nullRole() throws {
        #expect(try IMDSInstance.parse(try JSONValue.parse(#"{"role": null}"#), path: "p").role == nil)
    }
}
