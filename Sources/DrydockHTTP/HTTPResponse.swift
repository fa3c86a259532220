/// A response: status, headers, body, and how the transport should deliver it.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Normal delivery, a transport fault the emulators inject, or work to finish later.
    public var delivery: Delivery
    /// A body served from a file instead of `body` (large objects); `materialized()` reads it.
    public var file: HTTPResponseFile?

    /// How a server transport delivers a response. In-process transports map the faults to the client
    /// errors a socket would produce.
    public enum Delivery: Sendable, Equatable {
        /// Send status, headers and body.
        case normal
        /// Abort the connection with a TCP RST instead of answering.
        case reset
        /// Send the status, headers (with the full Content-Length) and only the first `bytes` bytes of the
        /// body, then close the connection.
        case closeMidBody(bytes: Int)
        /// Never answer; hold the connection until the client gives up or the server stops.
        case hang
        /// Not the answer yet: after the deferral's delay, its continuation produces the response to
        /// deliver (see `HTTPResponse.deferred(after:_:)`). Status, headers and body are unused.
        case deferred(HTTPDeferral)
    }

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], delivery: Delivery = .normal) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delivery = delivery
    }

    /// A response with a UTF-8 text body and the given content type.
    public init(status: Int, contentType: String, text: String, headers: HTTPHeaders = [:]) {
        var all = headers
        all.set("Content-Type", contentType)
        self.init(status: status, headers: all, body: Array(text.utf8))
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
