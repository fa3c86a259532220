import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import GoogleOAuthEmulator
import Testing

enum VirtualClockFactory {
    static func make() -> VirtualClock { VirtualClock(base: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))) }
}

@Suite struct AuthorityTests {
    @Test func validatesIssuedTokensUntilTheyExpire() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let grant = try harness.authority.validate(accessToken: token).get()
        #expect(grant.clientID == Demo.clientID)
        #expect(grant.email == Demo.email)
        #expect(grant.scopes.joined(separator: " ") == Demo.scopes)
        #expect(grant.refreshToken == Demo.refreshToken)

        harness.clock.advance(seconds: 3598)
        #expect((try? harness.authority.validate(accessToken: token).get()) != nil)
        harness.clock.advance(seconds: 1)
        #expect(harness.authority.validate(accessToken: token) == .failure(BearerRejection(.expired)))
    }

    @Test func unknownAndMissingCredentials() throws {
        let harness = try Harness()
        #expect(harness.authority.validate(accessToken: "ya29.forged") == .failure(BearerRejection(.unknown)))
        #expect(harness.authority.authorize(HTTPRequest(method: "GET", target: "/x")) == .failure(BearerRejection(.missing)))
        #expect(harness.authority.authorize(HTTPRequest(method: "GET", target: "/x", headers: ["Authorization": "Basic abc"]))
                == .failure(BearerRejection(.malformed)))
    }

    @Test func findsTokensInTheHeaderOrTheQuery() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        let header = harness.authority.authorize(HTTPRequest(method: "GET", target: "/x", headers: ["Authorization": "bearer " + token]))
        #expect((try? header.get())?.accessToken == token)
        let query = harness.authority.authorize(HTTPRequest(method: "GET", target: "/x?access_token=" + token))
        #expect((try? query.get())?.accessToken == token)
        let oauthToken = harness.authority.authorize(HTTPRequest(method: "GET", target: "/x?oauth_token=" + token))
        #expect((try? oauthToken.get())?.accessToken == token)
        let empty = harness.authority.authorize(HTTPRequest(method: "GET", target: "/x?oauth_token="))
        #expect(empty == .failure(BearerRejection(.missing)))
    }

    @Test func expireIssuedTokensExpiresEveryTokenButNotRefreshTokens() throws {
        let harness = try Harness()
        let first = try harness.accessToken()
        let second = try harness.accessToken(Demo.readonlyRefreshToken)
        harness.oauth.expireIssuedTokens()
        #expect(harness.authority.validate(accessToken: first) == .failure(BearerRejection(.expired)))
        #expect(harness.authority.validate(accessToken: second) == .failure(BearerRejection(.expired)))
        let fresh = try harness.accessToken()
        #expect((try? harness.authority.validate(accessToken: fresh).get()) != nil)
    }

    @Test func resetForgetsTokensAndUndoesRevocations() throws {
        let harness = try Harness()
        let token = try harness.accessToken()
        #expect(harness.authority.revoke(Demo.refreshToken))
        #expect(harness.refresh().status == 400)

        harness.oauth.reset()
        #expect(harness.authority.issuedTokens.isEmpty)
        #expect(harness.authority.validate(accessToken: token) == .failure(BearerRejection(.unknown)))
        #expect(harness.refresh().status == 200)
        // Revocations that are part of the fixtures stay.
        #expect(harness.refresh(Demo.revokedRefreshToken).status == 400)
    }

    @Test func seededGeneratorsRepeat() {
        let a = AccessTokenGenerator.seeded(7)
        let b = AccessTokenGenerator.seeded(7)
        #expect(a.next() == b.next())
        #expect(a.next() != AccessTokenGenerator.seeded(8).next())
        #expect(AccessTokenGenerator.system.next() != AccessTokenGenerator.system.next())
    }

    @Test func concurrentRefreshesAreSafe() async throws {
        let harness = try Harness()
        let authority = harness.authority
        let client = try #require(authority.fixtures.client(id: Demo.clientID))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    let grant = try? authority.refresh(Demo.refreshToken, client: client).get().grant
                    if let grant { _ = authority.validate(accessToken: grant.accessToken) }
                }
            }
        }
        #expect(authority.issuedTokens.count == 64)
        #expect(Set(authority.issuedTokens.map(\.accessToken)).count == 64)
    }
}
