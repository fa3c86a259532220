import DrydockConfig
import DrydockCore
import Testing

/// `token_store` in the host configuration, and the variables it hands the jobs.
@Suite("Token store configuration")
struct TokenStoreConfigurationTests {
    static let file = configurationFile

    @Test func theFileStoreIsTheDefaultAndExportsNothing() throws {
        let config = try parseConfiguration("aws:\n  regions: [eu-west-1]\n")
        #expect(config.tokenStore.value == "file")
        let environment = config.jobEnvironment(Environment(["HOME": "/home/ops"]))
        #expect(environment["DRYDOCK_TOKEN_STORE"] == nil)
        #expect(environment["DRYDOCK_TOKEN_SECRET"] == nil)
    }

    @Test func theScalarFormUsesTheDefaultsAndTheFirstRegion() throws {
        let config = try parseConfiguration("token_store: secretsmanager\naws:\n  regions: [eu-west-1, us-east-1]\n")
        let environment = config.jobEnvironment(Environment([:]))
        #expect(environment["DRYDOCK_TOKEN_STORE"] == "secretsmanager")
        #expect(environment["DRYDOCK_TOKEN_SECRET"] == "drydock/google-token")
        #expect(environment["DRYDOCK_TOKEN_REGION"] == "eu-west-1")
        #expect(environment["DRYDOCK_TOKEN_LOCK_TABLE"] == "drydock-locks")
        #expect(environment["DRYDOCK_CREDENTIALS_SECRET"] == nil)
    }

    @Test func theMappingFormSetsEverythingAndVariablesWin() throws {
        let config = try parseConfiguration("""
            token_store:
              kind: secretsmanager
              secret: arn:aws:secretsmanager:us-west-2:123456789012:secret:ops/token-AbCdEf
              region: us-west-2
              lock_table: ops-locks
              credentials_secret: ops/google-oauth
              host_id: ops-7
            """)
        #expect(config.tokenSecret.origin.description == "file \(Self.file):3")
        let environment = config.jobEnvironment(Environment(["DRYDOCK_HOST_ID": "from-env"]))
        #expect(environment["DRYDOCK_TOKEN_SECRET"] == "arn:aws:secretsmanager:us-west-2:123456789012:secret:ops/token-AbCdEf")
        #expect(environment["DRYDOCK_TOKEN_REGION"] == "us-west-2")
        #expect(environment["DRYDOCK_TOKEN_LOCK_TABLE"] == "ops-locks")
        #expect(environment["DRYDOCK_CREDENTIALS_SECRET"] == "ops/google-oauth")
        #expect(environment["DRYDOCK_HOST_ID"] == "from-env")
        let shown = config.showText(environment: Environment([:]))
        #expect(shown.contains("token_store.lock_table"))
        #expect(shown.contains("ops-locks    # file \(Self.file):5"))
    }

    @Test func badValuesNameTheKeyAndLine() {
        #expect(configurationProblem("token_store: vault\n")?.contains(#"expected "file" or "secretsmanager", found "vault""#) == true)
        #expect(configurationProblem("token_store:\n  kind: secretsmanager\n  region: Mars\n")?.contains("config.yaml:3") == true)
        #expect(configurationProblem("token_store:\n  lock_table: a\n")?.contains("expected a DynamoDB table name") == true)
        #expect(configurationProblem("token_store:\n  secret: two words\n")?.contains("expected a Secrets Manager secret name or ARN") == true)
        #expect(configurationProblem("token_store:\n  tabel: x\n")?.contains("tabel") == true)
    }
}
