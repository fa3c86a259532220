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
    /// Long-term keys: access key id → secret.
    let staticKeys: [String: String]
    let authority: IMDSCredentialAuthority?

    public init(staticKeys: [String: String] = [:], authority: IMDSCredentialAuthority? = nil, maxSkew: Double = 900) {
        verifier = SigV4Verifier(service: "dynamodb", maxSkew: maxSkew)
        self.staticKeys = staticKeys
        self.authority = authority
    }

    public func authenticate(_ request: HTTPRequest, now: Date) -> DynamoDBError? {
        let signed = SigV4Request(
            method: request.method, path: request.rawPath, query: request.rawQuery,
            headers: request.headers.fields.map { (name: $0.name, value: $0.value) }, body: request.body)
        var issued: IssuedKey?
        let result = verifier.verify(signed, now: now) { accessKey in
            if let secret = staticKeys[accessKey] { return secret }
            issued = authority?.secret(forAccessKey: accessKey, now: now)
            return issued?.secretAccessKey
        }
        switch result {
        case .failure(let error):
            return DynamoDBError(type: error.exceptionName, message: error.message, status: error.httpStatus, namespace: DynamoDBError.serviceNamespace)
        case .success:
            guard let issued else { return nil }
            if issued.isExpired(at: now) {
                return DynamoDBError(
                    type: "ExpiredTokenException", message: "The security token included in the request is expired",
                    namespace: DynamoDBError.serviceNamespace)
            }
            if request.headers["X-Amz-Security-Token"] != issued.sessionToken {
                return DynamoDBError(
                    type: "UnrecognizedClientException", message: "The security token included in the request is invalid.",
                    namespace: DynamoDBError.serviceNamespace)
            }
            return nil
        }
    }
}
