import DrydockCore
import DrydockCredentials
import DrydockHTTP
import Foundation

/// The token shared by several hosts through AWS Secrets Manager, refreshed by one host at a time under a
/// DynamoDB lease (``RefreshLease``).
///
/// ``TokenRefresher`` calls ``refresh(_:)`` holding the host's `flock`, so one process per host talks to
/// AWS. The steps:
/// 1. Read the secret's `AWSCURRENT`: a usable token that is not the one that failed (another host
///    refreshed) is adopted — written to this host's cache file — and nothing is sent to Google.
/// 2. Take the lease (conditional write). The winner reads the secret once more (a host may have stored
///    and released in between), runs the grant, confirms the lease is still its own under its fencing
///    number, and stores the token: `PutSecretValue` under a pending label, then AWSCURRENT moved to it
///    with `UpdateSecretVersionStage` only from the version it last read (a compare-and-swap Secrets
///    Manager enforces). It writes its cache file and releases the lease. A holder whose lease lapsed, or
///    whose swap is refused, makes nothing current: it adopts the newer shared token, or keeps its own on
///    this host only.
/// 3. A loser polls the secret with backoff — one AWS call per wait step — until a newer token appears, and
///    takes the lease over once its holder's time is up (a holder that died). All within the deadline.
///
/// Every AWS call runs under the time left to the refresh deadline (``AWSCallDeadline``: transfer timeouts
/// cut, no retry past it), and the lease never outlives it; only the lease release, on the way out, has its
/// own short budget (``Configuration/releaseBudget``). So a hanging endpoint holds the host's `flock` for
/// at most the deadline plus that budget.
///
/// When Secrets Manager or DynamoDB fail and the host's cached token is still valid, a proactive refresh
/// keeps using it (with a warning); once it has expired, or an API rejected it, the failure is an error
/// naming the secret, table, region and the fix.
public struct SecretsManagerTokenStore: TokenStore {
    public let settings: SharedTokenSettings
    var secrets: SecretsManagerClient
    var lease: RefreshLease
    let local: SecretsStore
    let environment: Environment
    let clock: any WallClock
    public var configuration: Configuration
    /// Receives warnings (a failure the store worked around), one line each.
    let warnings: @Sendable (String) -> Void

    /// Tunables, in seconds.
    public struct Configuration: Sendable {
        /// Waits between polls of the secret while another host holds the lease.
        public var poll: RetryBackoff
        /// How long the holder has, after confirming its lease, to store the token (never past its
        /// refresh deadline).
        public var commitWindow: Double
        /// The lease release's own limit: it runs on every exit, also once the refresh deadline has passed.
        public var releaseBudget: Double

        public init(
            poll: RetryBackoff = RetryBackoff(initial: 0.2, maximum: 2, minimum: 0.05), commitWindow: Double = 10,
            releaseBudget: Double = 2
        ) {
            self.poll = poll
            self.commitWindow = commitWindow
            self.releaseBudget = releaseBudget
        }
    }

