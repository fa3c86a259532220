import DrydockCore

/// A backup, verification or restore that cannot go on: what is wrong, where, and the fix.
public struct BackupError: UserFacingError, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A read-back differs from what was uploaded, or a stored object from its manifest (exit 1).
        public static let mismatch = Code(name: "mismatch")
        /// There is no manifest for the month (exit 1).
        public static let noBackup = Code(name: "no-backup")
        /// The stored manifest cannot be read (exit 1).
        public static let corruptManifest = Code(name: "corrupt-manifest")
        /// An export is corrupt or bigger than the limits (exit 1).
        public static let corruptObject = Code(name: "corrupt-object")
        /// The restore's target table does not exist (exit 78).
        public static let noTargetTable = Code(name: "no-target-table")
        /// Asked to restore something the backup does not hold (exit 64).
        public static let usage = Code(name: "usage")
        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var exitStatus: ExitStatus {
        switch code {
        case .usage: .usage
        case .noTargetTable: .configuration
        default: .checkFailed
        }
    }
    public var description: String { message }
}
