import DrydockCore
import DrydockJobs
import DrydockHTTP
import DrydockServices

/// The host clock against the `Date` headers of Google's and AWS's answers: over the warning threshold
/// (30 s) a warning, over the failure threshold (4 min) a failure — SigV4 refuses requests 5 minutes off
/// and token lifetimes drift. Uses the answers the earlier checks received; sends one unauthenticated
/// request per side when there are none (`--only clock`).
struct ClockCheck: PreflightCheck {
    let name = "clock"
    let summary = "skew against the Date headers of Google's and AWS's answers (warn over 30 s, fail over 4 min)"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        if context.googleTransport.observations.isEmpty {
            let url = (try? context.session.get()).map { ScopesCheck.tokenInfoURL(session: $0, environment: context.environment) }
                ?? "https://oauth2.googleapis.com/tokeninfo"
            _ = try? context.googleTransport.send(ClientRequest(method: "GET", url: url, timeout: 10))
        }
        if context.awsTransport.observations.isEmpty, let region = context.configuration.regions.value.first,
           let endpoint = try? DynamoDBEndpoint.resolve(region: region, environment: context.environment) {
            _ = try? context.awsTransport.send(ClientRequest(
                method: "POST", url: endpoint.url, headers: ["Content-Type": DynamoDBClient.contentType,
                                                             "X-Amz-Target": DynamoDBClient.targetPrefix + "ListTables"],
                body: Array("{}".utf8), timeout: 10))
        }
        return [judge("google", context.googleTransport.observations, context),
                judge("aws", context.awsTransport.observations, context)]
    }

    func judge(_ side: String, _ observations: [DateRecordingTransport.Observation], _ context: PreflightContext) -> PreflightResult {
        // The largest skew seen: one answer is enough to prove the clock wrong.
        guard let worst = observations.max(by: { abs($0.skew) < abs($1.skew) }) else {
            return PreflightResult(name, side, .skipped, "no answer with a Date header")
        }
        let warn = Double(context.configuration.clockSkewWarn.value)
        let fail = Double(context.configuration.clockSkewFail.value)
        let skew = worst.skew
        let direction = skew > 0 ? "behind" : "ahead of"
        let evidence = abs(skew) < 1
            ? "within 1 s of \(worst.url) (\(observations.count) answers)"
            : "this host is \(Int(abs(skew).rounded())) s \(direction) \(worst.url) (Date: \(HTTPDate.format(worst.serverDate)))"
        let fix = "synchronize the clock (timedatectl set-ntp true; chronyc makestep) and check chronyd/systemd-timesyncd"
        if abs(skew) > fail { return PreflightResult(name, side, .fail, evidence + "; over \(Int(fail)) s, AWS refuses signatures at 300 s", fix: fix) }
        if abs(skew) > warn { return PreflightResult(name, side, .warn, evidence + "; over \(Int(warn)) s", fix: fix) }
        return PreflightResult(name, side, .pass, evidence)
    }
}
