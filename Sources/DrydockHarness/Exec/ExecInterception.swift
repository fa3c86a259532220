import DrydockIsolation
import EmulatorKit

/// The plug-in point for transparent interception (issue 9 §2): something started beside the emulators
/// for the length of one run — the intercepting proxy with its sandbox CA — that gives the child more
/// variables and is stopped after it.
///
/// `ExecRunner.run` calls the starter once the emulators listen and the sandbox HOME is written, passes
/// the returned `variables` to `ChildEnvironment.build` as `interceptionVariables` (set last, so they
/// win: `HTTPS_PROXY`, `HTTP_PROXY`, `https_proxy`, `http_proxy`, `NO_PROXY`, `no_proxy`, `SSL_CERT_FILE`,
/// `REQUESTS_CA_BUNDLE`, `CURL_CA_BUNDLE`, `AWS_CA_BUNDLE`, `HTTPLIB2_CA_CERTS`, `NODE_EXTRA_CA_CERTS`,
/// `GIT_SSL_CAINFO`), and calls `stop` after the child has exited, before the emulators stop. Files it
/// writes under `context.home` (the CA key, the bundle) are removed with the sandbox.
public struct ExecInterception: Sendable {
    /// What the starter is given.
    public struct Context: Sendable {
        /// The edge every request must reach (`InterceptingProxy(router:authority:)`).
        public let router: EdgeRouter
        /// `http://127.0.0.1:PORT`: where the emulators listen.
        public let baseURL: String
        /// The sandbox HOME (0700), for the CA and its bundle (e.g. `home/.drydock/`).
        public let home: String
    }

    /// What `--isolate` needs from the interception: the names that resolve inside the namespace, the
    /// trust-store variables alone (no proxy variables: inside, the real names lead to the emulators),
    /// the CA bundle to mount over the system's, and how to serve the listeners made inside.
    public struct Isolation: Sendable {
        public var hosts: EmulatedHosts
        public var trustVariables: [String: String]
        public var bundlePath: String
        /// Starts serving 127.0.0.1:80, 169.254.169.254:80 (plain HTTP, routed by Host) and 127.0.0.1:443
        /// (TLS, certificate by SNI) on the sockets made inside the namespace; `stop` stops them.
        public var serve: @Sendable (IsolatedSockets) throws -> Void

        public init(
            hosts: EmulatedHosts, trustVariables: [String: String], bundlePath: String,
            serve: @escaping @Sendable (IsolatedSockets) throws -> Void
        ) {
            self.hosts = hosts
            self.trustVariables = trustVariables
            self.bundlePath = bundlePath
            self.serve = serve
        }
    }

    /// Variables for the child.
    public var variables: [String: String]
    /// Stops what was started; called exactly once.
    public var stop: @Sendable () -> Void
    /// nil: the starter cannot serve an isolated run.
    public var isolation: Isolation?

    public init(variables: [String: String], stop: @escaping @Sendable () -> Void = {}, isolation: Isolation? = nil) {
        self.variables = variables
        self.stop = stop
        self.isolation = isolation
    }

    /// Starts the interception for one run; throws to abort the run (exit 78 with the error's text).
    public typealias Starter = @Sendable (Context) throws -> ExecInterception
}
