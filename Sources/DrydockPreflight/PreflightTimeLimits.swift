import DrydockCore
import DrydockCredentials
import DrydockHTTP
import Foundation
import Synchronization

/// The time limits of a preflight run: the whole run ends by `--timeout` (``PreflightOptions/timeout``),
/// each check by ``PreflightOptions/checkTimeout`` or what is left of the run, whichever comes first.
///
/// The limits bound the checks' network calls, which is where a host stalls (a black-holed endpoint):
/// every request the checks send goes through ``TimeLimitedTransport``, which cuts its timeout to the time
/// left and sends nothing once none is. The first request cut is remembered, so the run can report the
/// check as failed naming the endpoint and the limit; checks that need no network still run after a cut.
public final class PreflightTimeLimits: Sendable {
    /// A request the limits cut: not sent, or its answer no longer awaited.
    public struct Cut: Sendable, Equatable {
        /// `GET http://169.254.169.254/latest/api/token` (no query string: it may carry a token).
        public let request: String
        /// `the per-check limit (10 s)` or `the preflight --timeout (30 s)`.
        public let limit: String
        /// False when the request was refused before it was sent (no time was left).
        public let sent: Bool
        /// Requests of the same check refused after this one.
        public var refusedAfter = 0
    }

    private struct Running {
        let check: String
        let end: Date
        let limit: String
        var cut: Cut?
    }

    private let clock: any WallClock
    private let runEnd: Date
    private let runLimit: String
    private let checkTimeout: Double
    private let running = Mutex<Running?>(nil)

    /// Limits starting now on `clock`: `run` seconds for the whole run, `check` seconds for each check.
    public init(run: Double, check: Double, clock: any WallClock) {
        self.clock = clock
        runEnd = clock.now().addingTimeInterval(run)
        runLimit = "the preflight --timeout (\(CredentialError.seconds(run)))"
        checkTimeout = check
    }

    /// Starts `check`'s limit: its own bound, or the run's end when that comes first.
    func begin(_ check: String) {
        let ownEnd = clock.now().addingTimeInterval(checkTimeout)
        let limited = ownEnd < runEnd
            ? Running(check: check, end: ownEnd, limit: "the per-check limit (\(CredentialError.seconds(checkTimeout)))")
            : Running(check: check, end: runEnd, limit: runLimit)
        running.withLock { $0 = limited }
    }

    /// Ends the running check's limit; the first request it cut, if any.
    func finish() -> Cut? {
        running.withLock { state in
            defer { state = nil }
            return state?.cut
        }
    }

    /// The running check's limit for an AWS client's `deadline` (so it neither sends nor waits to retry past
    /// it), or the run's when no check is running.
    var callDeadline: AWSCallDeadline {
        running.withLock { state in AWSCallDeadline(state?.end ?? runEnd, name: state?.limit ?? runLimit) }
    }

    /// The timeout `request` may have (`cut` when the limit shortened it).
    /// - Throws: `HTTPClientError` `.timeout` when no time is left: the request is not sent.
    func allowance(for request: ClientRequest) throws -> (seconds: Double, cut: Bool) {
        let now = clock.now()
        let (end, limit) = running.withLock { state in (state?.end ?? runEnd, state?.limit ?? runLimit) }
        let left = end.timeIntervalSince(now)
        guard left >= AWSCallDeadline.shortestAttempt else {
            let described = Self.describe(request)
            note(Cut(request: described, limit: limit, sent: false))
            throw HTTPClientError(code: .timeout, message: "\(limit) was reached: \(described) was not sent")
        }
        guard let own = request.timeout, own <= left else { return (left, true) }
        return (own, false)
    }

    /// A request whose timeout the limit shortened timed out.
    func timedOut(_ request: ClientRequest) {
        let limit = running.withLock { $0?.limit ?? runLimit }
        note(Cut(request: Self.describe(request), limit: limit, sent: true))
    }

    private func note(_ cut: Cut) {
        running.withLock { state in
            guard state != nil else { return }
            if state?.cut == nil { state?.cut = cut } else { state?.cut?.refusedAfter += 1 }
        }
    }

    /// `METHOD url` without its query string, credentials in the URL redacted.
    static func describe(_ request: ClientRequest) -> String {
        "\(request.method) \(ParsedURL.redact(String(request.url.prefix { $0 != "?" })))"
    }

    /// The failure line of `check`, cut as `cut` says: names the check, the endpoint and the limit.
    static func failure(_ check: String, _ cut: Cut) -> PreflightResult {
        var evidence = "the \(check) check was cut by \(cut.limit): "
            + (cut.sent ? "\(cut.request) did not answer in time" : "\(cut.request) was not sent (no time left)")
        if cut.refusedAfter > 0 {
            evidence += "; \(cut.refusedAfter) later request\(cut.refusedAfter == 1 ? " was" : "s were") not sent"
        }
        let url = cut.request.split(separator: " ", maxSplits: 1).last.map(String.init) ?? cut.request
        let origin = (try? ParsedURL(url)).map { "\($0.scheme)://\($0.authority)" } ?? url
        return PreflightResult(
            check, "time limit", .fail, evidence,
            fix: "check that this host reaches \(origin) (DNS, firewall, proxy): the jobs would stall on it "
                + "too; if it is only slow, raise --timeout")
    }
}

/// A transport whose requests end within the running check's time limit (see ``PreflightTimeLimits``).
struct TimeLimitedTransport: HTTPTransport {
    let base: any HTTPTransport
    let limits: PreflightTimeLimits

    func send(_ request: ClientRequest) throws -> HTTPResponse {
        var limited = request
        let allowance = try limits.allowance(for: request)
        limited.timeout = allowance.seconds
        do {
            return try base.send(limited)
        } catch let error as HTTPClientError where error.code == .timeout && allowance.cut {
            limits.timedOut(request)
            throw error
        }
    }
}
