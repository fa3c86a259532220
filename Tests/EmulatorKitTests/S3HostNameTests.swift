@testable import EmulatorKit
import Testing

/// `S3HostName` against the endpoint forms AWS documents (the S3 user guide's virtual hosting and
/// dual-stack pages, the REST API reference's host names).
@Suite struct S3HostNameTests {
    @Test(arguments: [
        ("s3.amazonaws.com", nil, nil, false),
        ("s3.eu-west-1.amazonaws.com", nil, "eu-west-1", false),
        ("s3.dualstack.us-west-2.amazonaws.com", nil, "us-west-2", true),
        ("s3-us-west-2.amazonaws.com", nil, "us-west-2", false),
        ("s3-external-1.amazonaws.com", nil, "us-east-1", false),
        ("s3.cn-north-1.amazonaws.com.cn", nil, "cn-north-1", false),
        ("examplebucket.s3.us-west-2.amazonaws.com", "examplebucket", "us-west-2", false),
        ("examplebucket.s3.amazonaws.com", "examplebucket", nil, false),
        ("examplebucket.s3-eu-west-1.amazonaws.com", "examplebucket", "eu-west-1", false),
        ("bucketname.s3.dualstack.ap-south-1.amazonaws.com", "bucketname", "ap-south-1", true),
        ("my.dotted.bucket.s3.eu-west-1.amazonaws.com", "my.dotted.bucket", "eu-west-1", false),
        // A bucket holding an `s3` label: the service label is the rightmost one the rest fits after.
        ("logs.s3.example.s3.eu-west-1.amazonaws.com", "logs.s3.example", "eu-west-1", false),
        ("logs.s3.example.s3.amazonaws.com", "logs.s3.example", nil, false),
        ("s3.s3-backup.s3-us-west-2.amazonaws.com", "s3.s3-backup", "us-west-2", false),
        ("a.s3.dualstack.s3.dualstack.eu-central-1.amazonaws.com", "a.s3.dualstack", "eu-central-1", true),
    ] as [(String, String?, String?, Bool)])
    func documentedForms(_ host: String, _ bucket: String?, _ region: String?, _ dualstack: Bool) {
        let name = S3HostName(host)
        #expect(name?.bucket == bucket, "\(host)")
        #expect(name?.region == region, "\(host)")
        #expect(name?.dualstack == dualstack, "\(host)")
        #expect(name != nil, "\(host)")
    }

    @Test(arguments: [
        "amazonaws.com", "dynamodb.us-east-1.amazonaws.com", "s3-accesspoint.us-east-1.amazonaws.com",
        "s3-control.us-east-1.amazonaws.com", "bucket.s3-website-us-east-1.amazonaws.com", "s3-fips.us-east-1.amazonaws.com",
        "s3.amazonaws.com.cn", "s3.dualstack.amazonaws.com", "bucket.s3.us-east-1.extra.amazonaws.com", ".s3.us-east-1.amazonaws.com",
        "a..b.s3.us-east-1.amazonaws.com", "s3.us-east-1.example.com", "s3-cn-north-1.amazonaws.com.cn",
        // Not region-shaped (the first read two ways, found by fuzzing): no such region exists.
        "bucket.s3-s3-fipsexternal-1.amazonaws.com", "bucket.s3.example.amazonaws.com", "s3.us-east.amazonaws.com",
        "s3.1-east-1.amazonaws.com", "s3.us--east-1.amazonaws.com",
    ])
    func notS3Endpoints(_ host: String) {
        #expect(S3HostName(host) == nil, "\(host)")
    }

    /// A host read as bucket and region reads the same when written back in the regional form (the
    /// aws-routing fuzz target's check, on the documented forms).
    @Test(arguments: [
        "examplebucket.s3-eu-west-1.amazonaws.com", "s3-external-1.amazonaws.com", "a.s3.dualstack.s3.dualstack.eu-central-1.amazonaws.com",
        "logs.s3.example.s3.amazonaws.com", "b.s3.us-gov-west-1.amazonaws.com", "s3.s3-backup.s3-us-west-2.amazonaws.com",
    ])
    func readsBackTheSame(_ host: String) throws {
        let name = try #require(S3HostName(host))
        let endpoint = name.region.map { "\(name.dualstack ? "s3.dualstack" : "s3").\($0).\(name.dnsSuffix)" } ?? "s3.\(name.dnsSuffix)"
        #expect(S3HostName((name.bucket.map { $0 + "." } ?? "") + endpoint) == name, "\(host)")
    }
}
