import DrydockCore
import DrydockHTTP

/// Where S3 requests for one region go, and how buckets are addressed.
///
/// As the SDKs do: `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, is a custom endpoint addressed
/// path-style (`<endpoint>/<bucket>/<key>`, what local endpoints and the emulators need); without one,
/// the regional endpoint virtual-hosted-style (`https://<bucket>.s3.<region>.amazonaws.com/<key>`).
public struct S3Endpoint: Sendable, Equatable {
    /// The signing region.
    public let region: String
    /// The custom endpoint URL (path-style), or nil for AWS itself.
    public let customURL: String?

    public init(region: String, customURL: String?) {
        self.region = region
        self.customURL = customURL
    }

    /// - Throws: ``S3ConfigurationError`` for a bad region or an unusable endpoint URL.
    public static func resolve(region: String, environment: Environment) throws -> S3Endpoint {
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw S3ConfigurationError(message: "AWS region '\(region)' is not a valid region name")
        }
        let custom = environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"]
        if let custom {
            do {
                _ = try ParsedURL(custom)
            } catch {
                throw S3ConfigurationError(message: "S3 endpoint '\(custom)' (AWS_ENDPOINT_URL_S3) is not a usable URL: \(error)")
            }
        }
        return S3Endpoint(region: region, customURL: custom.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
    }

    /// The URL of `key` in `bucket` (or of the bucket when `key` is nil) with the raw `query`, and the raw
    /// path SigV4 signs.
    func location(bucket: String, key: String?, query: String) -> (url: String, host: String, path: String) {
        let encodedKey = key.map { "/" + S3Endpoint.encodeKey($0) } ?? "/"
        let suffix = query.isEmpty ? "" : "?" + query
        if let customURL, let parsed = try? ParsedURL(customURL) {
            let base = parsed.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            let prefix = base == "/" ? "" : base
            let path = prefix + "/" + bucket + (key == nil ? "" : encodedKey)
            return (parsed.scheme + "://" + parsed.authority + path + suffix, parsed.authority, path)
        }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        let host = "\(bucket).s3.\(region).\(domain)"
        return ("https://" + host + encodedKey + suffix, host, encodedKey)
    }

    /// A key percent-encoded for the path as the SDKs send it: unreserved bytes and `/` kept.
    static func encodeKey(_ key: String) -> String {
        var out = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// A query value encoded as SigV4 and the SDKs encode it.
    static func encodeQueryValue(_ value: String) -> String {
        encodeKey(value).replacingOccurrences(of: "/", with: "%2F")
    }
}

/// The S3 client could not be set up: a bad region or endpoint URL (EX_CONFIG).
public struct S3ConfigurationError: UserFacingError, Sendable, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var exitStatus: ExitStatus { .configuration }
    public var description: String { message }
}
