import Synchronization

extension HTTPClient {
    /// Counters since the client was created, from libcurl's own bookkeeping.
    public struct Statistics: Sendable, Equatable {
        /// Transfers attempted (`curl_easy_perform` calls), successful or not.
        public internal(set) var transfers = 0
        /// New TCP connections libcurl opened for them (CURLINFO_NUM_CONNECTS summed); a transfer that
        /// reused a kept-alive connection adds 0. This is the client's own view of keep-alive reuse, which
        /// unlike a server's accept count cannot be inflated by some other process connecting to the port.
        public internal(set) var connectionsOpened = 0
    }
}

/// The Mutex-guarded home of a client's `Statistics`, updated by every transfer thread.
final class HTTPClientCounters: Sendable {
    private let state = Mutex(HTTPClient.Statistics())

    func recordTransfer(newConnections: Int) {
        state.withLock {
            $0.transfers += 1
            $0.connectionsOpened += max(0, newConnections)
        }
    }

    var snapshot: HTTPClient.Statistics { state.withLock { $0 } }
}
