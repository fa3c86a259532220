import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import Foundation

/// A CloudFront API client (REST XML, version 2020-05-31): SigV4 for service `cloudfront` in
/// `us-east-1` (CloudFront is global), credentials asked for before every attempt, retried in botocore's
/// standard mode (`DynamoDBRetryPolicy`: 3 attempts, full-jitter backoff, throttling and 5xx and transport
/// failures).
///
/// The endpoint is `AWS_ENDPOINT_URL_CLOUDFRONT`, else `AWS_ENDPOINT_URL`, else
/// `https://cloudfront.amazonaws.com`, as the SDKs resolve it.
public struct CloudFrontClient: Sendable {
    public static let apiVersion = "2020-05-31"
    public static let namespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
    public let endpointURL: String
    public let credentials: any AWSCredentialProvider
    public var retryPolicy: DynamoDBRetryPolicy
    public var timeout: Double = 60
    private let transport: any HTTPTransport
    private let clock: any WallClock
    private let authority: String
    private let basePath: String

    /// - Throws: ``CloudFrontError`` with code `EndpointError` when the endpoint URL is unusable.
    public init(
        credentials: any AWSCredentialProvider, transport: any HTTPTransport, environment: Environment, clock: any WallClock,
        retryPolicy: DynamoDBRetryPolicy? = nil
    ) throws {
        let url = environment["AWS_ENDPOINT_URL_CLOUDFRONT"] ?? environment["AWS_ENDPOINT_URL"] ?? "https://cloudfront.amazonaws.com"
        let parsed: ParsedURL
        do { parsed = try ParsedURL(url) } catch {
            throw CloudFrontError(code: CloudFrontError.endpointErrorCode, message: "CloudFront endpoint '\(url)' is not a usable URL: \(error)",
                                  status: nil, operation: "configuration")
        }
        endpointURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        authority = parsed.authority
        let path = parsed.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        basePath = path == "/" ? "" : (path.hasSuffix("/") ? String(path.dropLast()) : path)
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy ?? DynamoDBRetryPolicy(maxAttempts: environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? 3)
    }

    /// One invalidation as CloudFront describes it.
    public struct Invalidation: Sendable, Equatable {
        public let id: String
        /// `InProgress` or `Completed`.
        public let status: String
        public let paths: [String]
        public let callerReference: String
        public var isCompleted: Bool { status == "Completed" }
    }

    /// GetDistribution: the distribution's domain name and ETag (a check that it exists and the role may read it).
    public func distribution(_ id: String) throws -> (domainName: String, etag: String?) {
        let (document, response) = try call("GetDistribution", method: "GET", path: "/distribution/\(Self.segment(id))")
        return (document.childText("DomainName") ?? "", response.headers["ETag"])
    }

    /// CreateInvalidation of `paths` with `callerReference` (CloudFront answers the existing invalidation
    /// when the reference and paths were sent before).
    public func createInvalidation(distribution id: String, paths: [String], callerReference: String) throws -> Invalidation {
        var writer = XML.Writer()
        writer.element("InvalidationBatch", xmlns: Self.namespace) { batch in
            batch.element("Paths") { list in
                list.leaf("Quantity", String(paths.count))
                list.element("Items") { items in for path in paths { items.leaf("Path", path) } }
            }
            batch.leaf("CallerReference", callerReference)
        }
        let (document, _) = try call("CreateInvalidation", method: "POST", path: "/distribution/\(Self.segment(id))/invalidation", body: writer.bytes)
        return try Self.invalidation(document, operation: "CreateInvalidation")
    }

    /// GetInvalidation.
    public func invalidation(distribution id: String, invalidationID: String) throws -> Invalidation {
        let (document, _) = try call(
            "GetInvalidation", method: "GET", path: "/distribution/\(Self.segment(id))/invalidation/\(Self.segment(invalidationID))")
        return try Self.invalidation(document, operation: "GetInvalidation")
    }

    static func invalidation(_ document: XML.Element, operation: String) throws -> Invalidation {
        guard document.name == "Invalidation", let id = document.childText("Id"), let status = document.childText("Status") else {
            throw CloudFrontError(code: "InvalidResponse", message: "the answer is not an <Invalidation> with an Id and a Status", status: nil, operation: operation)
        }
        let batch = document.child("InvalidationBatch")
        return Invalidation(
            id: id, status: status, paths: batch?.child("Paths")?.child("Items")?.children("Path").map(\.text) ?? [],
            callerReference: batch?.childText("CallerReference") ?? "")
    }

    static func segment(_ text: String) -> String { PercentEncoding.encode(text) }

    /// Sends one operation with retries; the parsed XML document and the response.
    private func call(_ operation: String, method: String, path: String, body: [UInt8] = []) throws -> (XML.Element, HTTPResponse) {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try attemptCall(operation, method: method, path: path, body: body)
            } catch var error as CloudFrontError {
                error.attempts = attempt
                guard attempt < retryPolicy.maxAttempts, error.isRetryable else { throw error }
                clock.sleep(seconds: retryPolicy.delay(beforeRetry: attempt))
            }
        }
    }

    private func attemptCall(_ operation: String, method: String, path: String, body: [UInt8]) throws -> (XML.Element, HTTPResponse) {
        let fullPath = basePath + "/" + Self.apiVersion + path
        var headers: [(name: String, value: String)] = [("Host", authority)]
        if !body.isEmpty { headers.append(("Content-Type", "text/xml")) }
        let signer = SigV4Signer(credentials: try credentials.credentials(), region: "us-east-1", service: "cloudfront")
        let signed = signer.sign(SigV4Request(method: method, path: fullPath, headers: headers, body: body), date: clock.now())
        let request = ClientRequest(
            method: method, url: endpointURL + String(fullPath.dropFirst(basePath.count)),
            headers: HTTPHeaders(signed.headers.map { ($0.name, $0.value) }), body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as HTTPClientError {
            throw CloudFrontError(
                code: error.isTransient ? CloudFrontError.transportErrorCode : CloudFrontError.endpointErrorCode,
                message: error.message, status: nil, operation: operation)
        }
        let requestID = response.headers["x-amz-request-id"]
        let document = try? XML.Parser.parse(response.body)
        guard (200..<300).contains(response.status) else {
            let error = document?.child("Error")
            throw CloudFrontError(
                code: error?.childText("Code") ?? "HTTP\(response.status)",
                message: error?.childText("Message") ?? "HTTP \(response.status) without a CloudFront error body",
                status: response.status, requestID: requestID, operation: operation)
        }
        guard let document else {
            throw CloudFrontError(code: "InvalidResponse", message: "the response body is not XML", status: response.status,
                                  requestID: requestID, operation: operation)
        }
        return (document, response)
    }
}
