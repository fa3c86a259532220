import DrydockCore
import Foundation

/// Work an emulator did on its own as its clock passed (DynamoDB's Time to Live deletions), reported
/// so the edge can journal it beside the requests.
public struct BackgroundWork: Sendable, Equatable {
    /// The journal's operation, e.g. `TimeToLiveExpiry`.
    public let operation: String
    /// What the work touched, shown as the journal entry's path.
    public let path: String
    public let region: String?

    public init(operation: String, path: String, region: String? = nil) {
        self.operation = operation
        self.path = path
        self.region = region
    }
}

extension EdgeRouter {
    /// Lets every emulator do the clock work due at `now` and journals each piece (method `-`, no
    /// status, delivery `background`). Called before every routed request, after a clock advance, and
    /// by `startDueWorkTicks` for real time passing without requests. Cheap when nothing is due.
    public func runDueWork(now: Date? = nil) {
        let now = now ?? clock.now()
        for emulator in emulators {
            for work in emulator.performDueWork(now: now) {
                let entry = journal.record(
                    time: now, service: emulator.service, operation: work.operation, method: "-", path: work.path,
                    status: nil, delivery: "background", latencyMs: 0, fault: nil, region: work.region)
                log?(entry.logLine)
            }
        }
    }

    /// Runs `runDueWork` every `interval` seconds of real time on a background thread, for as long as
    /// the process lives (`drydock serve`).
    public func startDueWorkTicks(interval: Double = 1) {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: max(0.05, interval))
                runDueWork()
            }
        }
        thread.name = "drydock-due-work"
        thread.start()
    }
}
