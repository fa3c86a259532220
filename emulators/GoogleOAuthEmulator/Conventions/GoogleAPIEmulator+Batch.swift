import DrydockHTTP
import EmulatorKit

/// Batch endpoints: `POST /batch/<api>/<version>` and the bare `POST /batch` (where both discovery
/// documents' `batchPath` points google-api-python-client).
extension GoogleAPIEmulator: CompositeServiceEmulator {
    public func isComposite(_ request: HTTPRequest) -> Bool {
        request.method == "POST" && isBatchPath(request.rawPath)
    }

    public func handleComposite(_ request: HTTPRequest, part: (HTTPRequest) -> HTTPResponse) -> HTTPResponse {
        ResponseCompression.negotiated(handleBatch(request, answer: part), for: request)
    }

    func isBatchPath(_ rawPath: String) -> Bool {
        rawPath == "/batch" || rawPath == api.batchPath
    }

    /// nil for a path that is no batch endpoint; otherwise whether this API takes the batch. The bare
    /// `/batch` belongs to the API whose host the request names, else to the API that serves its first
    /// part, else (a batch nothing can read) to the API that `claimsUnroutedBatch`.
    func batchRoute(_ request: HTTPRequest) -> Bool? {
        let path = request.rawPath
        if path == api.batchPath { return true }
        guard path == "/batch" else { return nil }
        if let host = request.headers["Host"]?.split(separator: ":").first.map({ $0.lowercased() }),
           host.hasSuffix(".googleapis.com") {
            return host == api.host
        }
        if let batch = try? GoogleBatchRequest(request), let first = batch.parts.first {
            return inner.claims(first.request)
        }
        return api.claimsUnroutedBatch
    }

    /// A batch, each part answered by `answer` (the edge's dispatch, or `handleOne` without an edge).
    func handleBatch(_ request: HTTPRequest, answer: (HTTPRequest) -> HTTPResponse) -> HTTPResponse {
        guard request.method == "POST" else { return GoogleErrorPage.notFound(path: request.path) }
        let batch: GoogleBatchRequest
        do { batch = try GoogleBatchRequest(request) } catch {
            return GoogleAPIError.malformedBatch(error.problem, legacyErrors: api.legacyErrors).response(for: request)
        }
        var answers: [(contentID: String?, response: HTTPResponse)] = []
        switch api.batch {
        case .served(let limit):
            guard batch.parts.count <= limit else {
                return GoogleAPIError.batchTooLarge(received: batch.parts.count, limit: limit, legacyErrors: api.legacyErrors).response(for: request)
            }
            for part in batch.parts {
                // Only paths the API serves reach `answer` (never a batch path: no nesting).
                let served = inner.claims(part.request) && !isBatchPath(part.request.rawPath)
                answers.append((part.contentID, served ? answer(part.request) : GoogleErrorPage.notFound(path: part.request.path)))
            }
        case .unimplemented:
            for part in batch.parts {
                answers.append((part.contentID, GoogleAPIError.batchUnimplemented(legacyErrors: api.legacyErrors).response(for: part.request)))
            }
        }
        return GoogleBatchResponse.render(answers, seed: request.body)
    }
}
