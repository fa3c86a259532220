/// An Amazon S3 endpoint host name, split into the bucket (virtual-hosted style) and the region: the one
/// parser the S3 emulator (which bucket a request names) and interception (which names go to the S3
/// emulator) share, so the two never disagree.
///
/// The forms of the S3 user guide ("Virtual hosting of buckets", "Using Amazon S3 dual-stack endpoints")
/// and the REST API reference ("Constructing S3 hostnames"), each also with `<bucket>.` in front:
///
/// ```text
/// s3.amazonaws.com                        the global endpoint (us-east-1; amazonaws.com only)
/// s3.<region>.<dns suffix>                regional
/// s3.dualstack.<region>.<dns suffix>      dual-stack (regional only, as S3 supports no other)
/// s3-<region>.amazonaws.com               the legacy dash form (s3-external-1: us-east-1)
/// ```
///
/// A bucket name may hold dots and even an `s3` label (`logs.s3.example`), so the service label is the
/// rightmost one that the rest of the name fits after: `logs.s3.example.s3.eu-west-1.amazonaws.com` is
/// bucket `logs.s3.example` in eu-west-1. Access points (`s3-accesspoint`), S3 Control, website and FIPS
/// names are not S3 REST endpoints here.
package struct S3HostName: Equatable, Sendable {
    /// nil: the service endpoint itself (path-style requests, ListBuckets).
    package let bucket: String?
    /// nil: the global endpoint `s3.amazonaws.com` (us-east-1).
    package let region: String?
    package let dualstack: Bool
    /// `amazonaws.com`, `amazonaws.com.cn` or `amazonaws.eu`.
    package let dnsSuffix: String

    /// The DNS suffixes of AWS's partitions (GovCloud shares `amazonaws.com`).
    package static let dnsSuffixes = ["amazonaws.com", "amazonaws.com.cn", "amazonaws.eu"]

    /// Dash-form labels that are other services, not `s3-<region>`.
    private static let otherServices: Set<String> = ["s3-accesspoint", "s3-control", "s3-object-lambda", "s3-fips"]

    package init(bucket: String?, region: String?, dualstack: Bool = false, dnsSuffix: String = "amazonaws.com") {
        self.bucket = bucket
        self.region = region
        self.dualstack = dualstack
        self.dnsSuffix = dnsSuffix
    }

    /// nil when `host` (lower-case, without port or trailing dot) is not an S3 endpoint of those forms.
    package init?(_ host: String) {
        guard let suffix = Self.dnsSuffixes.first(where: { host.hasSuffix("." + $0) }) else { return nil }
        let labels = host.dropLast(suffix.count + 1).split(separator: ".", omittingEmptySubsequences: false)
        for index in labels.indices.reversed() {
            guard let (region, dualstack) = Self.endpoint(service: labels[index], after: labels[(index + 1)...], suffix: suffix) else { continue }
            let bucket = labels[..<index]
            guard bucket.allSatisfy({ !$0.isEmpty }) else { return nil }
            self.init(bucket: bucket.isEmpty ? nil : bucket.joined(separator: "."), region: region, dualstack: dualstack, dnsSuffix: suffix)
            return
        }
        return nil
    }

    /// The region (nil: global) when `service` followed by `rest` is one of the forms above.
    private static func endpoint(service: Substring, after rest: ArraySlice<Substring>, suffix: String) -> (String?, Bool)? {
        if service == "s3" {
            switch rest.count {
            case 0: return suffix == "amazonaws.com" ? (nil, false) : nil
            case 1: return isRegionLabel(rest[rest.startIndex]) ? (String(rest[rest.startIndex]), false) : nil
            case 2:
                guard rest[rest.startIndex] == "dualstack", isRegionLabel(rest[rest.startIndex + 1]) else { return nil }
                return (String(rest[rest.startIndex + 1]), true)
            default: return nil
            }
        }
        guard service.hasPrefix("s3-"), !service.hasPrefix("s3-website"), !otherServices.contains(String(service)),
              rest.isEmpty, suffix == "amazonaws.com"
        else { return nil }
        if service == "s3-external-1" { return ("us-east-1", false) }
        let region = service.dropFirst(3)
        return isRegionLabel(region) ? (String(region), false) : nil
    }

    /// Shaped like an AWS region (`eu-west-1`, `us-gov-west-1`, `eu-isoe-west-1`): three or more parts
    /// joined by dashes, letters only but the last, which is digits only. Looser shapes made one host read
    /// two ways: `s3-s3-fips-1` was the dash form of region `s3-fips-1`, and `s3.s3-fips-1` then read as
    /// the dash form of `fips-1` with an `s3` bucket label (found by the aws-routing fuzz target).
    private static func isRegionLabel(_ label: Substring) -> Bool {
        let parts = label.utf8.split(separator: 0x2D, omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return false
        }
        return parts.dropLast().allSatisfy { part in !part.isEmpty && part.allSatisfy { (0x61...0x7A).contains($0) } }
    }
}
