import DrydockFixtures
import DrydockHTTP
import DrydockIsolation
import EmulatorKit
import Emulators
import Foundation
import Testing

/// The wiring `drydock exec --isolate` needs, with the real emulators: one EdgeRouter served on the
/// inside listeners (HTTP edge and IMDS), its journal receiving the resolver's refusals.
@Suite(
    "Isolated run with the emulators", .timeLimit(.minutes(1)),
    .enabled(if: IsolationSupport.available, "unshare(2) is not permitted here: needs root or unprivileged user namespaces"))
struct IsolatedEmulatorsTests {
    @Test("IMDS at 169.254.169.254 and Gmail by its real name answer inside; one journal holds them and the blocked name")
    func emulatorsInside() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        var harness = try IsolationHarness()
        defer { harness.remove() }
        harness.onBlockedName = { router.recordBlockedEgress(host: $0, via: "DNS") }
        let edge = HTTPServer(responder: router)
        let metadata = HTTPServer(responder: router)
        defer {
            edge.stop()
            metadata.stop()
        }
        let outcome = try harness.run("""
            token=$(curl -sS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)
            curl -sS -o /dev/null -w '%{http_code}\\n' -H "X-aws-ec2-metadata-token: $token" \
                http://169.254.169.254/latest/meta-data/iam/security-credentials/
            curl -sS -o /dev/null -w '%{http_code}\\n' http://gmail.googleapis.com/gmail/v1/users/me/profile
            curl -sS -o /dev/null -w '%{http_code}\\n' https://www.example.com/ 2>/dev/null || echo "refused $?"
            """) { sockets in
            try edge.start(listeningOn: #require(sockets.take(.http)))
            try metadata.start(listeningOn: #require(sockets.take(.metadata)))
        }
        #expect(outcome.termination == .exited(0))
        // curl exit 6: could not resolve host.
        #expect(outcome.output == "200\n401\n000\nrefused 6\n")
        let journal = router.journal.entries()
        #expect(journal.map(\.service) == ["imds", "imds", "gmail", "egress"])
        #expect(journal.map(\.status) == [200, 200, 401, nil])
        #expect(journal.last?.path == "www.example.com")
    }
}
