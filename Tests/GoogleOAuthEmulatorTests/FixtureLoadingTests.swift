import DrydockCore
import EmulatorKit
import Foundation
import GmailEmulator
import GoogleOAuthEmulator
import Testing

@Suite struct FixtureLoadingTests {
    /// A fixture set in a fresh temporary directory, with `clients` as oauth/clients.json.
    func fixtureSet(clients: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-oauth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("oauth"), withIntermediateDirectories: true)
        try clients.write(to: directory.appendingPathComponent("oauth/clients.json"), atomically: true, encoding: .utf8)
        return directory.path
    }

    func loadError(_ clients: String) throws -> FixtureError {
        let directory = try fixtureSet(clients: clients)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try OAuthFixtureSet.load(fixturesDirectory: directory, loadTime: Date())
        } catch {
            return error
        }
        throw HarnessError(message: "expected a fixture error")
    }

    @Test func defaultFixturesLoad() throws {
        let set = try OAuthFixtureSet.load(fixturesDirectory: Harness.defaultFixtures, loadTime: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(set.clients.map(\.publishingStatus) == [.production, .testing, .production])
        #expect(set.clients[1].refreshTokens[0].issuedAt == Date(timeIntervalSince1970: 1_800_000_000 - 691_200))
        let tokens = set.clients.flatMap(\.refreshTokens)
        #expect(tokens.allSatisfy { $0.token.hasPrefix("1//0") })
        #expect(set.clients.allSatisfy { $0.clientSecret.hasPrefix("GOCSPX-") && $0.clientSecret.count == 35 })
        #expect(tokens.filter(\.revoked).count == 1)
        #expect(try GmailProfile.load(fixturesDirectory: Harness.defaultFixtures).count == 2)
    }

    @Test func sandboxSecretsMatchTheFirstLiveGrant() throws {
        let secrets = try OAuthFixtures.sandboxSecrets(fixturesDirectory: Harness.defaultFixtures, baseURL: "http://127.0.0.1:8080")
        #expect(secrets == OAuthSandboxSecrets(
            clientID: Demo.clientID, clientSecret: Demo.clientSecret, refreshToken: Demo.refreshToken,
            scopes: Demo.scopes.split(separator: " ").map(String.init), email: Demo.email,
            tokenURI: "http://127.0.0.1:8080/token"))
    }

    @Test func syntaxErrorsNameTheFileLineAndColumn() throws {
        let error = try loadError("{\n  \"clients\": [\n    {\"client_id\": \"a\",}\n  ]\n}\n")
        #expect(error.path.hasSuffix("/oauth/clients.json"))
        #expect(error.description.contains("line 3, column 23"))
    }

    @Test func semanticErrorsNameTheFileLineColumnAndPath() throws {
        let error = try loadError("""
        {
          "clients": [
            {
              "client_id": "a.apps.googleusercontent.com",
              "client_secret": "GOCSPX-a",
              "refresh_tokens": [
                {"refresh_token": "1//0a", "email": "a@b.example", "scopes": ["x"]},
                {"refresh_token": "1//0b", "email": "a@b.example", "scopes": 42}
              ]
            }
          ]
        }
        """)
        #expect(error.path.hasSuffix("/oauth/clients.json"))
        #expect(error.reason.hasPrefix("line 8, column 70: clients[0].refresh_tokens[1].scopes: expected an array of scope strings"))
    }

    @Test(arguments: [
        (#"{"clients": [{"client_id": "a", "client_secret": "s", "publishing_status": "beta"}]}"#,
         #"clients[0].publishing_status: expected "production" or "testing", found "beta""#),
        (#"{"clients": [{"client_id": "a", "client_secret": "s", "secret": "x"}]}"#,
         #"clients[0].secret: unknown member "secret""#),
        (#"{"clients": [{"client_secret": "s"}]}"#, #"clients[0]: missing member "client_id""#),
        (#"{"clients": [{"client_id": "a", "client_secret": "s"}, {"client_id": "a", "client_secret": "t"}]}"#,
         #"clients[1].client_id: duplicate client_id "a""#),
        (#"{"clients": [{"client_id": "a", "client_secret": "s", "refresh_tokens": [{"refresh_token": "1//0a", "email": "e", "scopes": "x", "issued_at": "yesterday"}]}]}"#,
         "clients[0].refresh_tokens[0].issued_at: expected an RFC 3339 timestamp"),
        (#"{"clients": [{"client_id": "a", "client_secret": "s", "access_token_lifetime_seconds": -5}]}"#,
         "clients[0].access_token_lifetime_seconds: expected a positive whole number of seconds"),
        (#"{"clients": {}}"#, "clients: expected an array of clients, found object"),
        (#"[]"#, "(document): expected an object, found array"),
    ])
    func invalidFixturesAreRejectedWithThePath(json: String, expected: String) throws {
        let error = try loadError(json)
        #expect(error.reason.contains(expected), "\(error)")
        #expect(error.reason.hasPrefix("line 1, column "), "\(error)")
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: FixtureError.self) {
            _ = try OAuthFixtureSet.load(fixturesDirectory: "/nonexistent/drydock", loadTime: Date())
        }
        do {
            _ = try OAuthFixtureSet.load(fixturesDirectory: "/nonexistent/drydock", loadTime: Date())
        } catch {
            #expect(error.path == "/nonexistent/drydock/oauth/clients.json")
        }
    }

    @Test func scopesMayBeASpaceSeparatedStringAndIssuedAtAbsolute() throws {
        let directory = try fixtureSet(clients: """
        {"access_token_lifetime_seconds": 600, "clients": [{"client_id": "a", "client_secret": "s", "publishing_status": "testing",
          "refresh_tokens": [{"refresh_token": "1//0a", "email": "e@x.example", "scopes": "openid  email", "issued_at": "2026-11-01T09:00:00Z"}]}]}
        """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let set = try OAuthFixtureSet.load(fixturesDirectory: directory, loadTime: Date())
        let client = set.clients[0]
        #expect(client.accessTokenLifetimeSeconds == 600)
        #expect(client.refreshTokens[0].scopes == ["openid", "email"])
        #expect(client.refreshTokens[0].issuedAt == RFC3339.date(from: "2026-11-01T09:00:00Z"))
        // Sign-in-only grants are exempt from the testing-status 7-day expiry.
        let authority = GoogleTokenAuthority(fixtures: set, clock: VirtualClockFactory.make())
        #expect(authority.refreshTokenExpiry(client.refreshTokens[0], client: client) == nil)
    }
}
