import Foundation

extension HTTPServer {
    /// Where a server listens and what it tolerates from clients.
    public struct Configuration: Sendable, Equatable {
        /// The address to bind: an IPv4 or IPv6 literal, or a name that resolves to one.
        public var host: String
        /// The TCP port; 0 picks a free one (read it back from `HTTPServer.port`).
        public var port: Int
        /// Request bodies larger than this get `413 Payload Too Large`. A declared `Content-Length` over
        /// the cap is refused before any of the body is read.
        public var maxBodyBytes: Int
        /// Memory libmicrohttpd may use per connection for the request line, headers and read buffer, so
        /// it also bounds URL and header size: past it the server answers 414 or 431 itself.
        public var connectionMemoryLimit: Int
        /// Idle seconds after which a connection (including a kept-alive one between requests) is closed;
        /// 0 means never (libmicrohttpd's MHD_OPTION_CONNECTION_TIMEOUT semantics). Any byte received
        /// restarts it, so it does not bound a client that trickles its request: see
        /// `requestHeadTimeoutSeconds`.
        public var connectionTimeoutSeconds: Int
        /// The longest a client may take to send a complete request head (request line and headers):
        /// counted from the accept for a connection's first request, and from the first byte of each later
        /// one (an idle kept-alive connection is `connectionTimeoutSeconds`' business). Past it the socket
        /// is shut down (a slowloris defence). 0 turns it off. Checked a few times a second, so it is
        /// accurate to about a quarter of itself (at most a second).
        public var requestHeadTimeoutSeconds: Double
        /// Simultaneous connections; more wait in the listen backlog. Idle and slow connections cost no
        /// thread, only a descriptor and a little memory, so the default is far above what a test run
        /// opens; `start()` raises the process's open-file limit to make room (see `openFileLimit`).
        public var connectionLimit: Int
        /// The longest a `.hang` response holds its connection before dropping it.
        public var maxHangSeconds: Double
        /// Event-loop threads. Requests are answered inline on them (responders are fast; anything that
        /// waits is `.deferred`), so a few threads serve any number of connections.
        public var threadCount: Int
        /// How long an event-loop thread keeps polling without sleeping after it last had something to do
        /// (0, the default: it sleeps at once). See `HTTPServerEventLoop`: on a virtual machine, waking a
        /// sleeping thread for the next request on a keep-alive connection costs more than answering a
        /// small one. `drydock emulators serve` spins (`--idle-spin`); servers inside a test process,
        /// where many run side by side, do not.
        public var idleSpinMicroseconds: Int

        public init(
            host: String = "127.0.0.1", port: Int = 0, maxBodyBytes: Int = 10 * 1024 * 1024,
            connectionMemoryLimit: Int = 64 * 1024, connectionTimeoutSeconds: Int = 30,
            requestHeadTimeoutSeconds: Double = 10, connectionLimit: Int = 10_000, maxHangSeconds: Double = 300,
            threadCount: Int = Configuration.defaultThreadCount, idleSpinMicroseconds: Int = 0
        ) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.connectionMemoryLimit = connectionMemoryLimit
            self.connectionTimeoutSeconds = connectionTimeoutSeconds
            self.requestHeadTimeoutSeconds = requestHeadTimeoutSeconds
            self.connectionLimit = connectionLimit
            self.maxHangSeconds = maxHangSeconds
            self.threadCount = threadCount
            self.idleSpinMicroseconds = idleSpinMicroseconds
        }

        /// One event-loop thread per processor, at least 2 (so a responder that does block, as a test's
        /// may, cannot stall every connection) and at most 4.
        public static var defaultThreadCount: Int {
            min(4, max(2, ProcessInfo.processInfo.activeProcessorCount))
        }
    }
}