    /// - Parameters:
    ///   - local: this host's secrets directory (its cache file, and the credential files unless
    ///     `settings.credentialsSecretID` names a secret).
    ///   - credentials: the AWS credentials (the IMDS chain on a host).
    ///   - random: the random part of this holder's lease owner.
    public init(
        settings: SharedTokenSettings, local: SecretsStore, credentials: any AWSCredentialProvider,
        transport: any HTTPTransport, environment: Environment, clock: any WallClock,
        configuration: Configuration = Configuration(),
        random: @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) },
        warnings: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.settings = settings
        self.local = local
        self.environment = environment
        self.clock = clock
        self.configuration = configuration
        self.warnings = warnings
        secrets = try SecretsManagerClient(
            region: settings.region, credentials: credentials, transport: transport, environment: environment, clock: clock)
        let locks = try DynamoDBClient(
            region: settings.region, credentials: credentials, transport: transport, environment: environment, clock: clock)
        let owner = "\(settings.hostID)/\(getpid())/\(String(random() & 0xFFFF_FFFF, radix: 16))"
        lease = RefreshLease(client: locks, table: settings.lockTable, name: settings.secretID, owner: owner, host: settings.hostID)
    }

    public var location: String {
        "Secrets Manager secret '\(settings.secretID)' in \(settings.region) (lease table '\(settings.lockTable)')"
    }

    public func refresh(_ request: TokenStoreRefresh) throws -> RefreshOutcome {
        do {
            return try bounded(by: request).coordinate(request)
        } catch let error as CredentialError where error.code == .sharedStoreUnavailable || error.code == .leaseTimeout {
            let now = clock.now()
            guard request.rejected == nil, !request.force, let cached = request.cached, cached.expiresAt > now else { throw error }
            warnings("could not refresh the shared token (\(error.message)); using this host's cached token, "
                + "valid until \(RFC3339.string(from: cached.expiresAt))")
            return RefreshOutcome(token: cached, requestSent: false)
        }
    }

    // MARK: The steps

    private func coordinate(_ request: TokenStoreRefresh) throws -> RefreshOutcome {
        var stale = Set([request.rejected, request.cached?.accessToken].compactMap { $0 })
        let first = try sharedToken()
        if let shared = first {
            if !request.force, adoptable(shared, stale: stale, request) { return try adopt(shared) }
            stale.insert(shared.token.accessToken)
        }
        var polls = 0
        var heldUntil: Date?
        var holder: String?
        while true {
            let now = clock.now()
            if heldUntil.map({ now >= $0 }) ?? true {
                switch try call("take the refresh lease (UpdateItem)", table: true) { try lease.take(now: now, until: request.deadline) } {
                case .won(let fence):
                    // Conditional on owner and fence: harmless once lapsed. Bounded by its own budget.
                    defer { lease.release(fence: fence, within: releaseDeadline()) }
                    return try refreshHolding(fence: fence, request, stale: stale, current: first?.versionID)
                case .held(let by, let until):
                    holder = by
                    heldUntil = until ?? now
                }
            }
            let wait = configuration.poll.delay(attempt: polls)
            polls += 1
            guard clock.now().addingTimeInterval(wait) < request.deadline else {
                throw CredentialError(
                    code: .leaseTimeout,
                    message: "another host (\(holder.map { "lease \($0)" } ?? "unknown")) held the refresh lease on \(location) "
                        + "and stored no new token within \(CredentialError.seconds(request.deadline.timeIntervalSince(request.start))). "
                        + "It may be stuck or have died: the lease expires at its holder's deadline and another host then takes over. "
                        + "Run the job again; if this repeats, look at that host's logs and at the lease item in the table.")
            }
            clock.sleep(seconds: wait)
            if let shared = try sharedToken(), adoptable(shared, stale: stale, request) { return try adopt(shared) }
        }
    }

    /// Holding the lease under `fence`: check the secret once more, then grant, confirm, store. `current`
    /// is the version that held AWSCURRENT when last read (nil: none).
    ///
    /// Storing is a compare-and-swap on the secret itself: the value is put under the label
    /// `DRYDOCK_PENDING`, then AWSCURRENT is moved to it from `current`, which Secrets Manager refuses if
    /// AWSCURRENT has moved meanwhile. So even a holder that stalls after confirming its lease, for longer
    /// than the lease, can never make an older token current over a newer one.
    private func refreshHolding(
        fence: Int, _ request: TokenStoreRefresh, stale: Set<String>, current: String?
    ) throws -> RefreshOutcome {
        // Another host may have stored its token and released the lease between our read and our take.
        var current = current
        if !request.force, let shared = try sharedToken() {
            if adoptable(shared, stale: stale, request) { return try adopt(shared) }
            current = shared.versionID
        }
        let credentials = try grantCredentials()
        let token = try request.grant(credentials.refreshToken, credentials.client)
        let now = clock.now()
        let stillOurs: Bool
        do {
            // The lease never outlives the refresh deadline, past which this host sends nothing.
            stillOurs = try call("confirm the refresh lease (UpdateItem)", table: true) {
                try lease.confirm(fence: fence, now: now, until: min(now.addingTimeInterval(configuration.commitWindow), request.deadline))
            }
        } catch let error as CredentialError where error.code == .sharedStoreUnavailable {
            // DynamoDB throttled, down or past the deadline: the token is good, but storing it unconfirmed
            // could overwrite a newer one. This host uses it (or a newer shared one); the others refresh for themselves.
            warnings("the new token could not be shared: \(error.message)")
            return try keepOwn(token, stale: stale, request)
        }
        guard stillOurs else {
            // Fencing: our lease lapsed (we stalled) and another host may be refreshing or have refreshed.
            // Never store ours over theirs; use theirs if it is there, else ours on this host only.
            warnings("the refresh lease on \(location) lapsed before the new token was stored; it was not stored there")
            return try keepOwn(token, stale: stale, request)
        }
        let value = SharedTokenSecret(token: token, refreshedBy: settings.hostID, fence: fence)
        do {
            let version = try call("store the new token (PutSecretValue)", table: false) {
                try secrets.putSecretValue(
                    settings.secretID, string: value.string, clientRequestToken: value.clientRequestToken(secretID: settings.secretID),
                    stages: [Self.pendingStage])
            }
            if try !makeCurrent(version, replacing: current) {
                warnings("another host's token became current on \(location) while this one was being stored; it was not made current")
                return try keepOwn(token, stale: stale, request)
            }
        } catch let error as CredentialError where error.code == .sharedStoreUnavailable {
            // The token is good all the same: this host uses it; other hosts will refresh for themselves.
            warnings("the new token could not be shared: \(error.message)")
        } catch {
            // Misconfigured (no PutSecretValue or UpdateSecretVersionStage permission, say): this host keeps
            // its token, and the error says what to fix.
            try local.writeCachedToken(token)
            throw error
        }
        try local.writeCachedToken(token)
        return RefreshOutcome(token: token, requestSent: true)
    }

    /// The label a new token's version gets until it is made current.
    static let pendingStage = "DRYDOCK_PENDING"

    /// Moves AWSCURRENT to `version` from `current`; false when another version became current meanwhile.
    /// A refused move is checked by reading AWSCURRENT back (a retried move that had already landed is
    /// refused too, and is ours).
    private func makeCurrent(_ version: String, replacing current: String?) throws -> Bool {
        do {
            try secrets.makeCurrent(settings.secretID, version: version, replacing: current)
            return true
        } catch let error as DynamoDBError where error.code == "InvalidParameterException" {
            return try sharedToken()?.versionID == version
        } catch {
            throw failure(error, doing: "make the new token current (UpdateSecretVersionStage)", table: false)
        }
    }

    /// After losing the race: the newer shared token if usable, else ours on this host only.
    private func keepOwn(_ token: CachedToken, stale: Set<String>, _ request: TokenStoreRefresh) throws -> RefreshOutcome {
        if let shared = try? sharedToken(), adoptable(shared, stale: stale, request) { return try adopt(shared) }
        try local.writeCachedToken(token)
        return RefreshOutcome(token: token, requestSent: true)
    }

    private func adoptable(_ shared: SharedTokenSecret, stale: Set<String>, _ request: TokenStoreRefresh) -> Bool {
        !stale.contains(shared.token.accessToken) && shared.token.isUsable(at: clock.now(), threshold: request.refreshThreshold)
    }

    private func adopt(_ shared: SharedTokenSecret) throws -> RefreshOutcome {
        try local.writeCachedToken(shared.token)
        return RefreshOutcome(token: shared.token, requestSent: false)
    }

    // MARK: Secrets Manager

    /// The secret's `AWSCURRENT` token, or nil when it has no value yet.
    func sharedToken() throws -> SharedTokenSecret? {
        let value: SecretsManagerClient.SecretValue
        do {
            value = try secrets.secretValue(settings.secretID)
        } catch let error as DynamoDBError where error.code == "ResourceNotFoundException" && error.message.contains("staging label") {
            return nil  // the secret exists but nothing was stored in it yet
        } catch {
            throw failure(error, doing: "read the shared token (GetSecretValue)", table: false)
        }
        guard let text = value.string else {
            throw CredentialError(
                code: .invalidSharedSecret,
                message: "\(location) holds a binary value, not \(SharedTokenSecret.expectedFormat). Point token_store.secret "
                    + "at the secret Drydock stores the token in.")
        }
        switch SharedTokenSecret.parse(text) {
        case .success(var secret):
            secret.versionID = value.versionID
            return secret
        case .failure(let problem):
            throw CredentialError(
                code: .invalidSharedSecret,
                message: "\(location), version \(value.versionID), \(problem.text); expected \(SharedTokenSecret.expectedFormat). "
                    + "Store a valid token with `drydock reauth --force` on one host.")
        }
    }

    /// The refresh token and client: from `settings.credentialsSecretID` when set, else the secrets directory.
    func grantCredentials() throws -> GrantCredentials {
        guard let id = settings.credentialsSecretID else {
            return GrantCredentials(refreshToken: try local.refreshToken(), client: try local.clientCredentials(environment: environment))
        }
        let where_ = "Secrets Manager secret '\(id)' in \(settings.region)"
        let value = try call("read the OAuth credentials (GetSecretValue of \(id))", table: false) { try secrets.secretValue(id) }
        guard let text = value.string, let json = try? JSONValue.parse(Array(text.utf8)) else {
            throw CredentialError(
                code: .invalidSharedSecret, message: "\(where_) is not JSON; expected \(GrantCredentials.expectedFormat)")
        }
        switch GrantCredentials.parse(json, source: where_) {
        case .success(let credentials): return credentials
        case .failure(let problem):
            throw CredentialError(
                code: .invalidSharedSecret, message: "\(where_) \(problem.text); expected \(GrantCredentials.expectedFormat)")
        }
    }

    // MARK: Errors

    /// Runs one AWS step, turning its failure into a ``CredentialError`` that names the resource.
    private func call<T>(_ doing: String, table: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure(error, doing: doing, table: table)
        }
    }

    func failure(_ error: any Error, doing: String, table: Bool) -> any Error {
        let resource = table
            ? "lease table '\(settings.lockTable)' in \(settings.region) (key '\(settings.secretID)')"
            : "Secrets Manager secret '\(settings.secretID)' in \(settings.region)"
        if let credentials = error as? CredentialError {
            // No AWS credentials (IMDS down, no role): transient ones keep the cached-token fallback.
            guard ![.sharedStoreUnavailable, .sharedStoreMisconfigured, .leaseTimeout, .invalidSharedSecret].contains(credentials.code)
            else { return credentials }
            // A fetch the refresh deadline cut (a hanging IMDS) says what the cached token does, as a cut call does.
            let fix = credentials.code == .awsCredentialsDeadlineReached
                ? ". IMDS did not answer in time; jobs keep using a cached token while it is valid. Run again later." : ""
            return CredentialError(
                code: credentials.exitStatus == .transient ? .sharedStoreUnavailable : .sharedStoreMisconfigured,
                message: "could not \(doing) on \(resource): no AWS credentials: \(credentials.message)\(fix)")
        }
        guard let aws = error as? DynamoDBError else { return error }
        let fix: String
        let code: CredentialError.Code
        switch aws.code {
        case "ResourceNotFoundException":
            code = .sharedStoreMisconfigured
            fix = table
                ? "Create the table (README, \"Running on several hosts\": `aws dynamodb create-table --table-name \(settings.lockTable) …`)."
                : "Create the secret once: `aws secretsmanager create-secret --name \(settings.secretID) --region \(settings.region)`."
        case "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidSignatureException",
             "ExpiredTokenException", "MissingAuthenticationTokenException":
            code = .sharedStoreMisconfigured
            fix = "Give the instance role the permissions in README, \"Running on several hosts\" "
                + (table ? "(dynamodb:UpdateItem on the table)." : "(secretsmanager:GetSecretValue and PutSecretValue on the secret).")
        case "DecryptionFailure":
            code = .sharedStoreMisconfigured
            fix = "Secrets Manager could not decrypt the secret with its KMS key: give the role kms:Decrypt on that key."
        case DynamoDBError.deadlineCode:
            code = .sharedStoreUnavailable
            fix = "\(aws.service) did not answer in time (hanging, slow or failing); jobs keep using a cached token while it is "
                + "valid. Run again later."
        default:
            code = aws.exitStatus == .transient ? .sharedStoreUnavailable : .sharedStoreMisconfigured
            fix = aws.exitStatus == .transient
                ? "The service is throttling or unavailable; jobs keep using a cached token while it is valid. Run again later."
                : "See the AWS error above."
        }
        return CredentialError(code: code, message: "could not \(doing) on \(resource): \(aws.description). \(fix)")
    }
}
