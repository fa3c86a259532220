import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// A transport that remembers, for the clock check, each answer's `Date` header beside the local time
/// it arrived; everything else passes through untouched.
public final class DateRecordingTransport: HTTPTransport {
    /// A server's `Date` and the local clock when the answer arrived.
    public struct Observation: Sendable {
        public let url: String
        public let serverDate: Date
        public let localDate: Date
        /// Server minus local, in seconds (positive: the server is ahead).
        public var skew: Double { serverDate.timeIntervalSince(localDate) }
    }

    let base: any HTTPTransport
    let clock: any WallClock
    private let observed = Mutex<[Observation]>([])

    public init(_ base: any HTTPTransport, clock: any WallClock) {
        self.base = base
        self.clock = clock
    }

    public var observations: [Observation] { observed.withLock { $0 } }

    public func send(_ request: ClientRequest) throws -> HTTPResponse {
        let started = clock.now()
        let response = try base.send(request)
        record(response, request: request, started: started)
        return response
    }

    /// The `Date` header has whole seconds: the local instant compared is the middle of the request,
    /// truncated the same way.
    private func record(_ response: HTTPResponse, request: ClientRequest, started: Date) {
        guard let text = response.headers["Date"], let server = HTTPDate.parse(text) else { return }
        let finished = clock.now()
        let middle = started.addingTimeInterval(finished.timeIntervalSince(started) / 2)
        let local = Date(timeIntervalSince1970: middle.timeIntervalSince1970.rounded(.down))
        let url = String(request.url.prefix { $0 != "?" })
        observed.withLock { $0.append(Observation(url: url, serverDate: server, localDate: local)) }
    }
}
