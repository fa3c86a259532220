import Glibc
import Synchronization

/// A request body kept in a file instead of memory (see `HTTPBodyPolicy.spool`): the server writes it
/// while the body arrives and hands it to the responder with the request. The file is removed when the
/// last reference goes (answered, failed or dropped), unless a responder `adopt`ed it (moved it away to
/// keep it).
public final class HTTPBodyFile: Sendable {
    public let path: String
    private let kept = Atomic<Bool>(false)

    /// Takes ownership of the file at `path`.
    public init(path: String) { self.path = path }

    deinit {
        if !kept.load(ordering: .acquiring) { _ = unlink(path) }
    }

    /// Creates an empty file (mode 0600) in `directory` and returns it with a descriptor open for writing.
    public static func create(in directory: String, prefix: String = "drydock-body-") -> (HTTPBodyFile, Int32)? {
        var template = Array((directory + "/" + prefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (HTTPBodyFile(path: path), fd)
    }

    /// The file's size in bytes (0 when it cannot be read).
    public var size: UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return UInt64(info.st_size)
    }

    /// The file is the caller's now (renamed into a store): it is no longer removed.
    public func adopt() { kept.store(true, ordering: .releasing) }
}

/// How a server receives one request's body, chosen from its head (`HTTPResponder.bodyPolicy`).
public enum HTTPBodyPolicy: Sendable {
    /// In memory, up to the server's `maxBodyBytes` (the default).
    case inMemory
    /// In memory up to the spool's threshold, then in a file (`HTTPRequest.bodyFile`).
    case spool(HTTPBodySpool)
    /// Not read at all: `response` answers the request (then the connection closes).
    case refuse(HTTPResponse)
}

/// Where and from which size a body goes to a file, and the most it may have.
public struct HTTPBodySpool: Sendable {
    /// The folder the file is created in (it must exist).
    public var directory: String
    /// Bodies larger than this go to the file; smaller ones stay in memory (`HTTPRequest.body`).
    public var threshold: Int
    /// The largest body accepted; past it (declared or received) `overLimit` answers instead.
    public var limit: UInt64
    public var overLimit: HTTPResponse

    public init(directory: String, threshold: Int, limit: UInt64, overLimit: HTTPResponse) {
        self.directory = directory
        self.threshold = threshold
        self.limit = limit
        self.overLimit = overLimit
    }
}

/// A file opened for reading, closed when the last reference goes. A response served from it reads the
/// bytes the file had when it was opened even if the file is removed meanwhile (POSIX keeps an open
/// file's data until its last descriptor closes): a store can open under its lock, then remove freely.
public final class HTTPOpenFile: Sendable {
    public let descriptor: Int32

    /// Opens `path` read-only; nil when it cannot be opened.
    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        descriptor = fd
    }

    deinit { _ = close(descriptor) }
}

/// A response body served from (part of) a file, without reading it into memory.
public struct HTTPResponseFile: Sendable, Equatable {
    public var path: String
    public var offset: UInt64
    public var length: UInt64
    /// The file already open (see `HTTPOpenFile`): served from this descriptor, `path` only names it.
    public var opened: HTTPOpenFile?

    public init(path: String, offset: UInt64, length: UInt64, opened: HTTPOpenFile? = nil) {
        self.path = path
        self.offset = offset
        self.length = length
        self.opened = opened
    }

    public static func == (left: HTTPResponseFile, right: HTTPResponseFile) -> Bool {
        left.path == right.path && left.offset == right.offset && left.length == right.length && left.opened === right.opened
    }

    /// A descriptor of its own for the file (the caller closes it): a duplicate of `opened`'s, else a new open.
    public func openDescriptor() -> Int32 {
        if let opened { return dup(opened.descriptor) }
        return open(path, O_RDONLY | O_CLOEXEC)
    }

    /// The bytes, read from the file (empty when it cannot be read).
    public func read() -> [UInt8] {
        let fd = openDescriptor()
        guard fd >= 0, length <= UInt64(Int.max) else {
            if fd >= 0 { close(fd) }
            return []
        }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(offset) + off_t(done)) }
            if count <= 0 { break }
            done += count
        }
        return Array(bytes.prefix(done))
    }
}

extension HTTPResponse {
    /// This response with a file body read into `body` (for transports and faults that need the bytes).
    public func materialized() -> HTTPResponse {
        guard let file else { return self }
        var response = self
        response.body = file.read()
        response.file = nil
        return response
    }
}
