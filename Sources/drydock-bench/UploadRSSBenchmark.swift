import DrydockHTTP
import Foundation

/// Resident memory of `drydock emulators serve` around a burst of large uploads: `parallel` clients each
/// POST one `megabytes` MiB body at once (to a path no emulator claims, so the server reads the whole
/// body and the edge answers 404 without keeping it), then VmRSS right after the last answer and after
/// one second idle (the server gives freed bodies back to the system off its event loop).
enum UploadRSSBenchmark {
    struct Result {
        /// VmRSS (kB) before the burst, after it, and after 1 s idle.
        let before: Double
        let after: Double
        let settled: Double
        let seconds: Double
        let parallel: Int
        let megabytes: Int
    }

    static func run(drydock: String, parallel: Int, megabytes: Int) throws -> Result {
        let serve = try ServeProcess(drydock: drydock)
        defer { serve.stop() }
        let client = HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 60))
        try serve.waitForHealth(client: client)
        usleep(500_000)
        let before = try serve.residentKilobytes.total
        let body = [UInt8](repeating: UInt8(ascii: "u"), count: megabytes << 20)
        let statuses = StatusList()
        let base = serve.baseURL
        let start = Monotonic.now()
        // One thread per upload (concurrentPerform would run only as many at once as there are cores).
        let group = DispatchGroup()
        for index in 0..<parallel {
            group.enter()
            Thread {
                defer { group.leave() }
                let each = HTTPClient(configuration: .init(connectTimeout: 5, totalTimeout: 120))
                let status = (try? each.send(ClientRequest(
                    method: "POST", url: base + "/bench/upload/\(index)",
                    headers: ["Content-Type": "application/octet-stream"], body: body)))?.status ?? -1
                statuses.append(status)
            }.start()
        }
        group.wait()
        let seconds = Monotonic.milliseconds(since: start) / 1000
        let after = try serve.residentKilobytes.total
        let unexpected = statuses.all.filter { $0 != 404 }
        guard unexpected.isEmpty else { throw BenchError("uploads answered \(unexpected.prefix(5)) instead of 404") }
        var trace: [String] = []
        for _ in 0..<4 {
            usleep(250_000)
            trace.append(Format.mb(try serve.residentKilobytes.total))
        }
        progress("upload-rss: every 250 ms after: \(trace.joined(separator: ", "))")
        let settled = try serve.residentKilobytes.total
        progress("upload-rss: \(parallel) × \(megabytes) MiB in \(Format.ms(seconds * 1000)); RSS \(Format.mb(before)) → "
            + "\(Format.mb(after)) → \(Format.mb(settled)) after 1 s")
        return Result(before: before, after: after, settled: settled, seconds: seconds, parallel: parallel, megabytes: megabytes)
    }

    static func rows(_ result: Result) -> [BenchRow] {
        [BenchRow(
            measurement: "RSS around \(result.parallel) parallel \(result.megabytes) MiB uploads (before → right after → 1 s later)",
            drydock: "\(Format.mb(result.before)) → \(Format.mb(result.after)) → **\(Format.mb(result.settled))**",
            target: "back near idle", met: result.settled <= result.before + 16 * 1024)]
    }
}

/// Statuses collected from concurrent uploads.
private final class StatusList: @unchecked Sendable {
    // @unchecked: `values` is only touched while `lock` is held.
    private let lock = NSLock()
    private var values: [Int] = []

    func append(_ status: Int) {
        lock.lock()
        defer { lock.unlock() }
        values.append(status)
    }

    var all: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
