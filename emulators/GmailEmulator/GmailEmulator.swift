import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation
import GoogleOAuthEmulator
import Synchronization

/// The Gmail API (`gmail.googleapis.com/gmail/v1/…`), offline: every method of Gmail v1 but
/// `settings.*` and `cse.*` (see `GmailMethods.swift`), over mailboxes loaded from `.eml` fixtures.
/// Every write goes through one mailbox model (`Mailbox.apply` via `write`), which `--data-dir`
/// persists (`GmailDataStore`).
///
/// Bearer tokens are checked against the shared `GoogleTokenAuthority`, so only tokens the OAuth
/// emulator issued work, with Google's exact 401 and 403 answers otherwise; each method accepts the
/// scopes Gmail's discovery document lists for it. Unknown paths get Google's HTML 404 page.
/// Thread-safe: mailboxes are values swapped under one lock.
public final class GmailEmulator: ServiceEmulator {
    public let service = "gmail"
    public let authority: GoogleTokenAuthority
    let profiles: [String: GmailProfile]
    /// Leaf bodies larger than this are served through `attachments.get` instead of inline `data`.
    let inlineLimit: Int
    /// The most a mailbox's messages may take, in bytes (their `sizeEstimate`s, fixtures included):
    /// a send past it is refused with `GmailError.storageQuotaExceeded`.
    let mailboxQuotaBytes: Int
    /// The mailboxes as loaded, for `reset()`.
    let loadedMailboxes: [String: Mailbox]
    let state: Mutex<State>
    /// The data directory's log, nil when the mailboxes live in memory only.
    let dataStore: GmailDataStore?
    /// Builds the mailboxes' text indexes in the background (see `GmailEmulator+TextIndex.swift`).
    let textIndexer: TextIndexer
    /// How long a text search waits for the background text index before indexing a copy of the
    /// mailbox itself: 120 s (100,000 messages take about 8 s of one core).
    let textIndexWait: TimeInterval
    /// The text index of each of `loadedMailboxes`, once the background indexer built it from the
    /// mailbox as loaded: `reset` puts it back with the mailbox instead of indexing it again.
    let loadedText = Mutex<[String: MailboxIndex.TextIndex]>([:])

    struct State {
        var mailboxes: [String: Mailbox]
        /// Low bits of ids minted by sends.
        var sendSequence: UInt64 = 0
        /// Open resumable uploads by upload id.
        var uploads: [String: ResumableUpload] = [:]
        var uploadSequence: UInt64 = 0
        /// Counts resets: a text index built for the mailboxes of an earlier generation is dropped.
        var generation: UInt64 = 0
    }

    /// The default `inlineLimit`: 1 MiB (Gmail's own threshold is not documented; text bodies of
    /// ordinary mail are always inline).
    public static let defaultInlineLimit = 1 << 20

    /// The default `mailboxQuotaBytes`: 32 MiB, some 30,000 one-kilobyte messages. Gmail's real quota
    /// is the account's Google storage (15 GB free); the emulator keeps mail in memory (about 3.7 KB
    /// per sent 1 KB message), so its default bounds what a runaway test can make it hold.
    public static let defaultMailboxQuotaBytes = 32 << 20

    /// - Parameters:
    ///   - profiles: `getProfile` answers for accounts without a mailbox (and history ids for those with one).
    ///   - textIndexWait: how long a text search waits for the background text index.
    ///   - beforeTextBatch: called by the background indexer before each batch (tests hold it there).
    init(authority: GoogleTokenAuthority, profiles: [GmailProfile], mailboxes: [String: Mailbox], inlineLimit: Int,
         mailboxQuotaBytes: Int = GmailEmulator.defaultMailboxQuotaBytes, dataStore: GmailDataStore? = nil,
         textIndexWait: TimeInterval = 120, beforeTextBatch: (@Sendable (String, Int) -> Void)? = nil) {
        textIndexer = TextIndexer(beforeBatch: beforeTextBatch)
        self.textIndexWait = textIndexWait
        self.authority = authority
        self.dataStore = dataStore
        self.mailboxQuotaBytes = mailboxQuotaBytes
        var byEmail: [String: GmailProfile] = [:]
        for profile in profiles { byEmail[profile.emailAddress.lowercased()] = profile }
        self.profiles = byEmail
        self.inlineLimit = inlineLimit
        loadedMailboxes = mailboxes
        state = Mutex(State(mailboxes: mailboxes))
        if !mailboxes.isEmpty { startIndexingText() }
    }

