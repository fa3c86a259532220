/// The one table of hosts Drydock intercepts: which real hosts the emulators stand in for, on which ports,
/// and which service answers which paths on each. Every other host is refused, journalled as
/// `egress.blocked`, and never connected to — the proof that a run touched no real service.
///
/// | host | ports | paths → service |
/// |---|---|---|
/// | `oauth2.googleapis.com` | 443 (80) | `/token`, `/tokeninfo`, `/revoke` → oauth |
/// | `accounts.google.com` | 443 (80) | `/o/oauth2/token`, `/o/oauth2/revoke` → oauth |
/// | `www.googleapis.com` | 443 (80) | `/oauth2/v4/token`, `/oauth2/v3/tokeninfo`, `/oauth2/v1/tokeninfo` → oauth; `/gmail/v1/…`, `/upload/gmail/v1/…` → gmail (Gmail's original base URL) |
/// | `gmail.googleapis.com` | 443 (80) | `/gmail/v1/…`, `/upload/gmail/v1/…`, `/batch`, `/batch/gmail/v1` → gmail |
/// | `sheets.googleapis.com` | 443 (80) | `/v4/spreadsheets…`, `/batch`, `/batch/sheets/v4` → sheets |
/// | `dynamodb.<region>.amazonaws.com`, `streams.dynamodb.<region>.amazonaws.com` (and `dynamodb-fips.…`, `.amazonaws.com.cn`, `.amazonaws.eu`) | 443, 80 | everything → dynamodb, the signature's region checked against the host's |
/// | `s3.amazonaws.com`, `s3.<region>.amazonaws.com`, `<bucket>.s3[.<region>].amazonaws.com` (and `s3-<region>`, `s3.dualstack.…`) | 443, 80 | everything → s3 (the bucket's region is checked by the emulator) |
/// | `cloudfront.amazonaws.com` | 443, 80 | everything → cloudfront |
/// | `secretsmanager.<region>.amazonaws.com` (and `secretsmanager-fips.…`, `.amazonaws.com.cn`, `.amazonaws.eu`) | 443, 80 | everything → secretsmanager, the signature's region checked against the host's |
/// | `169.254.169.254`, `fd00:ec2::254` | 80 | everything → imds |
///
/// - Sheets is served on `sheets.googleapis.com` only: the v4 API has had that base URL since its first
///   release (Google's generated clients never used `www.googleapis.com` for it), and the v3 feeds it
///   replaced were turned down in 2021.
/// - Google's hosts over plain HTTP (port 80) answer Google's 403 `sslRequired` error, journalled under the
///   service the path belongs to, as `googleapis.com` does; nothing is served in clear text.
/// - A path a host does not serve gets Google's 404 page (journalled as that host's service, operation
///   `unknown`), even where another host would serve it: `accounts.google.com/token` is a 404 as it is
///   in production.
/// - DynamoDB: the SigV4 credential scope's region must be the host's region, or the request gets what
///   DynamoDB answers for a signature scoped elsewhere: 400 `InvalidSignatureException` "Credential should
///   be scoped to a valid region, not '<scope region>'. ". Regions are the ones AWS lists
///   (`DynamoDBEndpoints`); a mistyped region is refused like an unknown host.
/// - IMDS is plain HTTP only, as on EC2: `CONNECT 169.254.169.254:443` is refused.
public enum InterceptedHosts {
    /// Whether a connection to a host and port is served by the emulators.
    public enum Decision: Sendable, Equatable {
        case emulate
        /// Not served; the reason names the host and why, for the proxy's 403 and the journal.
        case refuse(reason: String)
    }

    /// How a request reached the emulators: decrypted from TLS, or in clear text.
    public enum Scheme: String, Sendable {
        case http, https
    }

    /// Whether `host` (a name or IP literal, any case, optional trailing dot) on `port` is emulated.
    public static func route(host: String, port: Int) -> Decision {
        guard let name = HostName(host) else { return .refuse(reason: "\"\(host.prefix(80))\" is not a valid host name") }
        return route(name, port: port)
    }

    /// Whether DNS should answer `host` with loopback: true for every host of the table (any port).
    public static func isEmulated(host: String) -> Bool {
        guard let name = HostName(host) else { return false }
        if case .host = entry(for: name) { return true }
        return false
    }

    /// Every name of the table, for a hosts file: the Google hosts, IMDS's addresses are left out (they
    /// are addresses, not names), and every listed DynamoDB endpoint.
    public static var hostsFileNames: [String] {
        googleHosts.map(\.name) + awsGlobalHosts.map(\.name) + DynamoDBEndpoints.allHostNames + S3Endpoints.allHostNames
            + SecretsManagerEndpoints.allHostNames
    }

    static func route(_ host: HostName, port: Int) -> Decision {
        switch entry(for: host) {
        case .host(let entry):
            guard entry.ports.contains(port) else {
                let ports = entry.ports.sorted().map(String.init).joined(separator: " and ")
                return .refuse(reason: "Drydock emulates \(host.name) on port \(ports) only, not \(port)")
            }
            return .emulate
        case .unknownRegion(let region):
            let service = S3Endpoints.match(host.name) != .notS3 ? "an S3"
                : SecretsManagerEndpoints.match(host.name) != .notSecretsManager ? "a Secrets Manager" : "a DynamoDB"
            return .refuse(reason: "\(host.name) is not \(service) endpoint: AWS has no region \"\(region)\"")
        case .none:
            return .refuse(reason: "\(host.name) is not a host Drydock emulates")
        }
    }

