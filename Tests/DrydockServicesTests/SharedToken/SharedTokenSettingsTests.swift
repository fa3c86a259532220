import DrydockCore
import DrydockCredentials
import Foundation
@testable import DrydockServices
import Testing

@Suite struct SharedTokenSettingsTests {
    @Test func theFileStoreNeedsNothing() throws {
        #expect(try SharedTokenSettings.resolve(Environment([:])) == nil)
        #expect(try SharedTokenSettings.resolve(Environment(["DRYDOCK_TOKEN_STORE": "file"])) == nil)
    }

    @Test func secretsManagerSettingsFromTheVariables() throws {
        let settings = try SharedTokenSettings.resolve(Environment([
            "DRYDOCK_TOKEN_STORE": "secretsmanager", "DRYDOCK_TOKEN_SECRET": "ops/token", "AWS_REGION": "eu-west-1",
            "DRYDOCK_HOST_ID": "ops-3",
        ]))
        #expect(settings == SharedTokenSettings(secretID: "ops/token", region: "eu-west-1", hostID: "ops-3"))
        let defaulted = try SharedTokenSettings.resolve(Environment([
            "DRYDOCK_TOKEN_STORE": "secretsmanager", "DRYDOCK_TOKEN_SECRET": "ops/token", "DRYDOCK_TOKEN_REGION": "us-west-2",
            "AWS_REGION": "eu-west-1",
        ]))
        #expect(defaulted?.region == "us-west-2")
        #expect(defaulted?.lockTable == "drydock-locks")
        #expect(defaulted?.hostID.isEmpty == false, "the host name")
    }

    @Test func missingOrWrongSettingsSayWhichAndHow() {
        func message(_ values: [String: String]) -> String? {
            do {
                _ = try SharedTokenSettings.resolve(Environment(values))
                return nil
            } catch {
                return (error as? SharedTokenConfigurationError)?.message
            }
        }
        #expect(message(["DRYDOCK_TOKEN_STORE": "vault"])?.contains("must be 'file' or 'secretsmanager', got 'vault'") == true)
        #expect(message(["DRYDOCK_TOKEN_STORE": "secretsmanager"])?.contains("set token_store.secret") == true)
        #expect(message(["DRYDOCK_TOKEN_STORE": "secretsmanager", "DRYDOCK_TOKEN_SECRET": "x"])?.contains("no region is set") == true)
        #expect(message([
            "DRYDOCK_TOKEN_STORE": "secretsmanager", "DRYDOCK_TOKEN_SECRET": "x", "AWS_REGION": "us-east-1",
            "DRYDOCK_TOKEN_LOCK_TABLE": "a b",
        ])?.contains("DRYDOCK_TOKEN_LOCK_TABLE must be a DynamoDB table name") == true)
    }

    @Test func theSecretsValueRoundTripsAndItsRequestTokenFitsSecretsManager() throws {
        let token = DrydockCredentials.CachedToken(
            accessToken: "ya29.round-trip-XXXXXXXX", expiresAt: Date(timeIntervalSince1970: 1_800_000_000),
            scope: "s", refreshedAt: Date(timeIntervalSince1970: 1_799_996_400))
        let value = SharedTokenSecret(token: token, refreshedBy: "ops-1", fence: 12)
        #expect(try SharedTokenSecret.parse(value.string).get() == value)
        let request = value.clientRequestToken(secretID: "ops/token")
        #expect((32...64).contains(request.count))
        #expect(request == value.clientRequestToken(secretID: "ops/token"), "the same for a retry")
        #expect(request != SharedTokenSecret(token: token, refreshedBy: "ops-1", fence: 13).clientRequestToken(secretID: "ops/token"))
    }

    @Test func leaseTimesAreMillisecondNumbers() {
        #expect(RefreshLease.number(Date(timeIntervalSince1970: 1_800_000_000)) == ["N": "1800000000"])
        #expect(RefreshLease.number(Date(timeIntervalSince1970: 1_800_000_000.0425)) == ["N": "1800000000.042"])
    }
}
