import DrydockCore
import EmulatorKit
import Foundation

/// Everything `fixtures/<set>/oauth/clients.json` declares: the registered clients and the refresh
/// tokens their users granted. Immutable; runtime state (issued and revoked tokens) lives in
/// `GoogleTokenAuthority`.
public struct OAuthFixtureSet: Sendable, Equatable {
    public var clients: [OAuthClient]

    public init(clients: [OAuthClient]) { self.clients = clients }

    /// The client with this id, if registered.
    public func client(id: String) -> OAuthClient? { clients.first { $0.clientID == id } }

    /// The refresh token with this value and the client it was granted to.
    public func refreshToken(_ token: String) -> (client: OAuthClient, record: RefreshTokenRecord)? {
        for client in clients {
            if let record = client.refreshTokens.first(where: { $0.token == token }) { return (client, record) }
        }
        return nil
    }

    /// Parses a clients.json document. `loadTime` is what `issued_at_offset_seconds` counts from and
    /// the default `issued_at`. Errors name the JSON path (`clients[0].refresh_tokens[1].scopes`).
    public static func parse(_ document: JSONValue, loadTime: Date) throws(OAuthFixtureParseError) -> OAuthFixtureSet {
        var reader = FixtureReader(loadTime: loadTime)
        return try reader.readSet(document)
    }

    /// Loads `<fixturesDirectory>/oauth/clients.json`. Errors name the file and the line and column.
    public static func load(fixturesDirectory: String, loadTime: Date) throws(FixtureError) -> OAuthFixtureSet {
        let path = OAuthFixtures.clientsFile(in: fixturesDirectory)
        let document = try FixtureFile.loadJSON(path)
        do {
            return try parse(document, loadTime: loadTime)
        } catch {
            throw error.fixtureError(file: path)
        }
    }
}

/// A clients.json document that parsed as JSON but does not describe valid clients.
public struct OAuthFixtureParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the document: `["clients", 0, "client_id"]`.
    public let path: [JSONPathComponent]
    public let reason: String

    public init(path: [JSONPathComponent], reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `clients[0].refresh_tokens[1].scopes`, or `(document)` for the top level.
    public var pathText: String { JSONPathComponent.render(path) }

    public var description: String { "\(pathText): \(reason)" }

    /// The error as a `FixtureError` on `file`, with the line and column of the offending value.
    public func fixtureError(file: String) -> FixtureError {
        var location = ""
        if let data = FileManager.default.contents(atPath: file),
           let position = JSONLocator(bytes: Array(data)).position(of: path) {
            location = "line \(position.line), column \(position.column): "
        }
        return FixtureError(path: file, reason: location + description)
    }
}
