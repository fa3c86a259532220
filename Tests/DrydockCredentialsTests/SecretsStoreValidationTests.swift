import DrydockCore
@testable import DrydockCredentials
import Foundation
import Testing

/// Every check the store runs before using a secret, and what each failure tells the user.
@Suite struct SecretsStoreValidationTests {
    @Test func directoryComesFromTheEnvironment() throws {
        #expect(try SecretsStore.directory(in: Environment(["DRYDOCK_SECRETS_DIR": "/srv/s", "HOME": "/home/a"])) == "/srv/s")
        #expect(try SecretsStore.directory(in: Environment(["HOME": "/home/a"])) == "/home/a/.secrets")
        #expect(try SecretsStore.directory(in: Environment(["HOME": "/home/a/", "DRYDOCK_SECRETS_DIR": ""])) == "/home/a/.secrets")
        let error = #expect(throws: CredentialError.self) { try SecretsStore.directory(in: Environment([:])) }
        #expect(error?.code == .secretsDirectoryUnknown)
        #expect(error?.exitStatus == .configuration)
        #expect(error?.description.contains("DRYDOCK_SECRETS_DIR") == true)
        #expect(SecretsStore(directory: "/srv/s///").directory == "/srv/s")
    }

    @Test func validSecretsRead() throws {
        let sandbox = try SecretsSandbox()
        #expect(try sandbox.store.refreshToken() == SecretsSandbox.refreshToken)
        #expect(try sandbox.store.cachedToken() == nil)
    }

