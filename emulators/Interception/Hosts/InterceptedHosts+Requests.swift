import DrydockCore
import DrydockCrypto
import DrydockHTTP
import Foundation
import GoogleOAuthEmulator

/// Which service answers one request to an emulated host, or what the host table answers itself.
extension InterceptedHosts {
    enum Destination: Equatable {
        /// The service's emulator answers (faults apply, the journal records it).
        case service(String)
        /// The host table answers before any emulator; journalled as `service` (operation nil: the
        /// service's own name for the request).
        case answer(HTTPResponse, service: String, operation: String?)
        /// Not an emulated host (or port): refused, journalled as `egress.blocked`.
        case refused(reason: String)
    }

    /// Where `request` (origin-form target) to `host:port`, received over `scheme`, goes.
    static func destination(of request: HTTPRequest, host: HostName, port: Int, scheme: Scheme) -> Destination {
        guard case .host(let entry)? = entry(for: host) else {
            guard case .refuse(let reason) = route(host, port: port) else { return .refused(reason: "\(host.name) is not emulated") }
            return .refused(reason: reason)
        }
        guard entry.ports.contains(port) else {
            guard case .refuse(let reason) = route(host, port: port) else { return .refused(reason: "port \(port) is not emulated") }
            return .refused(reason: reason)
        }
        let path = request.rawPath
        guard let route = entry.routes.first(where: { $0.matches(path) }) else {
            return .answer(GoogleErrorPage.notFound(path: request.path), service: entry.service, operation: "unknown")
        }
        if scheme == .http && entry.requiresTLS {
            return .answer(sslRequired(for: request), service: route.service, operation: nil)
        }
        if let region = entry.region, let refusal = regionMismatch(request, hostRegion: region) {
            return .answer(refusal, service: route.service, operation: nil)
        }
        return .service(route.service)
    }

    /// Google's answer to an API call over plain HTTP. The message and status are as reported from
    /// googleapis.com; the `errors[]` entry's reason `sslRequired` is assumed (Google's legacy reason name).
    static func sslRequired(for request: HTTPRequest) -> HTTPResponse {
        GoogleAPIError(code: 403, status: "PERMISSION_DENIED", message: "SSL is required to perform this operation.", reason: "sslRequired")
            .response(for: request)
    }

    /// DynamoDB's answer to a request whose SigV4 credential scope names another region than the
    /// endpoint's: 400 `InvalidSignatureException`, "Credential should be scoped to a valid region, not
    /// '<scope region>'. " (text and trailing space as AWS returns them in public reports, DynamoDB's among
    /// them; the `com.amazon.coral.service` namespace is the one the emulator uses for signature errors).
    /// nil when the scope agrees or there is none (the emulator then answers as usual).
    static func regionMismatch(_ request: HTTPRequest, hostRegion: String) -> HTTPResponse? {
        guard let authorization = request.headers["Authorization"],
              let scope = SigV4Authorization.credentialRegion(in: authorization), scope != hostRegion else { return nil }
        let shown = String(scope.unicodeScalars.prefix(64).map { (0x20...0x7E).contains($0.value) ? Character($0) : "?" })
        let body: JSONValue = [
            "__type": .string("com.amazon.coral.service#InvalidSignatureException"),
            "message": .string("Credential should be scoped to a valid region, not '\(shown)'. "),
        ]
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/x-amz-json-1.0")
        headers.add("x-amzn-RequestId", requestID())
        return HTTPResponse(status: 400, headers: headers, body: Array(body.serialized().utf8))
    }

    /// A DynamoDB-shaped request id: 52 characters of `[0-9A-Z]`.
    private static func requestID() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        return String(decoding: SecureRandom.bytes(52).map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}
