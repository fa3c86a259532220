import DrydockCore
import Foundation
import Testing

@Suite struct RFC3339Tests {
    @Test(arguments: ["2026-09-31T00:00:00Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-09-01", "2026-09-01T00:00:00", "x"])
    func rejects(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test func parsesOffsetsFractionsAndLeapDays() throws {
        #expect(RFC3339.date(from: "2028-02-29T12:00:00Z") == Date(timeIntervalSince1970: 1_835_438_400))
        #expect(RFC3339.date(from: "2026-11-26T10:00:00.5-05:00") == Date(timeIntervalSince1970: 1_795_705_200.5))
        let date = try #require(RFC3339.date(from: "2026-11-26T15:04:05Z"))
        #expect(RFC3339.string(from: date) == "2026-11-26T15:04:05Z")
    }
}