    /// An emulator with no mailboxes: every account's mailbox is empty unless `profiles` says otherwise.
    public convenience init(authority: GoogleTokenAuthority, profiles: [GmailProfile] = [],
                            mailboxQuotaBytes: Int = GmailEmulator.defaultMailboxQuotaBytes) {
        self.init(authority: authority, profiles: profiles, mailboxes: [:], inlineLimit: Self.defaultInlineLimit,
                  mailboxQuotaBytes: mailboxQuotaBytes)
    }

    /// A Gmail emulator over `<fixturesDirectory>/gmail/`: `profiles.json` and one directory of `.eml`
    /// files per account (see `MailboxLoader`), sharing `authority` with the OAuth emulator.
    public convenience init(fixturesDirectory: String, authority: GoogleTokenAuthority, inlineLimit: Int = GmailEmulator.defaultInlineLimit,
                            mailboxQuotaBytes: Int = GmailEmulator.defaultMailboxQuotaBytes) throws(FixtureError) {
        let profiles = try GmailProfile.load(fixturesDirectory: fixturesDirectory)
        var byEmail: [String: GmailProfile] = [:]
        for profile in profiles { byEmail[profile.emailAddress.lowercased()] = profile }
        let mailboxes = try MailboxLoader.loadAll(fixturesDirectory: fixturesDirectory, profiles: byEmail)
        self.init(authority: authority, profiles: profiles, mailboxes: mailboxes, inlineLimit: inlineLimit, mailboxQuotaBytes: mailboxQuotaBytes)
    }

    /// A Gmail emulator over the fixtures whose state `dataDirectory` keeps across restarts: its newest
    /// snapshot (else the fixtures) with its log replayed, and every write logged before it is answered
    /// (see `GmailDataStore`).
    ///
    /// - Throws: `FixtureError` for bad fixtures, `DataDirectoryError` for a data directory that cannot
    ///   be used or replayed.
    /// - Parameter compactionThreshold: log bytes past which the state becomes a new snapshot (16 MiB).
    public convenience init(fixturesDirectory: String, authority: GoogleTokenAuthority, dataDirectory: String,
                            inlineLimit: Int = GmailEmulator.defaultInlineLimit,
                            mailboxQuotaBytes: Int = GmailEmulator.defaultMailboxQuotaBytes,
                            compactionThreshold: Int = 16 << 20) throws {
        let profiles = try GmailProfile.load(fixturesDirectory: fixturesDirectory)
        var byEmail: [String: GmailProfile] = [:]
        for profile in profiles { byEmail[profile.emailAddress.lowercased()] = profile }
        let (store, recovered) = try GmailDataStore.open(path: dataDirectory, compactionThreshold: compactionThreshold)
        var mailboxes = try recovered.snapshot.map { try GmailSnapshot.mailboxes($0, path: dataDirectory) }
            ?? MailboxLoader.loadAll(fixturesDirectory: fixturesDirectory, profiles: byEmail)
        try GmailSnapshot.replay(recovered.records, onto: &mailboxes, path: dataDirectory) { key, address in
            Mailbox(address: address, userLabels: [], messages: [], historyId: byEmail[key].flatMap { UInt64($0.historyId) } ?? 1000)
        }
        self.init(authority: authority, profiles: profiles, mailboxes: mailboxes, inlineLimit: inlineLimit,
                  mailboxQuotaBytes: mailboxQuotaBytes, dataStore: store)
    }

    static let serviceName = "gmail.googleapis.com"

    public func claims(_ request: HTTPRequest) -> Bool {
        let path = request.rawPath
        return path.hasPrefix(GmailRoute.prefix) || path == "/gmail/v1" || path.hasPrefix(GmailRoute.uploadPrefix)
            || path.hasPrefix(GmailRoute.resumablePrefix)
    }

