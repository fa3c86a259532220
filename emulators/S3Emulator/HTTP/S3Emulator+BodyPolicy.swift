import DrydockHTTP
import Foundation

/// Large bodies: PutObject and UploadPart bodies over `S3DataStore.fileThreshold` go to a file as they
/// arrive (under `--data-dir` in `s3/incoming/`, so a stored object is the same file renamed; else in
/// the system's temporary folder), up to S3's 5 GiB; every other request keeps the server's in-memory cap.
/// Decided from the head alone (the operation, the declared sizes, the data directory's path) and a
/// lock-free request id: this runs on the server's event loop, which must never wait for the state lock.
extension S3Emulator {
    public func bodyPolicy(forHead head: HTTPRequest) -> HTTPBodyPolicy {
        let operation = S3Operation.name(head, address: S3Address(head))
        guard operation == "PutObject" || operation == "UploadPart" else { return .inMemory }
        let declared = UInt64(head.headers["x-amz-decoded-content-length"] ?? "") ?? UInt64(head.headers["Content-Length"] ?? "")
        let tooLarge = { (size: UInt64) in
            S3Error.entityTooLarge(size: Int(clamping: size), max: Self.maxObjectSize).response(ids: self.nextIDs(), method: head.method)
        }
        if let declared, declared > UInt64(Self.maxObjectSize) { return .refuse(tooLarge(declared)) }
        return .spool(HTTPBodySpool(
            directory: store?.incomingPath ?? NSTemporaryDirectory(), threshold: S3DataStore.fileThreshold,
            limit: Self.maxSpooledBytes, overLimit: tooLarge(Self.maxSpooledBytes + 1)))
    }

    /// The most a spooled body may carry on the wire: 5 GiB of payload plus aws-chunked framing (under
    /// 1/64 of the payload for chunks of 8 KiB or more, the smallest the SDKs send).
    static var maxSpooledBytes: UInt64 { UInt64(maxObjectSize) + UInt64(maxObjectSize) / 64 }
}
