import DrydockCore
import DrydockCrypto
import DrydockHTTP
import EmulatorKit
import Foundation

/// CreateInvalidation, GetInvalidation and ListInvalidations.
extension CloudFrontEmulator {
    /// Creates an invalidation, or answers the existing one for a repeated CallerReference with the same
    /// paths (201 either way; a repeat with other paths is CloudFront's InvalidArgument).
    func createInvalidation(_ distributionID: String, request: HTTPRequest, now: Date, requestID: String) throws(CloudFrontError) -> HTTPResponse {
        _ = try distribution(distributionID)
        let batch = try InvalidationBatch.parse(request.body)
        let invalidation = try state.withLock { state throws(CloudFrontError) -> CloudFrontInvalidation in
            let existing = state.invalidations[distributionID] ?? []
            if let previous = existing.first(where: { $0.callerReference == batch.callerReference }) {
                guard previous.paths.sorted() == batch.paths.sorted() else { throw CloudFrontError.callerReferenceReused }
                return previous
            }
            let running = inProgress(state, distributionID: distributionID, now: now)
            let wildcards = batch.paths.count { $0.hasSuffix("*") }
            let files = batch.paths.count - wildcards
            if running.reduce(0, { $0 + $1.wildcardCount }) + wildcards > Self.maxWildcardsInProgress
                || running.reduce(0, { $0 + $1.fileCount }) + files > Self.maxPathsInProgress {
                throw CloudFrontError.tooManyInvalidationsInProgress
            }
            let created = CloudFrontInvalidation(
                id: Self.newInvalidationID(), distributionID: distributionID, callerReference: batch.callerReference,
                paths: batch.paths, createTime: now)
            do { try store?.append(created) } catch {
                FileHandle.standardError.write(Data("cloudfront: invalidation not persisted: \(error)\n".utf8))
                throw CloudFrontError.internalError
            }
            state.invalidations[distributionID, default: []].insert(created, at: 0)
            return created
        }
        let location = "https://cloudfront.amazonaws.com/2020-05-31/distribution/\(distributionID)/invalidation/\(invalidation.id)"
        return CloudFrontXML.response(invalidationDocument(invalidation, now: now), requestID: requestID, status: 201, headers: [("Location", location)])
    }

    func getInvalidation(_ id: String, of distributionID: String, now: Date, requestID: String) throws(CloudFrontError) -> HTTPResponse {
        _ = try distribution(distributionID)
        guard let invalidation = state.withLock({ $0.invalidations[distributionID]?.first { $0.id == id } }) else {
            throw CloudFrontError.noSuchInvalidation
        }
        return CloudFrontXML.response(invalidationDocument(invalidation, now: now), requestID: requestID)
    }

    /// Newest first; `Marker` is the id of the last invalidation of the previous page (an unknown
    /// marker starts from the newest, assumed).
    func listInvalidations(_ distributionID: String, request: HTTPRequest, now: Date, requestID: String) throws(CloudFrontError) -> HTTPResponse {
        _ = try distribution(distributionID)
        let page = try CloudFrontXML.Page(request)
        let all = state.withLock { $0.invalidations[distributionID] ?? [] }
        let start = page.marker.isEmpty ? 0 : (all.firstIndex { $0.id == page.marker }.map { $0 + 1 } ?? 0)
        let remaining = all[start...]
        let writer = CloudFrontXML.list("InvalidationList", page: page, remaining: remaining, id: \.id) { list, invalidation in
            list.element("InvalidationSummary") { summary in
                summary.leaf("Id", invalidation.id)
                summary.leaf("CreateTime", CloudFrontXML.timestamp(invalidation.createTime))
                summary.leaf("Status", invalidation.status(now: now, delay: completionDelay))
            }
        }
        return CloudFrontXML.response(writer, requestID: requestID)
    }

    private func invalidationDocument(_ invalidation: CloudFrontInvalidation, now: Date) -> XML.Writer {
        var writer = XML.Writer()
        writer.element("Invalidation", xmlns: CloudFrontError.namespace) { xml in
            xml.leaf("Id", invalidation.id)
            xml.leaf("Status", invalidation.status(now: now, delay: completionDelay))
            xml.leaf("CreateTime", CloudFrontXML.timestamp(invalidation.createTime))
            xml.element("InvalidationBatch") { batch in
                batch.element("Paths") { paths in
                    paths.leaf("Quantity", String(invalidation.paths.count))
                    paths.element("Items") { items in for path in invalidation.paths { items.leaf("Path", path) } }
                }
                batch.leaf("CallerReference", invalidation.callerReference)
            }
        }
        return writer
    }

    /// `I` and 13 upper-case letters and digits, the shape of CloudFront's invalidation ids.
    static func newInvalidationID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return "I" + String(SecureRandom.bytes(13).map { alphabet[Int($0) % alphabet.count] })
    }
}

/// A CreateInvalidation body: `<InvalidationBatch><CallerReference>…</CallerReference><Paths>
/// <Quantity>N</Quantity><Items><Path>/…</Path>…</Items></Paths></InvalidationBatch>`, checked as
/// CloudFront checks it (the XML parser bounds size, depth and element count).
struct InvalidationBatch: Equatable {
    let callerReference: String
    let paths: [String]

    static func parse(_ body: [UInt8]) throws(CloudFrontError) -> InvalidationBatch {
        guard !body.isEmpty else { throw CloudFrontError.missingBody }
        let root: XML.Element
        do {
            root = try XML.Parser.parse(body)
        } catch {
            throw CloudFrontError.malformedInput(error.reason)
        }
        guard root.name == "InvalidationBatch" else {
            throw CloudFrontError.malformedInput("the root element is <\(root.name.prefix(80))>, expected <InvalidationBatch>")
        }
        guard let reference = root.childText("CallerReference"), !reference.isEmpty else {
            throw CloudFrontError.invalidArgument("The InvalidationBatch has no CallerReference.")  // assumed text
        }
        guard reference.utf8.count <= 128 else {
            throw CloudFrontError.invalidArgument("The CallerReference is longer than 128 characters.")  // assumed limit and text
        }
        guard let pathsElement = root.child("Paths"), let quantityText = pathsElement.childText("Quantity") else {
            throw CloudFrontError.malformedInput("<Paths> with a <Quantity> is required")
        }
        guard quantityText.utf8.count <= 9, let quantity = Int(quantityText.trimmingCharacters(in: .whitespacesAndNewlines)), quantity >= 0 else {
            throw CloudFrontError.malformedInput("<Quantity> \"\(quantityText.prefix(40))\" is not a whole number")
        }
        let paths = pathsElement.child("Items")?.children("Path").map(\.text) ?? []
        guard quantity == paths.count else { throw CloudFrontError.inconsistentQuantities }
        guard !paths.isEmpty else { throw CloudFrontError.invalidArgument("The InvalidationBatch has no paths.") }  // assumed text
        guard paths.count <= CloudFrontEmulator.maxPathsInProgress else { throw CloudFrontError.batchTooLarge }
        for path in paths {
            guard path.hasPrefix("/"), path.utf8.count <= CloudFrontEmulator.maxPathBytes,
                  !path.dropLast().contains("*")
            else { throw CloudFrontError.invalidPath(path) }
        }
        return InvalidationBatch(callerReference: reference, paths: paths)
    }
}