    // MARK: The table

    /// One emulated host: its ports and which service answers which paths.
    struct Entry: Sendable {
        let name: String
        /// The service journalled for paths no route takes (they get that service's 404).
        let service: String
        let ports: Set<Int>
        let routes: [PathRoute]
        /// Google APIs answer plain HTTP with 403 `sslRequired` instead of serving it.
        let requiresTLS: Bool
        /// DynamoDB endpoints: the region the host is in.
        let region: String?
    }

    /// Paths on a host that one service answers, matched on the raw (still percent-encoded) path.
    struct PathRoute: Sendable {
        let service: String
        var exact: Set<String> = []
        var prefixes: [String] = []
        var everything = false

        func matches(_ rawPath: String) -> Bool {
            everything || exact.contains(rawPath) || prefixes.contains { rawPath.hasPrefix($0) }
        }
    }

    private static let gmailPaths = PathRoute(service: "gmail", exact: ["/gmail/v1"], prefixes: ["/gmail/v1/", "/upload/gmail/v1/", "/resumable/upload/gmail/v1/"])
    /// Google's batch endpoints: the bare `/batch` (the discovery documents' `batchPath`) and the API-specific one.
    private static let gmailBatch = PathRoute(service: "gmail", exact: ["/batch", "/batch/gmail/v1"])

    static let googleHosts: [Entry] = [
        Entry(name: "oauth2.googleapis.com", service: "oauth", ports: [443, 80],
              routes: [PathRoute(service: "oauth", exact: ["/token", "/tokeninfo", "/revoke"])], requiresTLS: true, region: nil),
        Entry(name: "accounts.google.com", service: "oauth", ports: [443, 80],
              routes: [PathRoute(service: "oauth", exact: ["/o/oauth2/token", "/o/oauth2/revoke"])], requiresTLS: true, region: nil),
        Entry(name: "www.googleapis.com", service: "oauth", ports: [443, 80],
              routes: [PathRoute(service: "oauth", exact: ["/oauth2/v4/token", "/oauth2/v3/tokeninfo", "/oauth2/v1/tokeninfo"]), gmailPaths],
              requiresTLS: true, region: nil),
        Entry(name: "gmail.googleapis.com", service: "gmail", ports: [443, 80], routes: [gmailPaths, gmailBatch], requiresTLS: true, region: nil),
        Entry(name: "sheets.googleapis.com", service: "sheets", ports: [443, 80],
              routes: [PathRoute(service: "sheets", exact: ["/v4/spreadsheets", "/batch", "/batch/sheets/v4"], prefixes: ["/v4/spreadsheets/", "/v4/spreadsheets:"])],
              requiresTLS: true, region: nil),
    ]

    private static let imds = PathRoute(service: "imds", everything: true)
    static let metadataHosts: [Entry] = ["169.254.169.254", "fd00:ec2::254"].map {
        Entry(name: $0, service: "imds", ports: [80], routes: [imds], requiresTLS: false, region: nil)
    }

    /// AWS's global endpoints (CloudFront's API is one host for every region).
    static let awsGlobalHosts: [Entry] = [
        Entry(name: "cloudfront.amazonaws.com", service: "cloudfront", ports: [443, 80],
              routes: [PathRoute(service: "cloudfront", everything: true)], requiresTLS: false, region: nil),
    ]

    private static let byName: [String: Entry] = Dictionary(uniqueKeysWithValues: (googleHosts + metadataHosts + awsGlobalHosts).map { ($0.name, $0) })

    enum Lookup {
        case host(Entry)
        case unknownRegion(String)
    }

    static func entry(for host: HostName) -> Lookup? {
        if let entry = byName[host.name] { return .host(entry) }
        guard !host.isIPAddress else { return nil }
        switch DynamoDBEndpoints.match(host.name) {
        case .endpoint(let region):
            return .host(Entry(name: host.name, service: "dynamodb", ports: [443, 80],
                               routes: [PathRoute(service: "dynamodb", everything: true)], requiresTLS: false, region: region))
        case .unknownRegion(let region):
            return .unknownRegion(region)
        case .notDynamoDB:
            break
        }
        switch SecretsManagerEndpoints.match(host.name) {
        case .endpoint(let region):
            return .host(Entry(name: host.name, service: "secretsmanager", ports: [443, 80],
                               routes: [PathRoute(service: "secretsmanager", everything: true)], requiresTLS: false, region: region))
        case .unknownRegion(let region):
            return .unknownRegion(region)
        case .notSecretsManager:
            break
        }
        switch S3Endpoints.match(host.name) {
        case .endpoint:
            return .host(Entry(name: host.name, service: "s3", ports: [443, 80],
                               routes: [PathRoute(service: "s3", everything: true)], requiresTLS: false, region: nil))
        case .unknownRegion(let region):
            return .unknownRegion(region)
        case .notS3:
            return nil
        }
    }
}
