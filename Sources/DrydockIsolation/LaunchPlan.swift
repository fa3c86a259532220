internal import CIsolation
import Glibc

/// Everything the forked child reads, as C memory allocated before the fork and freed after it: the
/// child cannot allocate (see launcher.c).
final class LaunchPlan {
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private let argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let listeners: UnsafeMutablePointer<CIsolation_listener>
    private let mounts: UnsafeMutablePointer<CIsolation_mount>
    private(set) var plan = CIsolation_plan()

    struct Socket {
        let address: UInt32
        let port: Int
        let datagram: Bool
    }

    init(
        mode: CIsolation_mode, path: String, arguments: [String], environment: [String: String], sockets: [Socket],
        mounts mountList: [PrivateEtcFiles.Mount], loopbackAlias: UInt32, standardIO: StandardIO
    ) throws(IsolationError) {
        argv = .allocate(capacity: arguments.count + 1)
        envp = .allocate(capacity: environment.count + 1)
        listeners = .allocate(capacity: max(1, sockets.count))
        mounts = .allocate(capacity: max(1, mountList.count))
        argv.initialize(repeating: nil, count: arguments.count + 1)
        envp.initialize(repeating: nil, count: environment.count + 1)
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer { self.strings = strings }
        func copy(_ text: String) throws(IsolationError) -> UnsafeMutablePointer<CChar> {
            guard let pointer = strdup(text) else {
                throw IsolationError(code: .launchFailed, message: "cannot isolate the command: out of memory copying its arguments")
            }
            strings.append(pointer)
            return pointer
        }
        for (index, argument) in arguments.enumerated() { argv[index] = try copy(argument) }
        argv[arguments.count] = nil
        for (index, (name, value)) in environment.sorted(by: { $0.key < $1.key }).enumerated() { envp[index] = try copy("\(name)=\(value)") }
        envp[environment.count] = nil
        for (index, socket) in sockets.enumerated() {
            listeners[index] = CIsolation_listener(address: socket.address, port: UInt16(socket.port), datagram: socket.datagram ? 1 : 0)
        }
        for (index, mount) in mountList.enumerated() {
            mounts[index] = CIsolation_mount(source: try copy(mount.source), target: try copy(mount.target))
        }
        plan.mode = Int32(mode.rawValue)
        plan.uid_map = UnsafePointer(try copy("\(geteuid()) \(geteuid()) 1\n"))
        plan.gid_map = UnsafePointer(try copy("\(getegid()) \(getegid()) 1\n"))
        plan.loopback_alias = loopbackAlias
        plan.listeners = UnsafePointer(listeners)
        plan.listener_count = sockets.count
        plan.mounts = UnsafePointer(mounts)
        plan.mount_count = mountList.count
        plan.path = UnsafePointer(try copy(path))
        plan.argv = UnsafePointer(argv)
        plan.envp = UnsafePointer(envp)
        plan.stdin_fd = standardIO.input
        plan.stdout_fd = standardIO.output
        plan.stderr_fd = standardIO.error
    }

    deinit {
        for pointer in strings { free(pointer) }
        argv.deallocate()
        envp.deallocate()
        listeners.deallocate()
        mounts.deallocate()
    }
}

/// The command's standard input, output and error: inherited (-1), or descriptors above 2 of the caller's
/// (a test's temporary file, for instance), which the child moves onto 0, 1 and 2.
public struct StandardIO: Sendable, Equatable {
    public var input: Int32
    public var output: Int32
    public var error: Int32

    public init(input: Int32 = -1, output: Int32 = -1, error: Int32 = -1) {
        self.input = input
        self.output = output
        self.error = error
    }

    /// The caller's own standard streams.
    public static let inherited = StandardIO()
}
