import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation

/// S3's success answers: XML documents and header-only replies, with the request ids.
enum S3Response {
    static func xml(_ writer: XML.Writer, ids: S3RequestIDs, status: Int = 200, headers extra: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = ids.headers
        for field in extra { headers.add(field.name, field.value) }
        headers.add("Content-Type", "application/xml")
        return HTTPResponse(status: status, headers: headers, body: writer.bytes)
    }

    static func empty(_ status: Int = 200, ids: S3RequestIDs, headers extra: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = ids.headers
        for field in extra { headers.add(field.name, field.value) }
        return HTTPResponse(status: status, headers: headers)
    }

    /// `2026-12-05T19:00:00.000Z`, S3's timestamps in XML.
    static func timestamp(_ date: Date) -> String {
        let text = RFC3339.string(from: date)
        return String(text.dropLast()) + ".000Z"
    }
}
