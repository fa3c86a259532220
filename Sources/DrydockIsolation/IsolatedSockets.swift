import Glibc
import Synchronization

/// The listening TCP sockets made inside the namespace, handed to `startServices`. Each is bound and
/// listening, non-blocking and close-on-exec. Take the ones you serve: the descriptor is then yours
/// (for example `HTTPServer.start(listeningOn:)`, which closes it in `stop()`); the run closes the rest
/// once `startServices` returns.
public final class IsolatedSockets: Sendable {
    private let descriptors: Mutex<[IsolatedListener: Int32]>

    init(_ descriptors: [IsolatedListener: Int32]) {
        self.descriptors = Mutex(descriptors)
    }

    /// The listeners not taken yet.
    public var listeners: [IsolatedListener] { descriptors.withLock { Array($0.keys) } }

    /// The socket listening on `listener` inside the namespace; nil if it was not configured or is
    /// taken already.
    public func take(_ listener: IsolatedListener) -> Int32? {
        descriptors.withLock { $0.removeValue(forKey: listener) }
    }

    /// Closes every socket not taken.
    func closeUntaken() {
        for fd in descriptors.withLock({ state in defer { state.removeAll() }; return Array(state.values) }) { close(fd) }
    }

    deinit { closeUntaken() }
}
