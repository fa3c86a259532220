import DrydockCore
import DrydockCrypto
import Foundation

/// The JSON IMDS serves at `/latest/meta-data/iam/security-credentials/<role>`:
/// `{"Code":"Success","LastUpdated":…,"Type":"AWS-HMAC","AccessKeyId":…,"SecretAccessKey":…,"Token":…,
/// "Expiration":"2026-11-26T23:14:02Z"}`.
///
/// As in botocore, the four credential members decide success; an error document carries `Code` and
/// `Message` instead.
enum IMDSCredentialDocument {
    /// Parses `body`; the message of a thrown error never contains credential values.
    static func parse(_ body: [UInt8], role: String, url: String) throws -> ExpiringAWSCredentials {
        guard let document = try? JSONValue.parse(body), case .object = document else {
            throw invalid(url, "the body is not a JSON object")
        }
        let fields = ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"]
        let values = fields.map { document[$0]?.stringValue }
        guard let keyID = values[0], let secret = values[1], let token = values[2], let expirationText = values[3] else {
            if let code = document["Code"]?.stringValue, code != "Success" {
                let message = document["Message"]?.stringValue.map { ": \($0)" } ?? ""
                throw invalid(url, "IMDS reported \(code)\(message)")
            }
            let missing = zip(fields, values).filter { $0.1 == nil }.map(\.0)
            throw invalid(url, "the credential document lacks \(missing.joined(separator: ", "))")
        }
        guard let expiration = RFC3339.date(from: expirationText) else {
            throw invalid(url, "Expiration '\(expirationText)' is not an RFC 3339 time")
        }
        return ExpiringAWSCredentials(
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token),
            expiration: expiration, source: "imds (role \(role))")
    }

    private static func invalid(_ url: String, _ reason: String) -> CredentialError {
        CredentialError(code: .imdsInvalidResponse, message: "IMDS GET \(url) returned unusable credentials: \(reason)")
    }

    /// botocore's `_needs_retry_for_credentials`: not 200, empty, or not JSON.
    static func problem(_ status: Int, _ body: [UInt8]) -> String? {
        if status != 200 { return "answered \(status)" }
        if body.isEmpty { return "answered 200 with an empty body" }
        if (try? JSONValue.parse(body)) == nil { return "answered 200 with a body that is not JSON" }
        return nil
    }
}
