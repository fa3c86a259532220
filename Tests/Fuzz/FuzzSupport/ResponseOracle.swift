import DrydockCore
import DrydockHTTP
import Foundation

/// What no client input may cause, checked on every answer: a crash is libFuzzer's to see, but an
/// emulator that answers with a 5xx, with a JSON body that does not parse, or with something the
/// HTTP server could not send (a status outside 100-599, a header carrying CR, LF or NUL) has a bug
/// too. A violation traps, so libFuzzer saves the input like any other crash.
public enum ResponseOracle {
    /// Traps when `response` breaks `checkSendable`, is a 5xx, or declares JSON it does not contain.
    ///
    /// - Parameter context: what was sent, for the trap message (never a secret).
    public static func check(_ response: HTTPResponse, _ context: @autoclosure () -> String) {
        trace(response, context())
        checkSendable(response, context())
        if response.status >= 500 {
            fatalError("oracle: \(context()) answered \(response.status) with no fault rule: \(excerpt(response))")
        }
        let contentType = response.headers["Content-Type"]?.lowercased() ?? ""
        if contentType.contains("json"), !response.body.isEmpty {
            do {
                _ = try JSONValue.parse(response.body)
            } catch {
                fatalError("oracle: \(context()) answered \(response.status) with a body that is not JSON (\(error)): \(excerpt(response))")
            }
        }
    }

    /// `DRYDOCK_FUZZ_TRACE=1`: every checked answer is printed (status and the start of the body), to
    /// see what a corpus reaches: `DRYDOCK_FUZZ_TRACE=1 .build-fuzz/release/fuzz-… -runs=0 Tests/Fuzz/Corpus/…`.
    static let tracing = ProcessInfo.processInfo.environment["DRYDOCK_FUZZ_TRACE"] == "1"

    static func trace(_ response: HTTPResponse, _ context: @autoclosure () -> String) {
        guard tracing else { return }
        let line = "trace: \(context()) → \(response.status) \(excerpt(response).prefix(160).replacingOccurrences(of: "\n", with: " "))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func excerpt(_ response: HTTPResponse) -> String {
        String(decoding: response.body.prefix(300), as: UTF8.self)
    }

    /// Traps when the HTTP server could not send `response` as it is: a status outside 100-599, a
    /// header name or value with CR, LF or NUL (response splitting), a cut beyond the body.
    public static func checkSendable(_ response: HTTPResponse, _ context: @autoclosure () -> String) {
        guard (100...599).contains(response.status) else {
            fatalError("oracle: \(context()) answered status \(response.status)")
        }
        for (name, value) in response.headers.fields {
            let bad: (UInt8) -> Bool = { $0 == 13 || $0 == 10 || $0 == 0 }
            if name.isEmpty || name.utf8.contains(where: { bad($0) || $0 == UInt8(ascii: ":") || $0 == 32 }) || value.utf8.contains(where: bad) {
                fatalError("oracle: \(context()) answered a header the server cannot send: \(name.debugDescription): \(value.debugDescription)")
            }
        }
        if case .closeMidBody(let bytes) = response.delivery, !(0...response.body.count).contains(bytes) {
            fatalError("oracle: \(context()) cuts a \(response.body.count)-byte body at \(bytes)")
        }
    }
}
