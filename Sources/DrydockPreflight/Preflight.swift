import DrydockCore
import Foundation

/// Runs the checks in order and collects their lines.
public enum Preflight {
    /// Runs every check (or those named in `options.only`) against `context`, each within its time limit
    /// (``PreflightTimeLimits``): a check whose request the limit cut gets a `time limit` failure line
    /// naming the endpoint and the limit, after its own lines; the checks after it still run.
    public static func run(_ context: PreflightContext, checks: [any PreflightCheck] = PreflightChecks.all) -> PreflightReport {
        let started = ContinuousClock.now
        var results: [PreflightResult] = []
        var timings: [String: Double] = [:]
        for check in checks where context.options.only.isEmpty || context.options.only.contains(check.name) {
            let began = ContinuousClock.now
            context.limits.begin(check.name)
            results += check.run(context)
            if let cut = context.limits.finish() { results.append(PreflightTimeLimits.failure(check.name, cut)) }
            timings[check.name] = seconds(since: began)
        }
        return PreflightReport(results: results, seconds: seconds(since: started), timings: timings, asCron: context.options.asCron)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}
