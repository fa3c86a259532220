internal import CIsolation
import Glibc

/// Runs a command in its own network and mount namespaces, where only loopback exists: nothing it does
/// can reach a real service. Inside, emulated names resolve to loopback (a private `/etc/hosts`, and a
/// resolver on 127.0.0.1:53 that answers every other name NXDOMAIN and reports it), 169.254.169.254 is an
/// address on `lo`, and the sandbox CA bundle replaces the system trust store.
///
/// ```swift
/// let run = IsolatedRun(configuration: configuration)
/// let status = try run.run(command: ["python3", "job.py"], environment: environment) { sockets in
///     if let fd = sockets.take(.http) { try edge.start(listeningOn: fd) }          // HTTPServer
///     if let fd = sockets.take(.metadata) { try metadataEdge.start(listeningOn: fd) }
///     if let fd = sockets.take(.https) { proxy.serveTLS(on: fd) }                   // Interception
/// }
/// ```
///
/// ## What runs where
/// Namespaces belong to threads, and unshare(CLONE_NEWNS) refuses a process whose threads share
/// filesystem information, as every Swift process's do; so the calling process never changes namespace.
/// `launch` forks a child (one thread; the C code in CIsolation, async-signal-safe only) that unshares
/// (CLONE_NEWNET|CLONE_NEWNS, or with CLONE_NEWUSER as an unprivileged user), makes `/` private, brings
/// `lo` up with the metadata alias, creates the listening sockets *inside* the new network namespace,
/// bind-mounts the private files, and passes the sockets back over a Unix socket (SCM_RIGHTS). A socket
/// keeps the namespace it was created in whoever holds it, so this process serves them with its own
/// threads: the emulators, their journal, the control API and the resolver all stay in the caller's
/// process (no re-exec, nothing to pass along, no secret in argv), while only the command and its
/// children live in the namespaces. Once `startServices` has the listeners running, the child execs the
/// command; it is this process's direct child, so signals can be forwarded to its pid.
///
/// Needs root, or unprivileged user namespaces (see `NamespacePolicy`); otherwise `launch` throws an
/// `IsolationError` (`namespacesUnavailable`) naming the cause. Not a security boundary against a
/// program running as root, which could leave the namespaces; it is a guarantee against clients that
/// ignore proxy variables.
public final class IsolatedRun: Sendable {
    public let configuration: IsolationConfiguration

    public init(configuration: IsolationConfiguration) {
        self.configuration = configuration
    }

    /// Launches `command` (argv; `command[0]` looked up on the `PATH` of `environment`) with exactly
    /// `environment`, waits for it, and returns how it ended.
    public func run(
        command: [String], environment: [String: String], standardIO: StandardIO = .inherited,
        startServices: (IsolatedSockets) throws -> Void
    ) throws(IsolationError) -> IsolatedProcess.Termination {
        try launch(command: command, environment: environment, standardIO: standardIO, startServices: startServices).wait()
    }

