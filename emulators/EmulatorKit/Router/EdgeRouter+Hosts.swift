import DrydockHTTP
import Foundation

/// Entries for transports that route by host before the edge sees a request (the interception proxy's
/// host table): the request goes to the service the host names, never to the control API, and whether an
/// emulator `claims` its path does not matter (an emulator answers a path it does not serve with that
/// service's own 404).
extension EdgeRouter {
    /// `service`'s answer to `request`, through the fault engine and into the journal, as
    /// `respondWithoutWaiting(to:)` gives it for a request that emulator claims. A service this edge does
    /// not serve answers the edge's JSON 502, journaled as `edge`/`unknown`.
    /// `service`'s choice for a large or chunked body of a request addressed to it by host.
    public func bodyPolicy(forHead head: HTTPRequest, service: String) -> HTTPBodyPolicy {
        emulators.first { $0.service == service }?.bodyPolicy(forHead: head) ?? .inMemory
    }

    public func respondWithoutWaiting(to request: HTTPRequest, service: String) -> HTTPResponse {
        let started = ContinuousClock.now
        let time = clock.now()
        guard let emulator = emulators.first(where: { $0.service == service }) else {
            let response = HTTPResponse.edgeJSONError(502, "this edge does not serve \(service)")
            return journaled(response, request, service: "edge", operation: "unknown", region: nil, fault: nil, time: time, started: started)
        }
        return dispatch(request, to: emulator, time: time, started: started)
    }

    /// Journals `answer` as `service`'s response to `request` and returns it: for answers the host table
    /// gives before any emulator (a signature scoped to another region than the host's, plain HTTP to an
    /// HTTPS-only API, a path the host does not serve). No fault rule applies. `operation` nil means the
    /// service's own name for the request (`ListTables`, `users.getProfile`), or `unknown`.
    public func respond(to request: HTTPRequest, withAnswer answer: HTTPResponse, service: String, operation: String? = nil) -> HTTPResponse {
        let started = ContinuousClock.now
        let emulator = emulators.first(where: { $0.service == service })
        let name = operation ?? emulator?.operation(for: request) ?? "unknown"
        return journaled(
            answer, request, service: service, operation: name, region: emulator?.region(of: request), fault: nil,
            time: clock.now(), started: started)
    }
}