    public func operation(for request: HTTPRequest) -> String {
        GmailRoute(request, methods: Self.methods)?.method.id ?? "unknown"
    }

    public var knownOperations: [String] { Self.operationIDs }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let route = GmailRoute(request, methods: Self.methods) else { return GoogleErrorPage.notFound(path: request.path) }
        // A resumable session's requests carry no credentials of their own: the upload id is one.
        if route.method.upload, let uploadID = request.query("upload_id") { return continueUpload(request, uploadID: uploadID) }
        guard !route.method.sessionOnly else { return GoogleErrorPage.notFound(path: request.path) }
        let grant: GoogleGrant
        switch authorize(request, for: route.method) {
        case .success(let granted): grant = granted
        case .failure(let error): return error.response(for: request)
        }
        let result: Result<HTTPResponse, GmailError>
        switch checkUser(route.parameters["userId"], grant: grant) {
        case .failure(let error):
            result = .failure(GmailError(error))
        case .success(let email):
            result = run(GmailCall(request: request, route: route, grant: grant, email: email.lowercased()))
        }
        switch result {
        case .success(let response): return response
        case .failure(let error): return error.response(for: request)
        }
    }

    /// Gmail's error for an injected status, honouring `prettyPrint`: the per-user quota error for
    /// 403, `RESOURCE_EXHAUSTED` for 429, Google's canonical error otherwise (see `GmailFaults`).
    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        errorResponse(status: status, reason: nil, for: request)
    }

    /// Gmail's error for an injected status and reason: 403 and 429 have a `rateLimitExceeded` (the
    /// default) and a `userRateLimitExceeded` body; any other reason is Google's canonical error for the
    /// status carrying that reason (see `GmailFaults`).
    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        let client = (try? authority.authorize(request).get())?.clientID ?? ""
        let number = client.prefix { $0.isNumber }
        return GmailFaults.response(
            status: status, reason: reason, request: request,
            projectNumber: number.isEmpty ? "1234567890" : String(number), now: authority.clock.now())
    }

    /// Back to the mailboxes as loaded: every change since is dropped (with a data directory, the
    /// loaded state becomes its new snapshot). Issued tokens are reset by the OAuth emulator.
    /// The loaded mailboxes keep the text index built for them (`loadedText`): only one
    /// not indexed yet is indexed again.
    public func reset() {
        var mailboxes = loadedMailboxes
        for (email, text) in loadedText.withLock({ $0 }) { mailboxes[email]?.setTextIndex(text) }
        state.withLock { state in
            state = State(mailboxes: mailboxes, generation: state.generation + 1)
            try? dataStore?.startGeneration(GmailSnapshot.files(loadedMailboxes))
        }
        // Big mailboxes without their text index are indexed at once; small ones when a text search
        // asks (milliseconds), so resetting often (tests, the fault-rules fuzzer) does not start a
        // thread every time.
        if mailboxes.values.contains(where: { !$0.index.hasText && $0.index.slotCount >= 1_000 }) { startIndexingText() }
    }

    /// `GMAIL_API_ENDPOINT=<base>`: clients append `/gmail/v1/…`.
    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return [(name: "GMAIL_API_ENDPOINT", value: base)]
    }

    /// A snapshot of `email`'s mailbox (nil when the account has none).
    func mailbox(_ email: String) -> Mailbox? {
        state.withLock { $0.mailboxes[email] }
    }
}

/// One authorized call: the request, its route, the caller's grant and mailbox address (lowercased).
struct GmailCall {
    let request: HTTPRequest
    let route: GmailRoute
    let grant: GoogleGrant
    let email: String

    /// The response for a JSON body, honouring `prettyPrint`.
    func json(_ body: JSONValue) -> HTTPResponse {
        GoogleAPIResponse.json(200, body, prettyPrint: GoogleAPIResponse.prettyPrint(for: request))
    }

    /// Whether the token carries `gmail.metadata`. Gmail applies that scope's limits (no `q`, no
    /// `format=full|raw`) whenever the token holds it, even alongside broader scopes: a long-standing
    /// quirk (googleapis/google-api-python-client#582, googleworkspace/cli#200).
    var metadataRestricted: Bool { grant.scopes.contains(GmailScope.metadata) }
}
