import DrydockHTTP

/// An emulator some of whose requests carry other requests (Google's batch endpoints). The edge lets it
/// answer each inner request as if it had come alone, through the fault engine and into the journal, so
/// a fault rule on `users.messages.get` also hits the calls inside a batch.
public protocol CompositeServiceEmulator: ServiceEmulator {
    /// Whether `request` carries inner requests.
    func isComposite(_ request: HTTPRequest) -> Bool

    /// Answers a composite request; `part` answers one inner request the way the edge answers a request
    /// (faults, journal). Without an edge, `handle(_:)` answers the parts itself.
    func handleComposite(_ request: HTTPRequest, part: (HTTPRequest) -> HTTPResponse) -> HTTPResponse
}
