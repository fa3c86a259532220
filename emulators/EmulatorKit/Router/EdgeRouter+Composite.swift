import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// Composite requests (Google's batches): each inner request meets the fault engine and lands in the
/// journal under its own operation, like a request of its own.
extension EdgeRouter {
    /// `emulator`'s answer to the composite `request`. Fault rules act on each part: a status rule
    /// answers that part; a `latency` delays the whole answer (parts run side by side, so by the longest
    /// delay); a transport fault (reset, hang, close mid-body) cannot cut one part of a multipart answer,
    /// so that part is the service's 503.
    func dispatchComposite(_ request: HTTPRequest, to emulator: any CompositeServiceEmulator) -> (response: HTTPResponse, delay: Int) {
        let longest = Mutex(0)
        let response = emulator.handleComposite(request) { part in
            let started = ContinuousClock.now
            let time = clock.now()
            let operation = emulator.operation(for: part)
            let region = emulator.region(of: part)
            let decision = faults.decide(FaultEngine.Probe(
                service: emulator.service, operation: operation, method: part.method, path: part.path,
                headers: part.headers, region: { region }))
            var answer: HTTPResponse
            if case .latency(let milliseconds)? = decision?.action.kind {
                longest.withLock { $0 = max($0, milliseconds) }
                answer = emulator.handle(part)
            } else {
                answer = perform(decision?.action, on: part, by: emulator)
            }
            if answer.delivery != .normal { answer = emulator.errorResponse(status: 503, for: part) }
            record(
                answer, part, service: emulator.service, operation: operation, region: region, fault: decision?.trace,
                time: time, started: started)
            return answer
        }
        return (response, longest.withLock { $0 })
    }
}
