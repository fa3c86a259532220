import DrydockHTTP
import Foundation

/// A running `drydock emulators serve --port 0 --quiet`, its base URL read from the comment line it prints
/// after the `export` lines (the server is already listening by then).
final class ServeProcess {
    let child: ChildSpawn
    /// `http://127.0.0.1:<port>`.
    let baseURL: String

    /// Spawns the server and reads stdout until the `# drydock emulators on <url> …` line.
    init(drydock: String, extraArguments: [String] = []) throws {
        child = try ChildSpawn(
            drydock, ["emulators", "serve", "--port", "0", "--quiet"] + extraArguments,
            environment: ProcessInfo.processInfo.environment)
        let marker = "# drydock emulators on "
        while true {
            guard let line = try child.readLine(timeout: 10) else {
                let result = child.finish()
                throw BenchError("drydock emulators serve exited (\(result.status)) before printing its URL: \(result.stderr)")
            }
            if line.hasPrefix(marker) {
                baseURL = String(line.dropFirst(marker.count).prefix { $0 != " " })
                return
            }
        }
    }

    /// Sends `GET /_drydock/health` until it answers 200; connection errors are retried at once (the
    /// server is normally listening already), for at most `timeout` seconds.
    func waitForHealth(client: HTTPClient, timeout: Double = 10) throws {
        let deadline = Monotonic.now() + UInt64(timeout * 1e9)
        let request = ClientRequest(method: "GET", url: baseURL + "/_drydock/health")
        var last = "no answer"
        while Monotonic.now() < deadline {
            do {
                let response = try client.send(request)
                if response.status == 200 { return }
                last = "status \(response.status)"
            } catch {
                last = "\(error)"
            }
            usleep(200)
        }
        throw BenchError("\(baseURL)/_drydock/health did not answer 200 within \(timeout) s (last: \(last))")
    }

    /// `VmRSS` and its private part `RssAnon` (the rest is shared-library pages), in kilobytes.
    var residentKilobytes: (total: Double, anonymous: Double) {
        get throws {
            (try ProcStatus.kilobytes("VmRSS", pid: child.pid), try ProcStatus.kilobytes("RssAnon", pid: child.pid))
        }
    }

    func stop() { child.stop(SIGTERM) }
}

/// Reading `/proc/<pid>/status`.
enum ProcStatus {
    /// A `kB` field such as `VmRSS` or `RssAnon`.
    static func kilobytes(_ field: String, pid: pid_t) throws -> Double {
        let path = "/proc/\(pid)/status"
        guard let text = ProcFile.read(path),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { throw BenchError("no \(field) in \(path)") }
        return kilobytes
    }
}
