import DrydockHTTP
import Foundation

/// A running `drydock emulators serve --port 0 --quiet`, its base URL read from the comment line it prints
/// after the `export` lines (the server is already listening by then).
final class ServeProcess {
    let child: ChildSpawn
    /// `http://127.0.0.1:<port>`.
    let baseURL: String
    /// The `export NAME='value'` lines printed before the URL line, values unquoted.
    let exports: [String: String]

    /// Spawns the server and reads stdout until the `# drydock emulators on <url> …` line, waiting at most
    /// `startTimeout` seconds for each line (the fixtures load before the URL line: a large mailbox takes long).
    init(drydock: String, extraArguments: [String] = [], startTimeout: Double = 10) throws {
        child = try ChildSpawn(
            drydock, ["emulators", "serve", "--port", "0", "--quiet"] + extraArguments,
            environment: ProcessInfo.processInfo.environment)
        let marker = "# drydock emulators on "
        var exports: [String: String] = [:]
        while true {
            guard let line = try child.readLine(timeout: startTimeout) else {
                let result = child.finish()
                throw BenchError("drydock emulators serve exited (\(result.status)) before printing its URL: \(result.stderr)")
            }
            if line.hasPrefix(marker) {
                baseURL = String(line.dropFirst(marker.count).prefix { $0 != " " })
                self.exports = exports
                return
            }
            if let (name, value) = Self.export(line) { exports[name] = value }
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

    /// `export NAME='va'\''lue'` → (`NAME`, `va'lue`), the shell quoting `drydock emulators serve` writes.
    private static func export(_ line: String) -> (String, String)? {
        guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { return nil }
        let name = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
        var value = String(line[line.index(after: equals)...])
        if value.hasPrefix("'") && value.hasSuffix("'") && value.count >= 2 {
            value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
        }
        return (name, value)
    }
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
