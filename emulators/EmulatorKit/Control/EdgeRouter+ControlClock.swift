import DrydockCore
import DrydockHTTP

extension EdgeRouter {
    /// The largest single advance (about 31 years) and total offset (about 3,000 years): beyond them dates
    /// stop being printable as RFC 3339.
    static let maximumAdvance = 1e9
    static let maximumOffset = 1e11

    /// `POST /_drydock/clock/advance` `{"seconds": 3600}`
    func advanceClock(_ request: HTTPRequest) throws(ControlError) -> HTTPResponse {
        let json = try Self.parseBody(request)
        do throws(JSONInputError) {
            let reader = try JSONObjectReader(json, path: "")
            try reader.rejectUnknownFields(allowed: ["seconds"], owner: "a clock advance")
            let expectation = "a non-negative number of seconds (at most \(Int(Self.maximumAdvance)))"
            let seconds = try reader.required(
                "seconds", reader.double("seconds", 0...Self.maximumAdvance, expectation), expectation)
            guard clock.advancedSeconds + seconds <= Self.maximumOffset else {
                throw JSONInputError(path: "seconds", reason: "would move the clock more than \(Int(Self.maximumOffset)) seconds ahead; reset it first")
            }
            clock.advance(seconds: seconds)
        } catch {
            throw .badRequest(error)
        }
        runDueWork()
        return clockResponse()
    }

    /// `{"now": "2026-11-26T16:04:05Z", "advancedSeconds": 3600}`
    func clockResponse() -> HTTPResponse {
        .edgeJSON(200, ["now": .string(RFC3339.string(from: clock.now())), "advancedSeconds": .number(clock.advancedSeconds)])
    }
}
