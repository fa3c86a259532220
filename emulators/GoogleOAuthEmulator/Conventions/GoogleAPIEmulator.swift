import DrydockCore
import DrydockHTTP
import EmulatorKit

/// Google's API conventions around one API emulator (Gmail, Sheets), for every method it has or will
/// have, with no code per method: the front end's checks and rewrites that real requests meet before
/// and after the method runs.
///
/// In order, for a request the API claims:
/// 1. `POST` to a batch endpoint (`/batch`, `/batch/gmail/v1`, `/batch/sheets/v4`): the multipart
///    batch is split and each part answered through steps 2–5 (`GoogleBatch`).
/// 2. `HEAD` on a path a `GET` method serves is that method (the transport sends no body).
/// 3. A path no method serves, or a known path with an HTTP method none serves there: the API's own
///    answer (Google's HTML 404 page; assumed for the wrong method, where some servers say 405: Google's
///    front end routes by method and path together, and no 405 from it could be confirmed).
/// 4. System parameters: `$.xgafv` other than 1 or 2, `alt` other than `json` → 400; a `fields` mask
///    that does not parse, or names a path the method's response schema does not have → 400; then, for an authenticated caller, a query parameter the method does
///    not have (by the discovery document) → Google's 400 "Cannot bind query parameter".
/// 5. The method runs; a 2xx JSON answer is cut to the `fields` mask and re-rendered honouring
///    `prettyPrint`. Error bodies are never masked. With `callback`, the JSON (errors too) is wrapped
///    as JSONP (`JSONPCallback`).
/// 6. `Accept-Encoding: gzip` with a `User-Agent` containing `gzip` (Google's documented rule) →
///    the body gzip-compressed, `Content-Encoding: gzip`.
///
/// Journal, faults and operation names are the wrapped emulator's: the wrapper reports its `service`.
public final class GoogleAPIEmulator: ServiceEmulator {
    /// The emulator the conventions wrap.
    public let inner: any ServiceEmulator
    public let api: GoogleAPIDescription
    let authority: GoogleTokenAuthority

    public init(_ inner: any ServiceEmulator, api: GoogleAPIDescription, authority: GoogleTokenAuthority) {
        self.inner = inner
        self.api = api
        self.authority = authority
    }

    public var service: String { inner.service }

    public func claims(_ request: HTTPRequest) -> Bool {
        if let batch = batchRoute(request) { return batch }
        return inner.claims(request)
    }

    public func operation(for request: HTTPRequest) -> String {
        if isBatchPath(request.rawPath) { return "batch" }
        return inner.operation(for: Self.headAsGet(request))
    }

    public var knownOperations: [String] {
        let known = inner.knownOperations
        return known.isEmpty ? [] : known + ["batch"]
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let response = isBatchPath(request.rawPath) ? handleBatch(request, answer: handleOne) : handleOne(request)
        return ResponseCompression.negotiated(response, for: request)
    }

    public func errorResponse(status: Int, for request: HTTPRequest) -> HTTPResponse {
        inner.errorResponse(status: status, for: request)
    }

    public func errorResponse(status: Int, reason: String?, for request: HTTPRequest) -> HTTPResponse {
        inner.errorResponse(status: status, reason: reason, for: request)
    }

    public func region(of request: HTTPRequest) -> String? { inner.region(of: request) }
    public func reset() { inner.reset() }
    public func expireIssuedTokens() { inner.expireIssuedTokens() }
    public func endpointVariables(baseURL: String) -> [(name: String, value: String)] { inner.endpointVariables(baseURL: baseURL) }

    /// One (non-batch) request through the conventions, uncompressed: also what each part of a batch gets.
    func handleOne(_ request: HTTPRequest) -> HTTPResponse {
        let routed = Self.headAsGet(request)
        let operation = inner.operation(for: routed)
        guard operation != "unknown" else { return inner.handle(request) }
        let items = request.queryItems
        if let refusal = GoogleSystemParameters.refusal(items, legacyErrors: api.legacyErrors) {
            return refusal.response(for: request)
        }
        let callback = JSONPCallback.name(items)
        if let callback, !JSONPCallback.isValid(callback) {
            return GoogleAPIError.invalidSystemParameter("callback", value: callback, legacyErrors: api.legacyErrors).response(for: request)
        }
        let answer = handleChecked(request, routed: routed, operation: operation, items: items)
        guard let callback else { return answer }
        return JSONPCallback.wrapped(answer, name: callback)
    }

    /// `handleOne` after the system parameters passed: the fields mask, unknown parameters, the method.
    private func handleChecked(_ request: HTTPRequest, routed: HTTPRequest, operation: String, items: [(name: String, value: String)]) -> HTTPResponse {
        var mask: FieldMask?
        if let text = GoogleSystemParameters.fieldMask(items) {
            do { mask = try FieldMask(text) } catch {
                return GoogleAPIError.invalidFieldMask(error, legacyErrors: api.legacyErrors).response(for: request)
            }
        }
        if let mask, let schema = api.responseSchema(operation), let path = api.schemas()?.unknownPath(in: mask, schema: schema) {
            let error = FieldMaskError(code: .unknownField, mask: mask.text, path: path)
            return GoogleAPIError.invalidFieldMask(error, legacyErrors: api.legacyErrors).response(for: request)
        }
        // Binding happens once the caller is known: an unauthenticated request gets the API's own 401/403.
        if let own = api.parameters(operation), let unknown = GoogleSystemParameters.unknownParameter(in: items, own: own),
           case .success = authority.authorize(request) {
            return GoogleAPIError.unknownQueryParameter(unknown, legacyErrors: api.legacyErrors).response(for: request)
        }
        let response = inner.handle(routed)
        guard let mask else { return response }
        return Self.masked(response, mask, pretty: GoogleAPIResponse.prettyPrint(for: request))
    }

    /// `response` cut to `mask` when it is a 2xx JSON body; anything else unchanged.
    static func masked(_ response: HTTPResponse, _ mask: FieldMask, pretty: Bool) -> HTTPResponse {
        guard (200..<300).contains(response.status), response.delivery == .normal,
              response.headers["Content-Type"]?.lowercased().hasPrefix("application/json") == true,
              let body = try? JSONValue.parse(response.body) else { return response }
        let kept = mask.apply(to: body)
        var cut = response
        let text = pretty ? kept.serialized(pretty: true) + "\n" : kept.serialized()
        cut.body = Array(text.utf8)
        cut.headers.remove("Content-Length")
        return cut
    }

    /// `request` as a `GET` when it is a `HEAD` (Google serves HEAD wherever GET is served).
    static func headAsGet(_ request: HTTPRequest) -> HTTPRequest {
        guard request.method == "HEAD" else { return request }
        var get = request
        get.method = "GET"
        return get
    }
}
