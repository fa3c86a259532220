import DrydockCrypto
import DrydockHTTP
import Foundation
import IMDSEmulator

/// Verifies SigV4 (service `cloudfront`, scope region `us-east-1`) with the verifier DynamoDB's emulator
/// uses, against static keys (`cloudfront/credentials.json`, a test's) and the IMDS emulator's issued
/// keys with their session tokens. Failures become CloudFront's XML errors with the verifier's texts
/// (the codes AWS's front end answers for every REST-XML service: `MissingAuthenticationToken`,
/// `SignatureDoesNotMatch`, `InvalidClientTokenId`, `IncompleteSignature`, `ExpiredToken`).
struct CloudFrontAuthenticator: Sendable {
    let verifier: SigV4Verifier
    let keys: AWSRequestKeys

    init(staticKeys: [String: String], authority: IMDSCredentialAuthority?, maxSkew: Double = 900) {
        verifier = SigV4Verifier(service: "cloudfront", maxSkew: maxSkew)
        keys = AWSRequestKeys(staticKeys: staticKeys, authority: authority)
    }

    func authenticate(_ request: HTTPRequest, now: Date) throws(CloudFrontError) {
        switch keys.check(request, with: verifier, now: now) {
        case nil: return
        case .signature(let error): throw Self.restError(error)
        case .expiredToken:
            throw CloudFrontError(code: "ExpiredToken", message: "The security token included in the request is expired", status: 403)
        case .invalidToken:
            throw CloudFrontError(code: "InvalidClientTokenId", message: "The security token included in the request is invalid.", status: 403)
        }
    }

    /// The verifier's error with the code and status AWS's REST front end answers (403 but for a
    /// malformed Authorization, which is 400 `IncompleteSignature`). Mapping assumed from the common
    /// errors list of the AWS API references.
    static func restError(_ error: SigV4Error) -> CloudFrontError {
        switch error.exceptionName {
        case "MissingAuthenticationTokenException": CloudFrontError(code: "MissingAuthenticationToken", message: error.message, status: 403)
        case "IncompleteSignatureException": CloudFrontError(code: "IncompleteSignature", message: error.message, status: 400)
        case "UnrecognizedClientException": CloudFrontError(code: "InvalidClientTokenId", message: error.message, status: 403)
        default: CloudFrontError(code: "SignatureDoesNotMatch", message: error.message, status: 403)
        }
    }
}
