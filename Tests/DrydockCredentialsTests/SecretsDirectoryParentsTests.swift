import DrydockCore
@testable import DrydockCredentials
import Foundation
import Testing

/// The directories above the secrets directory, checked like ssh's StrictModes, and a symlinked secrets
/// directory followed only when its target passes every check.
@Suite struct SecretsDirectoryParentsTests {
    /// `base/` (mkdtemp, 0700) holding directories the test lays out; removed on release.
    final class Tree: @unchecked Sendable {
        let base: String

        init() throws {
            var template = Array((NSTemporaryDirectory() + "drydock-parents-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else { throw SystemCallError(call: "mkdtemp", path: nil, errno: errno) }
            base = String(cString: made)
        }

        deinit {
            _ = try? FileManager.default.subpathsOfDirectory(atPath: base).forEach { chmod(base + "/" + $0, 0o700) }
            try? FileManager.default.removeItem(atPath: base)
        }

        /// Creates `base/relative` with `mode` (forced, whatever the umask).
        @discardableResult
        func directory(_ relative: String, mode: mode_t = 0o755) -> String {
            let path = base + "/" + relative
            mkdir(path, 0o700)
            chmod(path, mode)
            return path
        }

        /// A secrets directory (0700) with a refresh token (0600) at `base/relative`.
        @discardableResult
        func secrets(_ relative: String) throws -> String {
            let path = directory(relative, mode: 0o700)
            let file = path + "/" + SecretsStore.refreshTokenFile
            try Data(#"{"refresh_token": "1//0parents-test-token"}"#.utf8).write(to: URL(fileURLWithPath: file))
            chmod(file, 0o600)
            return path
        }
    }

    @Test(arguments: [0o755, 0o750, 0o700, 0o1777, 0o1775, 0o711])
    func parentsNoOtherUserCanWriteArePassed(mode: Int) throws {
        let tree = try Tree()
        tree.directory("home", mode: mode_t(mode))
        let secrets = try tree.secrets("home/.secrets")
        #expect(try SecretsStore(directory: secrets).refreshToken() == "1//0parents-test-token")
    }

    @Test(arguments: [0o777, 0o775, 0o757, 0o770, 0o722])
    func aParentWritableByOthersWithoutTheStickyBitIsRefused(mode: Int) throws {
        let tree = try Tree()
        let home = tree.directory("home", mode: mode_t(mode))
        let secrets = try tree.secrets("home/.secrets")
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: secrets).refreshToken() }
        #expect(error?.code == .insecureParent)
        #expect(error?.exitStatus == .configuration)
        #expect(error?.path == home)
        #expect(error?.message == "secrets directory \(secrets) is below \(home), which has mode \(octal(mode)): other users can "
                + "rename entries in it and so replace the secrets directory (ssh refuses the same, as StrictModes). Fix: "
                + "`chmod go-w \(home)` (or `chmod +t \(home)` for a shared directory like /tmp), or move the secrets "
                + "directory elsewhere and set DRYDOCK_SECRETS_DIR.")
    }

