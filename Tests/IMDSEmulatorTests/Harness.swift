import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
@testable import IMDSEmulator

/// An IMDS emulator over the default fixtures on a manual clock with seeded randomness: no sockets,
/// no sleeping, the same keys every run.
struct IMDSHarness {
    let clock: VirtualClock
    let imds: IMDSEmulator

    static let defaultFixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/default").path

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    init(instance: IMDSInstance? = nil, seed: UInt64 = 7) throws {
        clock = VirtualClock(base: ManualClock(now: Self.start))
        if let instance {
            imds = IMDSEmulator(instance: instance, clock: clock, random: .seeded(seed))
        } else {
            imds = try IMDSEmulator(fixturesDirectory: Self.defaultFixtures, clock: clock, random: .seeded(seed))
        }
    }

    /// `PUT /latest/api/token` with the given headers.
    func put(headers: HTTPHeaders, path: String = "/latest/api/token") -> HTTPResponse {
        imds.handle(HTTPRequest(method: "PUT", target: path, headers: headers))
    }

    /// A session token valid for `ttl` seconds.
    func token(ttl: Int = 21_600) throws -> String {
        let response = put(headers: ["X-aws-ec2-metadata-token-ttl-seconds": String(ttl)])
        guard response.status == 200 else { throw TestFailure("token PUT: \(response.status) \(response.bodyText)") }
        return response.bodyText
    }

    /// GET `path`, with `token` when given.
    func get(_ path: String, token: String?) -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.set("X-aws-ec2-metadata-token", token) }
        return imds.handle(HTTPRequest(method: "GET", target: path, headers: headers))
    }

    /// GET `path` with a fresh session token.
    func get(_ path: String) throws -> HTTPResponse { get(path, token: try token()) }

    /// The credentials document's members.
    func credentials() throws -> JSONValue {
        let response = try get("/latest/meta-data/iam/security-credentials/drydock-ops-host")
        guard response.status == 200 else { throw TestFailure("credentials: \(response.status)") }
        return try JSONValue.parse(response.bodyText)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// EC2's 404 page, byte for byte.
let notFoundPage = """
    <?xml version="1.0" encoding="iso-8859-1"?>
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    \t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
    <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
     <head>
      <title>404 - Not Found</title>
     </head>
     <body>
      <h1>404 - Not Found</h1>
     </body>
    </html>
    """
