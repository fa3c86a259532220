import DrydockCore
import DrydockHTTP
import EmulatorKit

/// A CloudFront error as CloudFront answers it: an HTTP status and
/// `<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>…</Code>
/// <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`, with `x-amz-request-id`.
///
/// Codes and statuses are the CloudFront API reference's (and botocore's service model's). Messages
/// are the ones real CloudFront answers where a public source quotes them; the others are the API
/// reference's description of the error and are marked "assumed" at their factory.
struct CloudFrontError: Error, Sendable, Equatable {
    let code: String
    let message: String
    let status: Int
    /// `Sender` for the caller's mistakes, `Receiver` for the service's own failures.
    var type = "Sender"

    static let namespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/"

    /// The error response; a HEAD request gets the status and headers without a body.
    func response(requestID: String, method: String) -> HTTPResponse {
        var writer = XML.Writer()
        writer.element("ErrorResponse", xmlns: Self.namespace) { xml in
            xml.element("Error") { error in
                error.leaf("Type", type)
                error.leaf("Code", code)
                error.leaf("Message", message)
            }
            xml.leaf("RequestId", requestID)
        }
        var headers = HTTPHeaders()
        headers.add("x-amz-request-id", requestID)
        if method == "HEAD" { return HTTPResponse(status: status, headers: headers) }
        headers.add("Content-Type", "text/xml")
        return HTTPResponse(status: status, headers: headers, body: writer.bytes)
    }
}

// MARK: The codes the emulator answers

extension CloudFrontError {
    /// Message as the AWS SDKs' integration tests expect it from the real service.
    static let noSuchDistribution = CloudFrontError(code: "NoSuchDistribution", message: "The specified distribution does not exist.", status: 404)
    /// Message assumed (the API reference's description).
    static let noSuchInvalidation = CloudFrontError(code: "NoSuchInvalidation", message: "The specified invalidation does not exist.", status: 404)
    /// Message assumed (the API reference's description of MissingBody).
    static let missingBody = CloudFrontError(
        code: "MissingBody", message: "This operation requires a body. Ensure that the body is present and the Content-Type header is set.", status: 400)
    /// Message assumed.
    static func malformedInput(_ reason: String) -> CloudFrontError {
        CloudFrontError(code: "MalformedInput", message: "The request body is not well-formed XML: \(reason)", status: 400)
    }
    /// Message assumed (the API reference's description of InconsistentQuantities).
    static let inconsistentQuantities = CloudFrontError(
        code: "InconsistentQuantities", message: "The value of Quantity and the size of Items don't match.", status: 400)
    /// Message assumed (the API reference's description of BatchTooLarge).
    static let batchTooLarge = CloudFrontError(code: "BatchTooLarge", message: "Invalidation batch specified is too large.", status: 413)
    /// Message assumed (the API reference's description of TooManyInvalidationsInProgress).
    static let tooManyInvalidationsInProgress = CloudFrontError(
        code: "TooManyInvalidationsInProgress",
        message: "You have exceeded the maximum number of allowable InProgress invalidation batch requests, or invalidation objects.",
        status: 400)
    /// The text real CloudFront answers (quoted in aws-cdk#3878 and s3-deploy-website#26).
    static let callerReferenceReused = CloudFrontError(
        code: "InvalidArgument",
        message: "Your request contains a caller reference that was used for a previous invalidation batch for the same distribution.",
        status: 400)
    /// A path that does not start with `/` or has `*` elsewhere than at its end. Message assumed.
    static func invalidPath(_ path: String) -> CloudFrontError {
        CloudFrontError(
            code: "InvalidArgument",
            message: "Your request contains one or more invalid invalidation paths: \"\(path.prefix(200))\" must start with / and may hold * only as its last character.",
            status: 400)
    }
    /// Message assumed.
    static func invalidArgument(_ message: String) -> CloudFrontError {
        CloudFrontError(code: "InvalidArgument", message: message, status: 400)
    }
    static let accessDenied = CloudFrontError(code: "AccessDenied", message: "Access denied.", status: 403)
    /// A path or method CloudFront's API has no operation for. Code and message assumed.
    static let unknownOperation = CloudFrontError(code: "InvalidAction", message: "The action or operation requested is not valid.", status: 400)
    static let throttling = CloudFrontError(code: "Throttling", message: "Rate exceeded", status: 400)
    static let serviceUnavailable = CloudFrontError(
        code: "ServiceUnavailable", message: "CloudFront is temporarily unable to handle the request.", status: 503, type: "Receiver")
    static let internalError = CloudFrontError(
        code: "InternalFailure", message: "The request processing has failed because of an unknown error, exception or failure.",
        status: 500, type: "Receiver")
}
