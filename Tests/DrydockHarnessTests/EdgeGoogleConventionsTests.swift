import DrydockCore
import DrydockFixtures
import DrydockHTTP
import EmulatorKit
import Emulators
import Testing

/// The edge `drydock emulators serve` builds puts Gmail and Sheets behind Google's conventions: the
/// batch endpoints are routed (they were the edge's own JSON 404), and a fault rule can name `batch`.
@Suite struct EdgeGoogleConventionsTests {
    @Test func batchPathsReachTheGoogleAPIs() throws {
        let router = try EmulatorSuite.makeRouter(fixturesDirectory: DrydockFixtures.defaultDirectory)
        let sheetsPart = "--b\r\nContent-Type: application/http\r\n\r\nGET /v4/spreadsheets/x HTTP/1.1\r\n\r\n--b--\r\n"
        let gmailPart = "--b\r\nContent-Type: application/http\r\n\r\nGET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n--b--\r\n"
        for (path, body, service) in [("/batch", gmailPart, "gmail"), ("/batch", sheetsPart, "sheets"),
                                      ("/batch/gmail/v1", sheetsPart, "gmail"), ("/batch/sheets/v4", gmailPart, "sheets")] {
            let response = router.respond(to: HTTPRequest(method: "POST", target: path, headers: ["Content-Type": "multipart/mixed; boundary=b"], body: Array(body.utf8)))
            #expect(response.status == 200, "\(path) \(service)")
            #expect(response.headers["Content-Type"]?.hasPrefix("multipart/mixed; boundary=batch_") == true)
            #expect(router.journal.entries().last?.service == service)
            #expect(router.journal.entries().last?.operation == "batch")
        }
        // A GET on a batch path is Google's HTML 404, not the edge's JSON one.
        let get = router.respond(to: HTTPRequest(method: "GET", target: "/batch/gmail/v1"))
        #expect(get.status == 404)
        #expect(get.headers["Content-Type"] == "text/html; charset=UTF-8")
    }
}
