/// What the conventions layer (`GoogleAPIEmulator`) needs to know of one Google API: its host, its batch
/// endpoints, each method's own parameters, and how its errors look. Declarative, so a method added to
/// the API gets every convention without code of its own.
public struct GoogleAPIDescription: Sendable {
    /// How an API's batch endpoint answers the requests inside a batch.
    public enum Batch: Sendable, Equatable {
        /// Each part is dispatched to the API; more than `limit` parts is a 400 (Gmail: 100).
        case served(limit: Int)
        /// The endpoint exists but answers every part 501 UNIMPLEMENTED (Sheets).
        case unimplemented
    }

    /// `gmail.googleapis.com`: a batch posted to the bare `/batch` with this `Host` belongs to this API.
    public let host: String
    /// The API-specific batch path (`/batch/gmail/v1`); the bare `/batch` is served too (what
    /// google-api-python-client's `new_batch_http_request()` posts to: both discovery documents say
    /// `"batchPath": "batch"`).
    public let batchPath: String
    public let batch: Batch
    /// Whether error bodies carry the legacy `errors` list (Gmail: yes; Sheets: no).
    public let legacyErrors: Bool
    /// Whether a bare `/batch` whose parts name no API this edge knows comes here (one API per edge
    /// should say yes, so a malformed batch still gets a Google answer).
    public let claimsUnroutedBatch: Bool
    /// Method id → the method's own parameter names (path and query), from the discovery document; nil
    /// for an id the table does not know (no unknown-parameter check then).
    public let parameters: @Sendable (String) -> [String]?
    /// The response schemas `fields` masks are checked against (nil: only the syntax is checked). A
    /// function, so an API parses its schema text on the first `fields` mask, not at every start-up
    /// (parsing both APIs' tables was about 8% of `drydock emulators serve`'s start).
    public let schemas: @Sendable () -> FieldMaskSchema?
    /// Method id → the name of its response schema in `schemas`; nil for a method without a body.
    public let responseSchema: @Sendable (String) -> String?

    public init(host: String, batchPath: String, batch: Batch, legacyErrors: Bool, claimsUnroutedBatch: Bool = false,
                parameters: @escaping @Sendable (String) -> [String]?, schemas: @escaping @Sendable () -> FieldMaskSchema? = { nil },
                responseSchema: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.host = host
        self.batchPath = batchPath
        self.batch = batch
        self.legacyErrors = legacyErrors
        self.claimsUnroutedBatch = claimsUnroutedBatch
        self.parameters = parameters
        self.schemas = schemas
        self.responseSchema = responseSchema
    }
}