    /// Sets up the namespaces, calls `startServices` with the sockets listening inside them (it should
    /// start serving them before returning; the command starts right after, and connections it makes
    /// earlier wait in the listen backlog), starts the resolver, and starts `command`. Returns at once;
    /// `wait()` on the result. When it throws after `startServices` ran, the command never started: stop
    /// what `startServices` started.
    public func launch(
        command: [String], environment: [String: String], standardIO: StandardIO = .inherited,
        startServices: (IsolatedSockets) throws -> Void
    ) throws(IsolationError) -> IsolatedProcess {
        try Self.validate(command: command, environment: environment)
        let path = try ExecutablePath.resolve(command[0], path: environment["PATH"])
        let sockets = try socketPlan()
        let files = try PrivateEtcFiles.write(configuration)
        let root = geteuid() == 0
        let mode: CIsolation_mode = switch configuration.namespaces {
        case .automatic: root ? CIsolation_mode_plain_then_user : CIsolation_mode_user
        case .userNamespace: CIsolation_mode_user
        case .privileged: CIsolation_mode_plain
        }
        let plan = try LaunchPlan(
            mode: mode, path: path, arguments: command, environment: environment, sockets: sockets, mounts: files.mounts,
            loopbackAlias: IPv4.parse(EmulatedHosts.metadataAddress) ?? 0, standardIO: standardIO)

        let control = try ControlChannel()
        var cPlan = plan.plan
        let pid = CIsolation_spawn(&cPlan, control.childEnd, control.parentEnd)
        let spawnError = errno
        withExtendedLifetime(plan) {}  // the child has its own copy from the fork on
        control.closeChildEnd()
        guard pid > 0 else {
            throw IsolationError(code: .launchFailed, message: "cannot isolate the command: fork failed: \(IsolationError.errnoText(spawnError))")
        }
        func abandon(_ failure: ChildFailure) -> IsolationError {
            // The child exits on end of file while it waits for the go-ahead, or has already exited.
            control.close()
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return describe(failure, root: root, command: command[0], path: path, sockets: sockets, mounts: files.mounts)
        }
        let started: Started
        do throws(ChildFailure) {
            started = try serve(ready: control.receiveReady(expecting: sockets.count), mounts: files.mounts, startServices: startServices)
        } catch {
            throw abandon(error)
        }
        do throws(ChildFailure) {
            try control.sendGo()
            try control.confirmExec()
        } catch {
            started.resolver.stop()
            throw abandon(error)
        }
        return started.makeProcess(pid: pid)
    }

    /// The configured TCP listeners, then the resolver's UDP and TCP sockets.
    private func socketPlan() throws(IsolationError) -> [LaunchPlan.Socket] {
        guard configuration.listeners.count + 2 <= Int(CIsolation_max_listeners) else {
            throw IsolationError(
                code: .invalidConfiguration, message: "at most \(Int(CIsolation_max_listeners) - 2) isolated listeners, got \(configuration.listeners.count)")
        }
        guard Set(configuration.listeners).count == configuration.listeners.count else {
            throw IsolationError(code: .invalidConfiguration, message: "isolated listeners must be distinct")
        }
        var sockets: [LaunchPlan.Socket] = []
        for listener in configuration.listeners {
            guard let address = IPv4.parse(listener.address), (1...65535).contains(listener.port),
                  listener.port != IsolationConfiguration.resolverPort
            else {
                throw IsolationError(
                    code: .invalidConfiguration,
                    message: "isolated listener \(listener) must be an IPv4 address with a port from 1 to 65535 other than 53")
            }
            sockets.append(LaunchPlan.Socket(address: address, port: listener.port, datagram: false))
        }
        let resolver = IPv4.parse(IsolationConfiguration.resolverAddress) ?? 0
        sockets.append(LaunchPlan.Socket(address: resolver, port: IsolationConfiguration.resolverPort, datagram: true))
        sockets.append(LaunchPlan.Socket(address: resolver, port: IsolationConfiguration.resolverPort, datagram: false))
        return sockets
    }

    static func validate(command: [String], environment: [String: String]) throws(IsolationError) {
        guard let first = command.first, !first.isEmpty else {
            throw IsolationError(code: .commandNotFound, message: "cannot run the isolated command: no command given")
        }
        if let index = command.firstIndex(where: { $0.utf8.contains(0) }) {
            throw IsolationError(code: .invalidConfiguration, message: "argument \(index) of the isolated command contains a NUL byte")
        }
        for (name, value) in environment where name.isEmpty || name.contains("=") || name.utf8.contains(0) || value.utf8.contains(0) {
            throw IsolationError(
                code: .invalidConfiguration,
                message: "environment variable '\(name.isEmpty ? "(empty)" : name)' has an empty name, an '=' in its name, or a NUL byte")
        }
    }
}
