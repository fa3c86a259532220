import DrydockCrypto
import DrydockHTTP
import Foundation
import IMDSEmulator

/// Verifies SigV4 signatures (service `dynamodb`) against the keys this emulator accepts: static
/// long-term keys (a fixture's or a test's) and the temporary keys the IMDS emulator issued.
///
/// Errors are DynamoDB's (`com.amazon.coral.service#…`, status 400): the verifier's texts for missing,
/// malformed, mis-scoped, skewed or mismatched signatures and unknown keys; `ExpiredTokenException`
/// "The security token included in the request is expired" for an IMDS key past its expiration, and
/// `UnrecognizedClientException` when a temporary key arrives without its own session token.
public struct SigV4RequestAuthenticator: RequestAuthenticator {
    let verifier: SigV4Verifier
    let keys: AWSRequestKeys

    public init(staticKeys: [String: String] = [:], authority: IMDSCredentialAuthority? = nil, maxSkew: Double = 900) {
        verifier = SigV4Verifier(service: "dynamodb", maxSkew: maxSkew)
        keys = AWSRequestKeys(staticKeys: staticKeys, authority: authority)
    }

    public func authenticate(_ request: HTTPRequest, now: Date) -> DynamoDBError? {
        switch keys.check(request, with: verifier, now: now) {
        case nil: return nil
        case .signature(let error):
            return DynamoDBError(type: error.exceptionName, message: error.message, status: error.httpStatus, namespace: DynamoDBError.serviceNamespace)
        case .expiredToken:
            return DynamoDBError(
                type: "ExpiredTokenException", message: "The security token included in the request is expired",
                namespace: DynamoDBError.serviceNamespace)
        case .invalidToken:
            return DynamoDBError(
                type: "UnrecognizedClientException", message: "The security token included in the request is invalid.",
                namespace: DynamoDBError.serviceNamespace)
        }
    }
}
