import DrydockCrypto
import DrydockHTTP
import Foundation
import IMDSEmulator

/// Verifies SigV4 (service `secretsmanager`) with the verifier every AWS emulator uses, against static keys
/// (`secretsmanager/credentials.json`, a test's) and the IMDS emulator's issued keys with their session
/// tokens. Failures are the front end's JSON errors with the verifier's texts, as DynamoDB's emulator
/// answers them (same AWS front end; `ExpiredTokenException` and `UnrecognizedClientException` texts are
/// AWS's, as botocore users quote them).
struct SecretsManagerAuthenticator: Sendable {
    let verifier: SigV4Verifier
    let keys: AWSRequestKeys
    /// false: every request accepted (tests of everything but signing).
    let enabled: Bool

    init(staticKeys: [String: String], authority: IMDSCredentialAuthority?, enabled: Bool = true, maxSkew: Double = 900) {
        verifier = SigV4Verifier(service: "secretsmanager", maxSkew: maxSkew)
        keys = AWSRequestKeys(staticKeys: staticKeys, authority: authority)
        self.enabled = enabled
    }

    func authenticate(_ request: HTTPRequest, now: Date) throws(SecretsManagerError) {
        guard enabled else { return }
        switch keys.check(request, with: verifier, now: now) {
        case nil: return
        case .signature(let error):
            throw SecretsManagerError(type: error.exceptionName, message: error.message, status: error.httpStatus, lowerCaseMessage: true)
        case .expiredToken:
            throw SecretsManagerError(type: "ExpiredTokenException", message: "The security token included in the request is expired", lowerCaseMessage: true)
        case .invalidToken:
            throw SecretsManagerError(
                type: "UnrecognizedClientException", message: "The security token included in the request is invalid.", lowerCaseMessage: true)
        }
    }
}
