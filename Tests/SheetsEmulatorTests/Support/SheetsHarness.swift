import DrydockCore
import DrydockHTTP
import DrydockTesting
import EmulatorKit
import Foundation
import GoogleOAuthEmulator
@testable import SheetsEmulator

/// A fixture set in a temp directory: the default OAuth clients plus spreadsheets the test writes.
struct FixtureSet {
    let directory: TemporaryDirectory
    var path: String { directory.path }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let defaultFixtures = repositoryRoot + "/fixtures/default"

    /// `spreadsheets`: id → (spreadsheet.json text, [file name: CSV text]).
    init(_ spreadsheets: [String: (json: String, files: [String: String])]) throws {
        directory = try TemporaryDirectory("sheets-fixtures")
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory.appending("oauth"), withIntermediateDirectories: true)
        try manager.copyItem(atPath: Self.defaultFixtures + "/oauth/clients.json", toPath: directory.appending("oauth/clients.json"))
        for (id, content) in spreadsheets {
            let folder = directory.appending("sheets/\(id)")
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try content.json.write(toFile: folder + "/spreadsheet.json", atomically: true, encoding: .utf8)
            for (name, text) in content.files {
                try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            }
        }
    }

    func remove() { directory.remove() }
}

/// The Sheets emulator over a fixture set, with the OAuth authority on a manual clock.
struct SheetsHarness {
    let clock: VirtualClock
    let authority: GoogleTokenAuthority
    let sheets: SheetsEmulator

    init(fixtures: String) throws {
        clock = VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000)))
        authority = try GoogleTokenAuthority(fixturesDirectory: fixtures, clock: clock, tokenGenerator: .seeded(7))
        sheets = try SheetsEmulator(fixturesDirectory: fixtures, authority: authority)
    }

    /// An access token for one of the default fixture's refresh tokens.
    func token(_ refreshToken: String = Tokens.sheetsReader) throws -> String {
        guard let (client, _) = authority.fixtures.refreshToken(refreshToken) else { throw HarnessError("unknown refresh token") }
        return try authority.refresh(refreshToken, client: client).get().grant.accessToken
    }

    /// `GET target` with a fresh reader token unless `bearer` says otherwise ("" for none).
    func get(_ target: String, bearer: String? = nil) throws -> HTTPResponse {
        let token = try bearer ?? token()
        let headers: HTTPHeaders = token.isEmpty ? [:] : ["Authorization": "Bearer " + token]
        return sheets.handle(HTTPRequest(method: "GET", target: target, headers: headers))
    }

    /// `method target` with a JSON body and a read-write token unless `bearer` says otherwise.
    func send(_ method: String, _ target: String, _ body: JSONValue? = nil, bearer: String? = nil) throws -> HTTPResponse {
        let token = try bearer ?? token(Tokens.sheetsWriter)
        let headers: HTTPHeaders = token.isEmpty ? [:] : ["Authorization": "Bearer " + token, "Content-Type": "application/json"]
        return sheets.handle(HTTPRequest(method: method, target: target, headers: headers, body: Array((body?.serialized() ?? "").utf8)))
    }

    /// The body of a 200 answer to `send` as JSON (fails with the body otherwise).
    func write(_ method: String, _ target: String, _ body: JSONValue? = nil) throws -> JSONValue {
        let response = try send(method, target, body)
        guard response.status == 200 else { throw HarnessError("\(method) \(target): \(response.status) \(response.bodyText)") }
        return try JSONValue.parse(response.bodyText)
    }

    /// The error message of a non-200 answer to `send` (fails on a 200).
    func failure(_ method: String, _ target: String, _ body: JSONValue? = nil, status: Int = 400) throws -> String {
        let response = try send(method, target, body)
        guard response.status == status else { throw HarnessError("\(method) \(target): expected \(status), got \(response.status) \(response.bodyText)") }
        return try JSONValue.parse(response.bodyText)["error"]?["message"]?.stringValue ?? ""
    }

    /// The body of a 200 as JSON (fails with the body otherwise).
    func json(_ target: String) throws -> JSONValue {
        let response = try get(target)
        guard response.status == 200 else { throw HarnessError("\(target): \(response.status) \(response.bodyText)") }
        return try JSONValue.parse(response.bodyText)
    }
}

/// Refresh tokens from fixtures/default/oauth/clients.json.
enum Tokens {
    /// bookings@: gmail.readonly, gmail.send, spreadsheets.readonly.
    static let bookings = "1//0cLYijJK6ltD0xuiOtpLyiVSGFI60oBIWhKD17ZBsP9rZSJ10qqDXqTnarQuaZcvTnEsldQ3jIavsAouvsPcDU5aujOT-kl_2Y2k"
    /// dispatch@: gmail.readonly only.
    static let gmailOnly = "1//0cRURDt4ozTmbn2akQMSjflJ0b0dr8iDt13QDYN_VjG4ZjUIlOPCc70D-ogLur0KTydfoXB5p2r-BPcCpmKbyVcCCn6rgoGKAsai"
    /// ledger@: spreadsheets (read-write).
    static let sheetsWriter = "1//0grAl8kD5US9iVapHebVMVK9a9zqXzFklt0ecyuUhikugtTaagI2AypljDKco_h7uJLNVJvha-3Db9zIxLFnwIO5C937kOirIsQ8"
    /// reports@: spreadsheets.readonly only.
    static let sheetsReader = "1//0gNcsaPr_9gmq2iyO6GAAUdsxxHk-JZwO9m-0imOGFVRWtlNoupS6BB0MYvr9SyRtNkkEGNZbbdsd7FzLeSMwZDf42XA0xqu48a8"
}
