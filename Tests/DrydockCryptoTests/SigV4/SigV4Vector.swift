import DrydockCrypto
import Foundation

/// One folder of the AWS SigV4 test suite (../shared/testdata/aws-sigv4): the request, its signing
/// context and the expected output of every stage for header and query signing.
struct SigV4Vector {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The suite directory: `$DRYDOCK_SIGV4_VECTORS`, else the copy vendored in this test target
    /// (`Tests/DrydockCryptoTests/Vectors/aws-sigv4`, so a fresh clone is self-contained), found from
    /// this file's path.
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["DRYDOCK_SIGV4_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        // <repo>/Tests/DrydockCryptoTests/SigV4/SigV4Vector.swift → <repo>/Tests/DrydockCryptoTests/Vectors/aws-sigv4
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Vectors/aws-sigv4", isDirectory: true)
    }()

    /// Name of the single argument used when the directory is missing, so the parameterised tests
    /// fail (with `missingMessage`) instead of running zero cases.
    static let missingSentinel = "<aws-sigv4 vectors not found>"

    static var missingMessage: String {
        "SigV4 test vectors not found at \(directory.path). They are vendored in "
            + "Tests/DrydockCryptoTests/Vectors/aws-sigv4; or set DRYDOCK_SIGV4_VECTORS to the suite directory."
    }

    /// Every vector folder (sorted), or `[missingSentinel]` when there are none.
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let folders = entries.filter {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).appendingPathComponent("context.json").path)
        }.sorted()
        return folders.isEmpty ? [missingSentinel] : folders
    }()

    let name: String
    let request: SigV4Request
    let credentials: AWSCredentials
    let region: String
    let service: String
    let date: Date
    let expires: Int
    let normalize: Bool
    let signBody: Bool
    let omitSessionToken: Bool

    /// Loads folder `name`, failing with a message that says what is missing where.
    static func load(_ name: String) throws -> SigV4Vector {
        guard name != missingSentinel else { throw LoadError(description: missingMessage) }
        let folder = directory.appendingPathComponent(name)
        let contextData = try Data(contentsOf: folder.appendingPathComponent("context.json"))
        guard let context = try JSONSerialization.jsonObject(with: contextData) as? [String: Any],
              let creds = context["credentials"] as? [String: Any],
              let keyID = creds["access_key_id"] as? String, let secret = creds["secret_access_key"] as? String,
              let region = context["region"] as? String, let service = context["service"] as? String,
              let timestamp = context["timestamp"] as? String,
              let date = ISO8601DateFormatter().date(from: timestamp)
        else { throw LoadError(description: "\(name)/context.json: unexpected shape") }
        let raw = try String(contentsOf: folder.appendingPathComponent("request.txt"), encoding: .utf8)
        return SigV4Vector(
            name: name, request: try parseRequest(raw, name: name),
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: creds["token"] as? String),
            region: region, service: service, date: date,
            expires: context["expiration_in_seconds"] as? Int ?? 3600,
            normalize: context["normalize"] as? Bool ?? true,
            signBody: context["sign_body"] as? Bool ?? false,
            omitSessionToken: context["omit_session_token"] as? Bool ?? false)
    }

    /// The expected text of `file` (e.g. `header-signature.txt`), byte for byte.
    func expected(_ file: String) throws -> String {
        try String(contentsOf: Self.directory.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
    }

    /// A signer configured as the vector's context says.
    var signer: SigV4Signer {
        var signer = SigV4Signer(credentials: credentials, region: region, service: service)
        signer.normalizePath = normalize
        signer.addContentSHA256Header = signBody
        signer.omitSessionTokenFromSignature = omitSessionToken
        return signer
    }

    /// A verifier configured as the vector's context says.
    var verifier: SigV4Verifier {
        var verifier = SigV4Verifier(service: service)
        verifier.normalizePath = normalize
        return verifier
    }

    /// Parses the suite's request format: `METHOD target HTTP/1.1`, `Name:value` lines (a line starting
    /// with whitespace continues the previous value), a blank line, the body. The target may contain
    /// spaces, so the method ends at the first space and the version starts after the last.
    static func parseRequest(_ raw: String, name: String) throws -> SigV4Request {
        let (head, body): (Substring, Substring) = {
            if let range = raw.range(of: "\n\n") { return (raw[..<range.lowerBound], raw[range.upperBound...]) }
            return (Substring(raw.hasSuffix("\n") ? String(raw.dropLast()) : raw), "")
        }()
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst(), let firstSpace = requestLine.firstIndex(of: " "),
              let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else { throw LoadError(description: "\(name)/request.txt: bad request line") }
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        let (path, query): (Substring, Substring) = {
            if let mark = target.firstIndex(of: "?") { return (target[..<mark], target[target.index(after: mark)...]) }
            return (target, "")
        }()
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else if !line.isEmpty {
                throw LoadError(description: "\(name)/request.txt: bad header line '\(line)'")
            }
        }
        return SigV4Request(
            method: String(requestLine[..<firstSpace]), path: String(path), query: String(query),
            headers: headers, body: Array(body.utf8))
    }

    /// Renders `request` in the suite's format, for comparison with `*-signed-request.txt`.
    static func render(_ request: SigV4Request) -> String {
        var out = "\(request.method) \(request.path)\(request.query.isEmpty ? "" : "?" + request.query) HTTP/1.1\n"
        for header in request.headers { out += "\(header.name):\(header.value)\n" }
        return out + "\n" + String(decoding: request.body, as: UTF8.self)
    }
}