    @Test func missingDirectory() throws {
        let sandbox = try SecretsSandbox()
        let missing = sandbox.directory + "/nope"
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: missing).refreshToken() }
        #expect(error?.code == .secretsDirectoryMissing)
        #expect(error?.path == missing)
        #expect(error?.message.contains("`mkdir -m 700 \(missing)`") == true)
    }

    @Test(arguments: [0o755, 0o750, 0o711, 0o777, 0o500])
    func directoryWithWrongMode(mode: Int) throws {
        let sandbox = try SecretsSandbox()
        chmod(sandbox.directory, mode_t(mode))
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .insecureMode)
        #expect(error?.exitStatus == .configuration)
        #expect(error?.message.contains("secrets directory \(sandbox.directory) has mode \(octal(mode));") == true)
        #expect(error?.message.contains("it must be 0700") == true)
        #expect(error?.message.contains("`chmod 700 \(sandbox.directory)`") == true)
    }

    @Test func directoryOwnedBySomeoneElse() throws {
        let sandbox = try SecretsSandbox()
        let store = SecretsStore(directory: sandbox.directory, owner: 4242)
        let error = #expect(throws: CredentialError.self) { try store.refreshToken() }
        #expect(error?.code == .wrongOwner)
        #expect(error?.message.contains("is owned by uid \(geteuid())") == true)
        #expect(error?.message.contains("not by uid 4242") == true)
        #expect(error?.message.contains("`chown 4242 \(sandbox.directory)`") == true)
    }

    @Test func directoryIsAFile() throws {
        let sandbox = try SecretsSandbox()
        let error = #expect(throws: CredentialError.self) {
            try SecretsStore(directory: sandbox.path(SecretsStore.refreshTokenFile)).refreshToken()
        }
        #expect(error?.code == .wrongFileType)
        #expect(error?.message.contains("is a regular file, not a directory") == true)
    }

    @Test(arguments: [0o644, 0o640, 0o400, 0o660, 0o700])
    func secretWithWrongMode(mode: Int) throws {
        let sandbox = try SecretsSandbox()
        let path = sandbox.path(SecretsStore.refreshTokenFile)
        chmod(path, mode_t(mode))
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .insecureMode)
        #expect(error?.path == path)
        #expect(error?.message.contains("secret file \(path) has mode \(octal(mode)); it must be 0600") == true)
        #expect(error?.message.contains("`chmod 600 \(path)`") == true)
    }

    @Test(.enabled(if: geteuid() == 0, "chown needs root"))
    func secretOwnedBySomeoneElse() throws {
        let sandbox = try SecretsSandbox()
        let path = sandbox.path(SecretsStore.refreshTokenFile)
        chown(path, 4242, 4242)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .wrongOwner)
        #expect(error?.message.contains("secret file \(path) is owned by uid 4242") == true)
        #expect(error?.message.contains("`chown root \(path)`") == true)
    }

    @Test func symlinkedSecretIsRefusedEvenWhenTheTargetIsFine() throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write("real.json", #"{"refresh_token": "1//elsewhere"}"#)
        let path = sandbox.path(SecretsStore.refreshTokenFile)
        unlink(path)
        symlink(sandbox.path("real.json"), path)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .wrongFileType)
        #expect(error?.message.contains("secret file \(path) is a symbolic link") == true)
        #expect(error?.message.contains("readlink -f \(path)") == true)
    }

    @Test func symlinkedCacheIsRefused() throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write("elsewhere.json", "{}")
        symlink(sandbox.path("elsewhere.json"), sandbox.path(SecretsStore.tokenCacheFile))
        let error = #expect(throws: CredentialError.self) { try sandbox.store.cachedToken() }
        #expect(error?.code == .wrongFileType)
    }

    @Test func fifoOrDirectoryWhereASecretBelongs() throws {
        let sandbox = try SecretsSandbox()
        let path = sandbox.path(SecretsStore.refreshTokenFile)
        unlink(path)
        mkfifo(path, 0o600)
        // O_NONBLOCK: opening the FIFO must not wait for a writer.
        let fifo = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(fifo?.code == .wrongFileType)
        #expect(fifo?.message.contains("is a FIFO, not a regular file") == true)
        unlink(path)
        mkdir(path, 0o700)
        let directory = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(directory?.code == .wrongFileType)
        #expect(directory?.message.contains("is a directory, not a regular file") == true)
    }

    @Test func missingSecretSaysWhatToDo() throws {
        let sandbox = try SecretsSandbox(refreshToken: false)
        let path = sandbox.path(SecretsStore.refreshTokenFile)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .secretMissing)
        #expect(error?.message.contains("secret file \(path) does not exist") == true)
        #expect(error?.message.contains("consent flow") == true)
    }

    @Test func invalidJSONNamesTheFileLineAndColumn() throws {
        let sandbox = try SecretsSandbox()
        let path = sandbox.path(SecretsStore.refreshTokenFile)
        try sandbox.write(SecretsStore.refreshTokenFile, "{\n  \"refresh_token\": \"1//x\"\n  \"extra\": 1\n}\n")
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .invalidSecret)
        #expect(error?.message.contains("secret file \(path) is not valid JSON: line 3, column 3:") == true)
    }

    @Test(arguments: [#"{"token": "x"}"#, #"{"refresh_token": ""}"#, #"{"refresh_token": 12}"#, #"["1//x"]"#])
    func refreshTokenFileWithoutAToken(text: String) throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write(SecretsStore.refreshTokenFile, text)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.refreshToken() }
        #expect(error?.code == .invalidSecret)
        #expect(error?.message.contains(#"{"refresh_token": "1//…"}"#) == true)
    }

    @Test func invalidCacheJSONNamesLineAndColumn() throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write(SecretsStore.tokenCacheFile, #"{"access_token": "ya29.x", "expires_at": }"#)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.cachedToken() }
        #expect(error?.code == .invalidSecret)
        #expect(error?.message.contains("line 1, column 42: unexpected '}', expected a value") == true)
        #expect(error?.message.contains("ya29.x") == false)
    }

    @Test func secretsCheckReportsEachSecret() throws {
        let sandbox = try SecretsSandbox()
        #expect(sandbox.store.checkSecrets(environment: Environment()).allSatisfy { $0.isOK })
        chmod(sandbox.path(SecretsStore.clientCredentialsFile), 0o644)
        let checks = sandbox.store.checkSecrets(environment: Environment())
        #expect(checks.map(\.isOK) == [true, true, false])
        #expect(checks[2].problem?.code == .insecureMode)
        chmod(sandbox.directory, 0o755)
        #expect(sandbox.store.checkSecrets(environment: Environment()).map(\.isOK) == [false])
    }
}
