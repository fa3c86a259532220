import DrydockConfig
import DrydockCore
import Testing

/// `backup.bucket`, `backup.prefix` and `backup.region` of the host configuration.
@Suite("Host configuration: backup")
struct BackupConfigurationTests {
    @Test func defaultsAreTheFixtureBucketInUSEast1() throws {
        let config = try parseConfiguration("aws:\n  regions: [us-east-1]\n")
        #expect(config.backupBucket == ConfigValue("drydock-charter-backups"))
        #expect(config.backupPrefix.value == "" && config.backupRegion.value == "us-east-1")
    }

    @Test func valuesCarryTheirLine() throws {
        let config = try parseConfiguration("backup:\n  bucket: ops-backups.example\n  prefix: charters/\n  region: eu-west-1\n")
        #expect(config.backupBucket == ConfigValue("ops-backups.example", .file("/etc/drydock/config.yaml", line: 2)))
        #expect(config.backupPrefix.value == "charters/" && config.backupRegion.value == "eu-west-1")
        #expect(config.entries(environment: Environment()).contains { $0.key == "backup.prefix" && $0.value == .string("charters/") })
    }

    @Test func badValuesAreNamed() {
        let problem = configurationProblem
        #expect(problem("backup:\n  bucket: Ops_Backups\n")
            == "configuration: /etc/drydock/config.yaml:2:11: backup.bucket: expected an S3 bucket name (3-63 of a-z 0-9 . -, starting and ending with a letter or digit), found \"Ops_Backups\"")
        #expect(problem("backup:\n  prefix: charters\n")?.contains("backup.prefix: expected a key prefix ending in /") == true)
        #expect(problem("backup:\n  region: Mars\n")?.contains("backup.region: expected an AWS region") == true)
        #expect(problem("backup:\n  path: x\n")?.contains("backup: unknown key \"path\"; expected one of: bucket, prefix, region") == true)
    }
}
