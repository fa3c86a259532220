import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation

/// Bucket operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation,
/// Get/PutBucketVersioning.
extension S3Emulator {
    /// The owner every listing shows (one account per emulator).
    static let ownerID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
    static let ownerName = "drydock"

    func listBuckets(_ call: S3Call) -> HTTPResponse {
        let buckets = state.withLock { $0.buckets.values.sorted { $0.name < $1.name } }
        var xml = XML.Writer()
        xml.element("ListAllMyBucketsResult", namespaced: true) { xml in
            xml.element("Owner") { xml in
                xml.leaf("ID", Self.ownerID)
                xml.leaf("DisplayName", Self.ownerName)
            }
            xml.element("Buckets") { xml in
                for bucket in buckets {
                    xml.element("Bucket") { xml in
                        xml.leaf("Name", bucket.name)
                        xml.leaf("CreationDate", S3Response.timestamp(bucket.creationDate))
                        xml.leaf("BucketRegion", bucket.region)
                    }
                }
            }
        }
        return S3Response.xml(xml, ids: call.ids)
    }

    func createBucket(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let name = call.bucket
        guard BucketName.isValid(name) else { throw .invalidBucketName(name) }
        var constraint: String?
        if !call.payload.bytes.isEmpty {
            let document: XML.Element
            do { document = try XML.Parser.parse(call.payload.bytes) } catch { throw .malformedXML }
            guard document.name == "CreateBucketConfiguration" else { throw .malformedXML }
            constraint = document.childText("LocationConstraint")
        }
        let region = call.signature.region
        if let constraint, constraint != region {
            guard !constraint.isEmpty else { throw Self.illegalLocationConstraint(nil, region: region) }
            throw Self.illegalLocationConstraint(constraint, region: region)
        }
        if constraint == nil && region != "us-east-1" { throw Self.illegalLocationConstraint(nil, region: region) }
        if constraint == "us-east-1" {
            throw S3Error(code: "InvalidLocationConstraint", message: "The specified location-constraint is not valid", status: 400,
                          details: [("LocationConstraint", "us-east-1")])
        }
        try state.withLock { state throws(S3Error) in
            if let existing = state.buckets[name] {
                // For legacy compatibility S3 answers 200 to re-creating your own bucket in us-east-1.
                guard existing.region == "us-east-1" && region == "us-east-1" else { throw .bucketAlreadyOwnedByYou(name) }
                return
            }
            let bucket = S3Bucket(name: name, region: region, creationDate: call.now)
            try persist(S3LogRecord.createBucket(bucket), onto: state.buckets)
            state.buckets[name] = bucket
        }
        var headers = HTTPHeaders()
        headers.add("Location", "/\(name)")
        return S3Response.empty(ids: call.ids, headers: headers)
    }

    /// CreateBucket with a location constraint that does not match the endpoint's region (texts from the
    /// S3 API reference's error list).
    static func illegalLocationConstraint(_ constraint: String?, region: String) -> S3Error {
        guard let constraint else {
            return S3Error(code: "IllegalLocationConstraintException",
                           message: "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
                           status: 400)
        }
        return S3Error(code: "IllegalLocationConstraintException",
                       message: "The \(constraint) location constraint is incompatible for the region specific endpoint this request was sent to.",
                       status: 400)
    }

    func deleteBucket(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let name = call.bucket
        // Uploads in progress do not make it non-empty here (`isEmpty`): they go with it, their parts' files too.
        let deleted = try state.withLock { state throws(S3Error) -> S3Bucket in
            guard let bucket = state.buckets[name] else { throw .noSuchBucket(name) }
            guard bucket.isEmpty else { throw .bucketNotEmpty(name) }
            try persist(S3LogRecord.deleteBucket(name), onto: state.buckets)
            state.buckets[name] = nil
            return bucket
        }
        release(deleted.allBodies)
        return S3Response.empty(204, ids: call.ids)
    }

    func headBucket(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let bucket = try existingBucket(call.bucket)
        var headers = HTTPHeaders()
        headers.add("x-amz-bucket-region", bucket.region)
        headers.add("x-amz-access-point-alias", "false")
        return S3Response.empty(ids: call.ids, headers: headers)
    }

    func getBucketLocation(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let bucket = try existingBucket(call.bucket)
        // us-east-1 is the empty constraint, as S3 answers it.
        if bucket.region == "us-east-1" {
            return S3Response.xml(.document("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"), ids: call.ids)
        }
        var xml = XML.Writer()
        xml.element("LocationConstraint", namespaced: true) { $0.raw(XML.Writer.escape(bucket.region)) }
        return S3Response.xml(xml, ids: call.ids)
    }

    func getBucketVersioning(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let bucket = try existingBucket(call.bucket)
        var xml = XML.Writer()
        xml.element("VersioningConfiguration", namespaced: true) { xml in
            xml.optionalLeaf("Status", bucket.versioning)
        }
        return S3Response.xml(xml, ids: call.ids)
    }

    func putBucketVersioning(_ call: S3Call) throws(S3Error) -> HTTPResponse {
        let document: XML.Element
        do { document = try XML.Parser.parse(call.payload.bytes) } catch { throw .malformedXML }
        guard document.name == "VersioningConfiguration" else { throw .malformedXML }
        let status = document.childText("Status")
        guard status == nil || status == "Enabled" || status == "Suspended" else { throw .malformedXML }
        try state.withLock { state throws(S3Error) in
            guard var bucket = state.buckets[call.bucket] else { throw .noSuchBucket(call.bucket) }
            // No Status leaves a never-versioned bucket as it is (S3 accepts the empty configuration).
            if let status {
                try persist(S3LogRecord.versioning(call.bucket, status: status), onto: state.buckets)
                bucket.versioning = status
            }
            state.buckets[call.bucket] = bucket
        }
        return S3Response.empty(ids: call.ids)
    }

    /// A snapshot of bucket `name`, or NoSuchBucket.
    func existingBucket(_ name: String) throws(S3Error) -> S3Bucket {
        guard let bucket = state.withLock({ $0.buckets[name] }) else { throw .noSuchBucket(name) }
        return bucket
    }
}