    @Test func everyDirectoryUpToTheRootIsChecked() throws {
        let tree = try Tree()
        let shared = tree.directory("shared", mode: 0o777)
        tree.directory("shared/ana", mode: 0o755)
        tree.directory("shared/ana/deep", mode: 0o755)
        let secrets = try tree.secrets("shared/ana/deep/.secrets")
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: secrets).validateDirectory() }
        #expect(error?.path == shared)
        // Writes are refused the same way, before anything is created.
        #expect(throws: CredentialError.self) { try SecretsStore(directory: secrets).writeAtomically([1], to: "x.json") }
        #expect(!FileManager.default.fileExists(atPath: secrets + "/x.json"))
    }

    @Test(.enabled(if: geteuid() == 0, "chown needs root"))
    func aParentOwnedByAnotherUserIsRefused() throws {
        let tree = try Tree()
        let home = tree.directory("home", mode: 0o755)
        let secrets = try tree.secrets("home/.secrets")
        #expect(chown(home, 4321, 4321) == 0)
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: secrets).validateDirectory() }
        #expect(error?.code == .insecureParent)
        #expect(error?.path == home)
        #expect(error?.message.contains("is below \(home), which is owned by uid 4321, neither root nor uid 0") == true)
        #expect(error?.message.contains("`chown root \(home)`") == true)
    }

    @Test(.enabled(if: geteuid() == 0, "chown needs root"))
    func aParentOwnedByTheUserIsPassed() throws {
        let tree = try Tree()
        let home = tree.directory("home", mode: 0o755)
        let secrets = try tree.secrets("home/.secrets")
        #expect(chown(home, 4321, 4321) == 0)
        #expect(chown(secrets, 4321, 4321) == 0)
        // The user the store checks for (injected: tests run as root) owns the parent: fine.
        #expect(throws: Never.self) { try SecretsStore(directory: secrets, owner: 4321).validateDirectory() }
    }

    // MARK: A symlinked secrets directory

    @Test func aSymlinkToAGoodDirectoryIsFollowed() throws {
        let tree = try Tree()
        tree.directory("vault", mode: 0o755)
        let target = try tree.secrets("vault/secrets")
        tree.directory("home", mode: 0o755)
        let link = tree.base + "/home/.secrets"
        #expect(symlink(target, link) == 0)
        #expect(try SecretsStore(directory: link).refreshToken() == "1//0parents-test-token")
    }

    @Test func aSymlinkToADirectoryWithAWrongModeIsRefused() throws {
        let tree = try Tree()
        let target = try tree.secrets("secrets")
        chmod(target, 0o755)
        let link = tree.base + "/link"
        #expect(symlink(target, link) == 0)
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: link).refreshToken() }
        #expect(error?.code == .insecureMode)
        #expect(error?.message.contains("has mode 0755; it must be 0700") == true)
    }

    @Test func aSymlinkToADirectoryBelowAWritableParentIsRefused() throws {
        let tree = try Tree()
        let exposed = tree.directory("exposed", mode: 0o777)
        let target = try tree.secrets("exposed/secrets")
        tree.directory("home", mode: 0o755)
        let link = tree.base + "/home/.secrets"
        #expect(symlink(target, link) == 0)
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: link).refreshToken() }
        #expect(error?.code == .insecureParent)
        #expect(error?.path == exposed, "the target's parent is named")
    }

    @Test func aSymlinkInAWritableParentIsRefusedEvenWhenTheTargetIsFine() throws {
        let tree = try Tree()
        tree.directory("vault", mode: 0o700)
        let target = try tree.secrets("vault/secrets")
        let exposed = tree.directory("exposed", mode: 0o777)
        let link = exposed + "/.secrets"
        #expect(symlink(target, link) == 0)
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: link).refreshToken() }
        #expect(error?.code == .insecureParent)
        #expect(error?.path == exposed, "whoever can replace the link can redirect it")
    }

    @Test(.enabled(if: geteuid() == 0, "chown needs root"))
    func aSymlinkToAnotherUsersDirectoryIsRefused() throws {
        let tree = try Tree()
        let target = try tree.secrets("theirs")
        #expect(chown(target, 4321, 4321) == 0)
        let link = tree.base + "/mine"
        #expect(symlink(target, link) == 0)
        let error = #expect(throws: CredentialError.self) { try SecretsStore(directory: link).refreshToken() }
        #expect(error?.code == .wrongOwner)
        #expect(error?.message.contains("is owned by uid 4321") == true)
    }

    @Test func ancestorsRunUpToTheRoot() {
        #expect(SecretsStore.ancestors(of: "/home/ana/.secrets") == ["/home/ana", "/home", "/"])
        #expect(SecretsStore.ancestors(of: "/s") == ["/"])
        #expect(SecretsStore.ancestors(of: "//srv//s/") == ["/srv", "/"])
        #expect(SecretsStore.absolute("/abs") == "/abs")
        #expect(SecretsStore.absolute("rel").hasSuffix("/rel"))
        #expect(SecretsStore.absolute("rel").hasPrefix("/"))
    }
}
