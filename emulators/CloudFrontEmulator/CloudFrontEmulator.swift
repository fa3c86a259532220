import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation
import IMDSEmulator
import Synchronization

/// Amazon CloudFront's API (REST XML, version 2020-05-31, SigV4 service `cloudfront` in `us-east-1`),
/// offline: GetDistribution, ListDistributions, CreateInvalidation, GetInvalidation, ListInvalidations.
///
/// - Distributions come from fixtures (`cloudfront/distributions.json`, see `CloudFrontFixtures`) and are
///   read-only.
/// - An invalidation is `InProgress` for `completionDelay` seconds of the virtual clock after it was
///   created, then `Completed` (advance the clock through `POST /_drydock/clock/advance` to finish one;
///   a clock that does not move leaves it in progress for ever, which is how tests stall one).
/// - CloudFront's limits per distribution: 3,000 file paths and 15 wildcard paths in progress
///   (`TooManyInvalidationsInProgress`), 3,000 paths in one batch (`BatchTooLarge`).
/// - Thread-safe: all state is one value behind one lock.
public final class CloudFrontEmulator: ServiceEmulator {
    public let service = "cloudfront"
    /// Seconds an invalidation stays InProgress on the virtual clock (real ones take minutes; one
    /// minute keeps `aws cloudfront wait invalidation-completed`, which polls every 20 s, short).
    public static let defaultCompletionDelay: Double = 60
    static let maxPathsInProgress = 3_000
    static let maxWildcardsInProgress = 15
    static let maxPathBytes = 4_096

    let clock: WallClock
    let completionDelay: Double
    let authenticator: CloudFrontAuthenticator
    let distributions: [String: CloudFrontDistribution]
    let state: Mutex<State>
    /// The data directory's log (`--data-dir`); nil keeps the invalidations in memory only.
    let store: CloudFrontDataStore?

    struct State {
        /// Per distribution, newest first (as ListInvalidations answers).
        var invalidations: [String: [CloudFrontInvalidation]] = [:]
        var requestSequence: UInt64 = 0
    }

    /// An emulator over `<fixturesDirectory>/cloudfront/`, accepting the keys of
    /// `cloudfront/credentials.json`, `staticKeys`, and every key `authority` (the IMDS emulator's) issued.
    ///
    /// With `dataDirectory`, invalidations live in `<dataDirectory>/cloudfront` (see
    /// `CloudFrontDataStore`): each is durable before CreateInvalidation answers, and a restart (after
    /// SIGKILL too) finds every acknowledged one with its creation time.
    public init(
        fixturesDirectory: String, clock: WallClock, authority: IMDSCredentialAuthority?, staticKeys: [String: String] = [:],
        completionDelay: Double = CloudFrontEmulator.defaultCompletionDelay, dataDirectory: String? = nil
    ) throws(FixtureError) {
        self.clock = clock
        self.completionDelay = completionDelay
        distributions = try CloudFrontFixtures.distributions(fixturesDirectory: fixturesDirectory, now: clock.now())
        let keys = try CloudFrontFixtures.staticKeys(fixturesDirectory: fixturesDirectory).merging(staticKeys) { $1 }
        authenticator = CloudFrontAuthenticator(staticKeys: keys, authority: authority)
        var initial = State()
        if let dataDirectory {
            let path = (dataDirectory as NSString).appendingPathComponent("cloudfront")
            do {
                let (opened, invalidations) = try CloudFrontDataStore.open(path: path)
                for invalidation in invalidations {
                    initial.invalidations[invalidation.distributionID, default: []].insert(invalidation, at: 0)
                }
                store = opened
            } catch {
                throw FixtureError(path: path, reason: "CloudFront data cannot be used: \(error)")
            }
        } else {
            store = nil
        }
        state = Mutex(initial)
    }

    /// Requests signed for `cloudfront`; unsigned ones under `/2020-05-31/distribution` (so they get
    /// CloudFront's own MissingAuthenticationToken). A request signed for another service is never
    /// CloudFront's, whatever its path (an S3 bucket may be named `2020-05-31`).
    public func claims(_ request: HTTPRequest) -> Bool {
        if let authorization = request.headers["Authorization"] { return SigV4Authorization.isScoped(authorization, toService: "cloudfront") }
        if let credential = request.query("X-Amz-Credential") { return credential.hasSuffix("/cloudfront/aws4_request") }
        return request.rawPath.hasPrefix(CloudFrontRoute.version + "distribution")
    }

    public func operation(for request: HTTPRequest) -> String {
        CloudFrontRoute(method: request.method, path: request.path)?.operation ?? "unknown"
    }

    public var knownOperations: [String] { CloudFrontRoute.known }

    /// CloudFront is global; its requests are signed for us-east-1.
    public func region(of request: HTTPRequest) -> String? { "us-east-1" }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let requestID = nextRequestID()
        do throws(CloudFrontError) {
            let now = clock.now()
            try authenticator.authenticate(request, now: now)
            guard let route = CloudFrontRoute(method: request.method, path: request.path) else { throw CloudFrontError.unknownOperation }
            return try answer(route, request: request, now: now, requestID: requestID)
        } catch {
            return error.response(requestID: requestID, method: request.method)
        }
    }

    private func answer(_ route: CloudFrontRoute, request: HTTPRequest, now: Date, requestID: String) throws(CloudFrontError) -> HTTPResponse {
        switch route {
        case .listDistributions: return try listDistributions(request, requestID: requestID)
        case .getDistribution(let id): return try getDistribution(id, now: now, requestID: requestID)
        case .createInvalidation(let id): return try createInvalidation(id, request: request, now: now, requestID: requestID)
        case .listInvalidations(let id): return try listInvalidations(id, request: request, now: now, requestID: requestID)
        case .getInvalidation(let distributionID, let id): return try getInvalidation(id, of: distributionID, now: now, requestID: requestID)
        }
    }

    /// Back to the fixtures' distributions with no invalidations (and, with a data directory, an empty log).
    public func reset() {
        state.withLock { state in
            state.invalidations = [:]
            do { try store?.empty() } catch {
                FileHandle.standardError.write(Data("cloudfront: reset not persisted: \(error)\n".utf8))
            }
        }
    }

    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        [("AWS_ENDPOINT_URL_CLOUDFRONT", baseURL)]
    }

    /// A request id in CloudFront's shape (a UUID), from a per-emulator sequence.
    func nextRequestID() -> String {
        let sequence = state.withLock { state in
            state.requestSequence += 1
            return state.requestSequence
        }
        let hex = String(sequence, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return "00000000-0000-4000-8000-" + padded.suffix(12)
    }

    func distribution(_ id: String) throws(CloudFrontError) -> CloudFrontDistribution {
        guard let distribution = distributions[id] else { throw CloudFrontError.noSuchDistribution }
        return distribution
    }

    /// Invalidations of `distributionID` still in progress at `now`.
    func inProgress(_ state: State, distributionID: String, now: Date) -> [CloudFrontInvalidation] {
        (state.invalidations[distributionID] ?? []).filter { $0.status(now: now, delay: completionDelay) == "InProgress" }
    }
}
