import DrydockCore
import Foundation

/// Reading secret files: validated, never through a symbolic link.
extension SecretsStore {
    /// No secret comes close; a larger file is a mistake (or a device) and is refused unread.
    static let maximumSecretSize = 1 << 20

    /// The bytes of secret `name` after validating the directory and the file, or nil when the file does
    /// not exist.
    ///
    /// The file is opened with `O_NOFOLLOW` (a symbolic link fails with `ELOOP`) and `O_NONBLOCK` (a FIFO
    /// cannot stall the open), then checked with `fstat` on the open descriptor, so what is checked is
    /// exactly what is read.
    public func readSecretIfPresent(_ name: String) throws -> [UInt8]? {
        try validateDirectory()
        let path = path(of: name)
        let fd: Int32
        do {
            fd = try POSIXFile.open(path, flags: O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        } catch let error as SystemCallError where error.errno == ENOENT {
            return nil
        } catch let error as SystemCallError where error.errno == ELOOP {
            throw CredentialError.symbolicLink(path)
        } catch {
            throw CredentialError.fileSystem("open \(path)", error, path: path)
        }
        defer { _ = close(fd) }
        do {
            try validateSecret(try POSIXFile.status(fd: fd, path: path), path: path)
            guard let bytes = try POSIXFile.readAll(fd: fd, path: path, limit: Self.maximumSecretSize) else {
                throw CredentialError.fileTooLarge(path, limit: Self.maximumSecretSize)
            }
            return bytes
        } catch let error as SystemCallError {
            throw CredentialError.fileSystem("read \(path)", error, path: path)
        }
    }

    /// Secret `name` parsed as JSON. A missing file is an error carrying `missingHint` (what to do);
    /// invalid JSON names the line and column where it breaks. `expected` describes the right contents.
    public func readJSON(_ name: String, expected: String, missingHint: String) throws -> JSONValue {
        guard let bytes = try readSecretIfPresent(name) else {
            throw CredentialError.secretMissing(path(of: name), hint: missingHint)
        }
        return try parseJSON(bytes, name: name, expected: expected)
    }

    func parseJSON(_ bytes: [UInt8], name: String, expected: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw CredentialError.invalidJSON(path(of: name), error, expected: expected)
        }
    }

    /// The refresh token from `refresh_token.json` (`{"refresh_token": "…"}`).
    public func refreshToken() throws -> String {
        let expected = #"a JSON object {"refresh_token": "1//…"}"#
        let json = try readJSON(
            Self.refreshTokenFile, expected: expected,
            missingHint: "Run the OAuth consent flow and store the refresh token it returns there as "
                + #"{"refresh_token": "1//…"} with mode 0600."#)
        guard let token = json["refresh_token"]?.stringValue, !token.isEmpty else {
            let problem = json.objectValue == nil
                ? "holds a JSON \(json.typeName), not an object"
                : #"has no "refresh_token" member with a non-empty string value"#
            throw CredentialError.invalidContents(path(of: Self.refreshTokenFile), problem, expected: expected)
        }
        return token
    }
}
