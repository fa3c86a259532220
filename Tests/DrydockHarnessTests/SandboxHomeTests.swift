import DrydockCore
import DrydockFixtures
import DrydockTesting
import EmulatorKit
import Emulators
import Foundation
import GoogleOAuthEmulator
import Testing

/// `Sandbox.writeHome`: the `.secrets/` of a production host, with credentials the running emulators accept.
@Suite("Sandbox.writeHome")
struct SandboxHomeTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    static func json(_ path: String) throws -> JSONValue {
        try JSONValue.parse(String(contentsOfFile: path, encoding: .utf8))
    }

    static func authority(_ router: EdgeRouter) throws -> GoogleTokenAuthority {
        try #require(router.emulators.compactMap { $0 as? GoogleOAuthEmulator }.first).authority
    }

    @Test("fresh: every file 0600 in a 0700 .secrets, the token valid for the emulators and readable by Drydock and google-auth")
    func fresh() throws {
        let scratch = try TemporaryDirectory("home-fresh")
        defer { scratch.remove() }
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        let written = try Sandbox.writeHome(scratch.path, router: router, tokenURI: "http://127.0.0.1:9/token", token: .fresh)
        let secrets = scratch.appending(".secrets")
        #expect(written.directory == secrets)
        #expect(Self.mode(secrets) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: secrets).sorted()
        #expect(files == ["aws_service_role", "gmail_credentials.json", "google_token.json", "refresh_token.json"])
        for file in files { #expect(Self.mode(secrets + "/" + file) == 0o600, "\(file)") }

        #expect(try String(contentsOfFile: secrets + "/aws_service_role", encoding: .utf8) == "drydock-ops-host\n")
        #expect(written.region == "us-east-1")
        let client = try Self.json(secrets + "/gmail_credentials.json")["installed"]
        #expect(client?["token_uri"]?.stringValue == "http://127.0.0.1:9/token")
        #expect(client?["client_id"]?.stringValue == written.oauth.clientID)

        let token = try Self.json(secrets + "/google_token.json")
        let accessToken = try #require(written.accessToken)
        #expect(token["access_token"]?.stringValue == accessToken)
        #expect(token["token"]?.stringValue == accessToken)
        #expect(token["token_type"]?.stringValue == "Bearer")
        #expect(token["refresh_token"]?.stringValue == written.oauth.refreshToken)
        #expect(token["client_secret"]?.stringValue == written.oauth.clientSecret)
        #expect(token["scopes"]?.arrayValue?.count == written.oauth.scopes.count)
        let expiresAt = try #require(token["expires_at"]?.stringValue.flatMap(RFC3339.date(from:)))
        #expect(token["expiry"]?.stringValue == token["expires_at"]?.stringValue)
        #expect(expiresAt.timeIntervalSinceNow > 3000, "an hour's token")
        #expect(try Self.authority(router).validate(accessToken: accessToken).get().email == written.oauth.email)
        #expect(router.journal.count == 0, "minted without a request")
    }

    @Test("expired: the file says it expired a minute ago and the emulators refuse it as expired")
    func expired() throws {
        let scratch = try TemporaryDirectory("home-expired")
        defer { scratch.remove() }
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        let written = try Sandbox.writeHome(scratch.path, router: router, tokenURI: "http://127.0.0.1:9/token", token: .expired)
        let token = try Self.json(written.directory + "/google_token.json")
        let expiresAt = try #require(token["expires_at"]?.stringValue.flatMap(RFC3339.date(from:)))
        #expect(expiresAt.timeIntervalSinceNow < -50 && expiresAt.timeIntervalSinceNow > -70)
        let refreshedAt = try #require(token["refreshed_at"]?.stringValue.flatMap(RFC3339.date(from:)))
        #expect(refreshedAt < expiresAt)
        let accessToken = try #require(written.accessToken)
        #expect(try Self.authority(router).validate(accessToken: accessToken) == .failure(BearerRejection(.expired)))
    }

    @Test("missing: no google_token.json; an earlier run's token is removed")
    func missing() throws {
        let scratch = try TemporaryDirectory("home-missing")
        defer { scratch.remove() }
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        _ = try Sandbox.writeHome(scratch.path, router: router, tokenURI: "http://127.0.0.1:9/token", token: .fresh)
        let written = try Sandbox.writeHome(scratch.path, router: router, tokenURI: "http://127.0.0.1:9/token", token: .missing)
        #expect(written.accessToken == nil)
        #expect(!FileManager.default.fileExists(atPath: written.directory + "/google_token.json"))
    }

    @Test(".secrets that is a symbolic link is refused, not followed")
    func symlink() throws {
        let scratch = try TemporaryDirectory("home-link")
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.appending("elsewhere"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: scratch.appending("home"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: scratch.appending("home/.secrets"), withDestinationPath: scratch.appending("elsewhere"))
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        #expect {
            try Sandbox.writeHome(scratch.appending("home"), router: router, tokenURI: "http://127.0.0.1:9/token", token: .fresh)
        } throws: { error in
            "\(error)".contains("exists and is not a directory (a symbolic link is not followed)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.appending("elsewhere")).isEmpty)
    }
}
