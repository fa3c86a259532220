import Foundation

/// Checks header-signed SigV4 requests the way an AWS service front end does, with AWS's error texts.
///
/// Order of checks: Authorization present and well formed; a valid X-Amz-Date; the scope's
/// terminator, service and date; clock skew; a known access key; the signature. (AWS's own order
/// between skew and signature is not documented; checking skew first never accepts anything AWS
/// would refuse.) By default the path is normalised and double-encoded for every service but S3.
public struct SigV4Verifier: Sendable {
    public let service: String
    /// Allowed difference, in seconds, between X-Amz-Date and `now`, in both directions.
    public let maxSkew: Double
    /// Normalise the path before recomputing (default: every service but S3).
    public var normalizePath: Bool
    /// Double-encode the path before recomputing (default: every service but S3).
    public var doubleEncodePath: Bool

    public init(service: String, maxSkew: Double = 900) {
        self.service = service
        self.maxSkew = maxSkew
        normalizePath = service != "s3"
        doubleEncodePath = service != "s3"
    }

    /// Verifies a header-signed request: parses Authorization, finds the secret via
    /// `secretFor(accessKeyID)` (nil → unknown key), recomputes, compares in constant time; checks
    /// X-Amz-Date within `maxSkew` of `now`. Returns the parsed authorization on success.
    public func verify(
        _ request: SigV4Request, now: Date, secretFor: (String) -> String?
    ) -> Result<SigV4Authorization, SigV4Error> {
        do throws(SigV4Error) {
            return .success(try check(request, now: now, secretFor: secretFor))
        } catch {
            return .failure(error)
        }
    }

    private func check(
        _ request: SigV4Request, now: Date, secretFor: (String) -> String?
    ) throws(SigV4Error) -> SigV4Authorization {
        guard let header = request.header("Authorization") else {
            throw SigV4Error(code: .missingAuthenticationToken, message: "Request is missing Authentication Token")
        }
        let dateText = request.header("X-Amz-Date")
        let authorization: SigV4Authorization
        do {
            authorization = try SigV4Authorization.parse(header)
        } catch where error.code == .incompleteSignature && dateText == nil {
            // AWS lists the missing date among the missing parameters, before the echoed header.
            let marker = "Authorization="
            let message = error.message.replacingOccurrences(
                of: marker, with: Self.missingDateText + marker, options: [], range: error.message.range(of: marker))
            throw SigV4Error(code: .incompleteSignature, message: message)
        }
        guard let dateText else {
            throw SigV4Error(code: .missingDate, message: Self.missingDateText + "Authorization=\(header)")
        }
        guard let requestDate = SigV4Timestamp.parse(dateText) else {
            throw SigV4Error(
                code: .missingDate,
                message: "Date must be in ISO-8601 'basic format'. Got '\(dateText)'. See http://en.wikipedia.org/wiki/ISO_8601")
        }
        // AWS checks the request time before the credential scope: an old or future request is
        // "Signature expired" / "Signature not yet current" whatever its scope says.
        try checkSkew(requestDate: requestDate, now: now)
        try checkScope(authorization, dateText: dateText)
        guard authorization.signedHeaders.contains("host") || authorization.signedHeaders.contains(":authority") else {
            throw SigV4Error(
                code: .malformedAuthorization,
                message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        guard let secret = secretFor(authorization.accessKeyID) else {
            throw SigV4Error(code: .unknownAccessKey, message: "The security token included in the request is invalid.")
        }
        // A header named twice in SignedHeaders would repeat every value of it in the canonical request
        // (a list of 20,000 names over 5,000 headers of that name: 10^8 values); no signer lists one
        // twice, so such a signature cannot match (assumed to be AWS's answer too).
        guard !Self.repeatsAName(authorization.signedHeaders) else {
            throw SigV4Error(code: .signatureMismatch, message: SigV4Error.mismatchMessage)
        }
        let expected = expectedSignature(request, authorization: authorization, timestamp: dateText, secret: secret)
        guard ConstantTime.equals(expected, authorization.signature.lowercased()) else {
            throw SigV4Error(code: .signatureMismatch, message: SigV4Error.mismatchMessage)
        }
        return authorization
    }

    /// Whether a name appears twice in `names` (pairwise for a usual list of a few names; a Set past 16).
    public static func repeatsAName(_ names: [String]) -> Bool {
        guard names.count <= 16 else { return Set(names).count != names.count }
        for (index, name) in names.enumerated() where names[(index + 1)...].contains(name) { return true }
        return false
    }

    static let missingDateText = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "

    private func checkScope(_ authorization: SigV4Authorization, dateText: String) throws(SigV4Error) {
        guard authorization.terminator == "aws4_request" else {
            throw SigV4Error(
                code: .invalidScope,
                message: "Credential should be scoped with a valid terminator: 'aws4_request', not '\(authorization.terminator)'. ")
        }
        guard authorization.service == service else {
            throw SigV4Error(code: .invalidScope, message: "Credential should be scoped to correct service: '\(service)'. ")
        }
        let day = String(dateText.prefix(8))
        guard authorization.date == day else {
            throw SigV4Error(
                code: .invalidScope,
                message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(authorization.date)' != '\(day)', from 'X-Amz-Date'.")
        }
    }

    private func checkSkew(requestDate: Date, now: Date) throws(SigV4Error) {
        let minutes = Int((maxSkew / 60).rounded())
        let stamp = SigV4Timestamp.format
        if requestDate < now.addingTimeInterval(-maxSkew) {
            throw SigV4Error(
                code: .expired,
                message: "Signature expired: \(stamp(requestDate)) is now earlier than "
                    + "\(stamp(now.addingTimeInterval(-maxSkew))) (\(stamp(now)) - \(minutes) min.)")
        }
        if requestDate > now.addingTimeInterval(maxSkew) {
            throw SigV4Error(
                code: .expired,
                message: "Signature not yet current: \(stamp(requestDate)) is still later than "
                    + "\(stamp(now.addingTimeInterval(maxSkew))) (\(stamp(now)) + \(minutes) min.)")
        }
    }

    /// The signature the sender should have computed. The payload hash is always recomputed from the
    /// body (so a changed body fails) unless the sender declared `UNSIGNED-PAYLOAD`. `timestamp` is the
    /// X-Amz-Date text, already checked to be in `SigV4Timestamp`'s exact form (so it is what formatting
    /// its date would give).
    func expectedSignature(_ request: SigV4Request, authorization: SigV4Authorization, timestamp: String, secret: String) -> String {
        let declared = request.header("x-amz-content-sha256")
        let payloadHash = declared == "UNSIGNED-PAYLOAD" ? "UNSIGNED-PAYLOAD" : SHA256.hex(request.body)
        let canonical = SigV4Signer.canonicalRequestBytes(
            request, signedHeaders: authorization.signedHeaders, payloadHash: payloadHash, normalizePath: normalizePath,
            doubleEncodePath: doubleEncodePath)
        let toSign = SigV4Signer.stringToSign(
            canonicalRequestHash: SHA256.hex(canonical), timestamp: timestamp, scope: authorization.scope)
        let key = SigningKeyCache.shared.key(
            secret: secret, date: authorization.date, region: authorization.region, service: authorization.service)
        return Hex.encode(key.sha256(toSign))
    }
}
