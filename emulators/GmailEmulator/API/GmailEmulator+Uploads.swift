import DrydockCore
import DrydockHTTP
import GoogleOAuthEmulator

/// How the message-carrying methods read their input, and the resumable sessions (`ResumableUpload`).
extension GmailEmulator {
    /// Runs an upload-capable method: opens a resumable session for `uploadType=resumable`, else reads
    /// the JSON, media or multipart request and calls `method` with it.
    func withUpload(
        _ call: GmailCall, draft: Bool, _ method: (GmailCall, MessageUpload) -> Result<HTTPResponse, GmailError>
    ) -> Result<HTTPResponse, GmailError> {
        let members = draft ? MessageUpload.draftMembers : MessageUpload.messageMembers
        let limit = UploadLimits.maxBytes(call.route.method.id)
        if call.route.method.upload, call.request.query("uploadType")?.lowercased() == "resumable" {
            return startUpload(call, members: members, limit: limit)
        }
        let input: MessageUpload
        do { input = try MessageUpload(call.request, upload: call.route.method.upload, members: members) } catch { return .failure(error) }
        if let media = input.media, media.count > limit { return .failure(UploadLimits.tooLarge(limit)) }
        return method(call, input)
    }

    private func startUpload(_ call: GmailCall, members: Set<String>, limit: Int) -> Result<HTTPResponse, GmailError> {
        let metadata: JSONValue
        do { metadata = try MessageUpload.resource(call.request.body, members: members) } catch { return .failure(error) }
        var declared: Int?
        if let text = call.request.headers["X-Upload-Content-Length"] {
            guard text.count <= 15, let value = Int(text), value >= 0 else { return .failure(.invalidArgument("Invalid X-Upload-Content-Length")) }
            guard value <= limit else { return .failure(UploadLimits.tooLarge(limit)) }
            declared = value
        }
        let uploadID = state.withLock { state -> String in
            state.uploadSequence &+= 1
            let sequence = state.uploadSequence
            let id = "AHxI1n" + MessageID.string(MessageID.fnv1a(Array("upload:\(sequence)".utf8))) + String(sequence)
            if state.uploads.count >= ResumableUpload.maximumSessions, let oldest = state.uploads.min(by: { $0.value.opened < $1.value.opened }) {
                state.uploads[oldest.key] = nil
            }
            state.uploads[id] = ResumableUpload(
                route: call.route, email: call.email, grant: call.grant, metadata: metadata, declaredLength: declared, maxBytes: limit, opened: sequence)
            return id
        }
        let host = call.request.headers["Host"] ?? "localhost"
        // Google's own host names reach the emulator through interception, over TLS; the edge port is plain HTTP.
        let hostName = host.split(separator: ":").first.map(String.init)?.lowercased() ?? ""
        let scheme = hostName.hasSuffix(".googleapis.com") ? "https" : "http"
        let query = call.request.rawQuery
        let location = "\(scheme)://\(host)\(call.request.rawPath)?\(query.isEmpty ? "uploadType=resumable" : query)&upload_id=\(uploadID)"
        var headers: HTTPHeaders = [:]
        headers.set("Location", location)
        headers.set("X-GUploader-UploadID", uploadID)
        headers.set("Content-Type", "text/html; charset=UTF-8")
        return .success(HTTPResponse(status: 200, headers: headers))
    }

    /// A request to a session URI: a chunk, a status query, or the whole message.
    func continueUpload(_ request: HTTPRequest, uploadID: String) -> HTTPResponse {
        enum Step {
            case incomplete(received: Int)
            case complete(ResumableUpload)
            case failed(GmailError)
        }
        let range = request.headers["Content-Range"].map(ContentRange.init)
        let step = state.withLock { state -> Step in
            guard var session = state.uploads[uploadID] else { return .failed(.notFound) }
            var total: Int? = session.declaredLength
            switch range {
            case .some(nil):
                return .failed(.invalidArgument("Failed to parse Content-Range header."))
            case .some(.query(let declared)?):
                if let declared { total = declared }
                guard request.body.isEmpty else { return .failed(.invalidArgument("Failed to parse Content-Range header.")) }
            case .some(.chunk(let first, let last, let declared)?):
                if let declared { total = declared }
                guard last - first + 1 == request.body.count, first <= session.received.count else {
                    return .failed(.invalidArgument("Failed to parse Content-Range header."))
                }
                let skip = session.received.count - first
                if skip < request.body.count { session.received.append(contentsOf: request.body[skip...]) }
            case .none:
                session.received = request.body
                total = request.body.count
            }
            let held = state.uploads.values.reduce(0) { $0 + $1.received.count } - (state.uploads[uploadID]?.received.count ?? 0)
            guard session.received.count <= session.maxBytes, (total ?? 0) <= session.maxBytes,
                  held + session.received.count <= ResumableUpload.maximumHeldBytes else {
                state.uploads[uploadID] = nil
                return .failed(UploadLimits.tooLarge(session.maxBytes))
            }
            if let total, session.received.count >= total {
                state.uploads[uploadID] = nil
                return .complete(session)
            }
            state.uploads[uploadID] = session
            return .incomplete(received: session.received.count)
        }
        switch step {
        case .failed(let error):
            return error.response(for: request)
        case .incomplete(let received):
            var headers: HTTPHeaders = [:]
            if received > 0 { headers.set("Range", "bytes=0-\(received - 1)") }
            headers.set("X-GUploader-UploadID", uploadID)
            return HTTPResponse(status: 308, headers: headers)
        case .complete(let session):
            let call = GmailCall(request: request, route: session.route, grant: session.grant, email: session.email)
            let input = MessageUpload(metadata: session.metadata, media: session.received)
            switch run(call, input: input) {
            case .success(let response): return response
            case .failure(let error): return error.response(for: request)
            }
        }
    }
}
