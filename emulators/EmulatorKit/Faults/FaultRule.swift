/// One failure-injection rule: which requests it matches, when it fires, and what it does.
///
/// Rules are posted to `POST /_drydock/faults` as one object or as `{"rules": [ … ]}`. Every field but
/// `action` is optional; all the criteria given must hold (AND). Rules are tried in insertion order and the
/// first one that fires wins; a rule that matches but does not fire (before its `nth`, off its `every`,
/// lost its `probability` draw) lets later rules try. Each rule counts the requests that reach it and
/// match its criteria inside its time window — `nth` and `every` count those — so a request an earlier
/// rule fired on is not counted by later ones. A rule whose `times` are used up is skipped (and stays
/// listed, with `remaining: 0`, until deleted). Control requests (`/_drydock/…`) and requests no emulator
/// claims are never faulted.
///
/// ```jsonc
/// {
///   "id": "token-outage",          // optional; unique; assigned ("r1", "r2", …) when absent
///
///   // Matching — all optional, all must hold:
///   "service": "oauth",            // oauth | gmail | sheets | dynamodb | imds (a service this edge serves)
///   "operation": "token",          // "token", an API method id ("users.messages.list"), a DynamoDB action
///                                  //   ("GetItem"); `*` and `?` wildcards allowed ("users.messages.*")
///   "method": "POST",              // case-insensitive
///   "path": "/token*",             // glob (`*` any run including `/`, `?` one character) on the
///                                  //   percent-decoded path, without the query string
///   "header": "X-Debug",           // a header that must be present, or
///   "header": {"name": "Authorization", "value": "Bearer ya29.*"},   // … with a value (glob)
///   "region": "us-west-2",         // the request's region (glob: "us-*"); only services that report one
///                                  //   match: dynamodb (its SigV4 credential scope, us-east-1 when
///                                  //   unsigned); never oauth, gmail, sheets or imds
///
///   // When it fires, among the requests that match:
///   "nth": 3,                      // fire from the 3rd matching request on (default 1)
///   "every": 2,                    // then only every 2nd: nth, nth+2, nth+4 … (alone: 2nd, 4th, …)
///   "probability": 0.5,            // 0-1; drawn from a seeded generator, so runs are reproducible
///   "seed": 42,                    // this rule's generator seed (default: the edge's fault seed
///                                  //   mixed with the rule's position, so still reproducible)
///   "after": 30, "until": 90,      // seconds of virtual time since the rule was added: active in [after, until)
///   "times": 3,                    // fire at most 3 times (absent: unlimited)
///
///   "action": {"type": "status", "status": 429, "reason": "rateLimitExceeded", "retryAfter": 2}
/// }
/// ```
///
/// Criteria and timing combine, so a probability applies to one operation alone — 10% of PutItem calls
/// throttled, every other call answered:
///
/// ```json
/// {"service": "dynamodb", "operation": "PutItem", "probability": 0.1, "seed": 7,
///  "action": {"type": "status", "status": 400, "reason": "ThrottlingException"}}
/// ```
///
/// and one region can fail while the other answers:
///
/// ```json
/// {"service": "dynamodb", "region": "us-west-2",
///  "action": {"type": "status", "status": 400, "reason": "ProvisionedThroughputExceededException"}}
/// ```
///
/// Actions (`action.type` and its fields):
/// - `status` — answer `status` (200-599) without calling the emulator. The body is the service's own
///   error (`{"error": {"code": 503, …}}` for Google, `{"__type": …}` for DynamoDB) unless `body` (a string)
///   is given, served as `contentType` (default: `application/json` if `body` parses as JSON, else
///   `text/plain`). `retryAfter` (seconds) adds `Retry-After`; `headers` (an object of strings) adds more.
///   `reason` (a non-empty string; not with `body`) picks among the service's bodies for that status:
///   `{"type": "status", "status": 403, "reason": "userRateLimitExceeded"}` is Gmail's legacy per-user
///   limit rather than its default 403 (each emulator's README lists its reasons). A reason the service
///   does not list is still accepted: Gmail answers Google's canonical body for the status with
///   `errors[0].reason` set to it; emulators that define no reasons (`ServiceEmulator`'s default) ignore it.
///   Status 200 with a reason asks the emulator to alter its real answer: IMDS `malformed-credentials`,
///   DynamoDB `unprocessed-items` (a batch handled only in part).
/// - `latency` — wait `ms` (0-600000) on the request's own thread, then handle the request normally.
/// - `malformed` — `kind` is one of `truncated-json` (the real body cut in half, status 200, JSON content
///   type), `html` (a proxy's 502 HTML error page; the emulator never sees the request), `empty` (200 with
///   an empty body), `wrong-content-type` (the real response labelled `text/html`).
/// - `reset` — abort the connection with a TCP RST. `"afterHandling": true` lets the emulator handle the
///   request first (its side effects happen; the client never learns).
/// - `close-mid-body` — send the real response's headers and only `bytes` of its body (default: half),
///   then close.
/// - `hang` — never answer. `afterHandling` as for `reset`.
/// - `expire-tokens` — expire every access token the emulators have issued, then handle the request
///   normally (the client's token is now stale: exercise the 401 → refresh → retry path).
///
/// `GET /_drydock/faults` returns the rules as stored, each with `remaining` (fires left, or null when
/// unlimited), `matched` (matching requests counted), `fired`, and `addedAt` (RFC 3339, virtual time).
public struct FaultRule: Sendable, Equatable {
    /// Unique among the edge's rules; assigned when nil.
    public var id: String?
    public var service: String?
    /// Operation id, glob.
    public var operation: String?
    /// Upper-cased HTTP method.
    public var method: String?
    /// Glob on the decoded path.
    public var path: String?
    public var header: HeaderCriterion?
    /// Region name, glob; matches only requests whose service reports a region
    /// (`ServiceEmulator.region(of:)`).
    public var region: String?
    public var nth: Int?
    public var every: Int?
    public var times: Int?
    public var probability: Double?
    public var seed: UInt64?
    /// Seconds of virtual time after the rule was added before it becomes active.
    public var after: Double?
    /// Seconds of virtual time after the rule was added when it stops being active.
    public var until: Double?
    public var action: FaultAction

    public init(
        id: String? = nil, service: String? = nil, operation: String? = nil, method: String? = nil,
        path: String? = nil, header: HeaderCriterion? = nil, region: String? = nil, nth: Int? = nil,
        every: Int? = nil, times: Int? = nil, probability: Double? = nil, seed: UInt64? = nil,
        after: Double? = nil, until: Double? = nil, action: FaultAction
    ) {
        self.id = id
        self.service = service
        self.operation = operation
        self.method = method?.uppercased()
        self.path = path
        self.header = header
        self.region = region
        self.nth = nth
        self.every = every
        self.times = times
        self.probability = probability
        self.seed = seed
        self.after = after
        self.until = until
        self.action = action
    }

    /// A header a request must carry, optionally with a value matching a glob.
    public struct HeaderCriterion: Sendable, Equatable {
        public var name: String
        public var value: String?
        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }
}
