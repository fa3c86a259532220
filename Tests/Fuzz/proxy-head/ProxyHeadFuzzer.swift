import FuzzSupport
import Interception

/// The interception proxy's front, `ProxyRequestHead.decide`: the input is the first bytes a proxy client
/// sends (a `CONNECT host:port HTTP/1.1` head, an absolute-form request line, or anything). Decided twice,
/// under the proxy's default 16 KiB head limit and under a 256-byte one (to reach the limit's edge).
/// Oracle: a verdict the connection can act on — an accepted CONNECT starts with `CONNECT `, names a host
/// that is its own normal form and a port 1–65535, and ends with a line break within the limit; a relay
/// is not a CONNECT and has a line break within the limit; 431 only for an input at least as long as the
/// limit; a read asks for at least one byte and never past the limit; a 400's detail is printable ASCII or tabs (it
/// goes into the answer). And the verdict on the whole input is the one a connection reading only as much
/// as `decide` asks for (byte by byte inside a CONNECT head) reaches.
enum ProxyHeadFuzzer {
    static let defaultLimit = InterceptingProxy.Configuration().maxHeadBytes
    static let smallLimit = 256

    static func run(_ input: [UInt8]) {
        for limit in [defaultLimit, smallLimit] {
            let decision = ProxyRequestHead.decide(input[...], maxHeadBytes: limit)
            checkVerdict(decision, input: input, limit: limit)
            // Feeding byte by byte costs a rescan per byte: only where that stays fast.
            if limit == smallLimit || input.count <= 1024 {
                check(asAConnectionReads(input, limit: limit) == decision, "the verdict read in steps differs from \(decision)")
            }
        }
    }

    static func checkVerdict(_ decision: ProxyRequestHead.Decision, input: [UInt8], limit: Int) {
        let startsWithConnect = input.starts(with: "CONNECT ".utf8)
        switch decision {
        case .read(let count):
            check(count >= 1, "read of \(count) bytes")
            check(input.count + count <= limit, "read of \(count) past the limit \(limit) after \(input.count)")
        case .connect(let host, let port, let headLength):
            check(startsWithConnect, "a CONNECT verdict for another method")
            check((1...65535).contains(port), "port \(port)")
            check(!host.name.isEmpty && HostName(host.name) == host, "host '\(host.name)' is not its own normal form")
            check(headLength <= limit && headLength <= input.count, "a head of \(headLength) bytes (limit \(limit))")
            check(input[headLength - 1] == 0x0A, "the head does not end with a line break")
            check(input[..<headLength].allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20...0x7E).contains($0) },
                  "a head with bytes that are not printable ASCII")
        case .relay:
            check(!startsWithConnect, "a CONNECT relayed in clear")
            check(input.prefix(limit).contains(0x0A), "relayed without a line break within the limit")
        case .badRequest(let detail):
            check(!detail.isEmpty && detail.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) }, "detail \(detail.debugDescription)")
        case .headTooLarge:
            check(input.count >= limit, "431 for \(input.count) bytes (limit \(limit))")
        }
    }

    /// What a connection decides reading only as told, until the input runs out.
    static func asAConnectionReads(_ input: [UInt8], limit: Int) -> ProxyRequestHead.Decision {
        var received = 0
        while true {
            let decision = ProxyRequestHead.decide(input[..<received], maxHeadBytes: limit)
            guard case .read(let count) = decision, received < input.count else { return decision }
            received += min(count, input.count - received)
        }
    }

    static func check(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fail(what()) }
    }

    static func fail(_ what: String) -> Never {
        fatalError("oracle: proxy-head: \(what)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ProxyHeadFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_proxy_head_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
