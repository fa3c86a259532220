// drydock-isolation-probe [--user-namespace | --privileged] -- COMMAND [ARGS...]
//
// Runs COMMAND the way `drydock exec --isolate` will, without emulators: the test host table
// (gmail.googleapis.com and oauth2.googleapis.com on 127.0.0.1, instance-data.ec2.internal on
// 169.254.169.254, dynamodb.<region>.amazonaws.com by pattern), the resolver, a private /etc, and no
// listeners. Afterwards prints `blocked NAME` on stderr for each name the resolver refused. Exits with
// COMMAND's status (128+N for signal N), or prints the IsolationError and exits with its status.
// IsolationTests run it as an unprivileged user (setpriv) to exercise the user-namespace path for real.
import DrydockIsolation
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var policy = NamespacePolicy.automatic
while let first = arguments.first, first != "--" {
    switch first {
    case "--user-namespace": policy = .userNamespace
    case "--privileged": policy = .privileged
    default:
        FileHandle.standardError.write(Data("usage: drydock-isolation-probe [--user-namespace | --privileged] -- COMMAND [ARGS...]\n".utf8))
        exit(64)
    }
    arguments.removeFirst()
}
let command = Array(arguments.dropFirst())

func fail(_ message: String, _ status: Int32) -> Never {
    FileHandle.standardError.write(Data("drydock-isolation-probe: \(message)\n".utf8))
    exit(status)
}

var template = Array((NSTemporaryDirectory() + "/drydock-isolation-probe-XXXXXX").utf8CString)
guard let made = mkdtemp(&template) else { fail("cannot create a scratch directory", 70) }
let scratch = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
_ = made
defer { try? FileManager.default.removeItem(atPath: scratch) }

do {
    let hosts = try EmulatedHosts(
        loopbackNames: ["gmail.googleapis.com", "oauth2.googleapis.com"], metadataNames: ["instance-data.ec2.internal"],
        matches: { $0.hasPrefix("dynamodb.") && $0.hasSuffix(".amazonaws.com") && $0.split(separator: ".").count == 4 })
    var configuration = IsolationConfiguration(hosts: hosts, trustBundlePath: nil, scratchDirectory: scratch, onBlockedName: { _ in })
    configuration.listeners = []
    configuration.namespaces = policy
    let process = try IsolatedRun(configuration: configuration).launch(
        command: command, environment: ProcessInfo.processInfo.environment) { _ in }
    let termination = process.wait()
    for name in process.blockedNames { FileHandle.standardError.write(Data("blocked \(name)\n".utf8)) }
    try? FileManager.default.removeItem(atPath: scratch)
    exit(termination.exitStatus)
} catch {
    try? FileManager.default.removeItem(atPath: scratch)
    fail("\(error)", error.exitStatus)
}
