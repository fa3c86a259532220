import CXLSXWriter

/// A libxlsxwriter call failed: which call, on what, and libxlsxwriter's own message (`lxw_strerror`).
public struct XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `lxw_error` value; 0 is never stored.
    public let code: Int
    /// The operation, e.g. `write cell Charters!B7`.
    public let operation: String
    public let message: String

    public init(code: Int, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    init(_ error: lxw_error, _ operation: String) {
        code = Int(error.rawValue)
        self.operation = operation
        message = String(cString: lxw_strerror(error))
    }

    public var description: String { "libxlsxwriter could not \(operation): \(message) (lxw_error \(code))" }

    /// Throws when `result` is not `LXW_NO_ERROR`.
    static func check(_ result: lxw_error, _ operation: @autoclosure () -> String) throws {
        guard result != LXW_NO_ERROR else { return }
        throw XLSXError(result, operation())
    }
}
