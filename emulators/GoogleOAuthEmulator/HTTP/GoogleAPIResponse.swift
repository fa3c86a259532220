import DrydockCore
import DrydockHTTP

/// Responses shaped like those of Google's REST APIs (`gmail.googleapis.com`, `sheets.googleapis.com`):
/// JSON pretty-printed with two spaces and a trailing newline unless the request says
/// `prettyPrint=false`, with the headers Google's API front end sends.
public enum GoogleAPIResponse {
    /// The headers every JSON answer from a Google API carries.
    public static var headers: HTTPHeaders {
        [
            "Content-Type": "application/json; charset=UTF-8",
            "Vary": "Origin, X-Origin, Referer",
            "Cache-Control": "private",
            "Server": "ESF",
            "X-XSS-Protection": "0",
            "X-Frame-Options": "SAMEORIGIN",
            "X-Content-Type-Options": "nosniff",
        ]
    }

    /// Whether the request wants indented output (Google's default; `?prettyPrint=false` turns it off).
    public static func prettyPrint(for request: HTTPRequest) -> Bool {
        guard let value = request.query("prettyPrint")?.lowercased() else { return true }
        return !(value == "false" || value == "0")
    }

    /// A JSON response. Pretty output ends with a newline, as Google's does.
    public static func json(_ status: Int, _ body: JSONValue, prettyPrint: Bool = true, extraHeaders: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        for field in extraHeaders { all.set(field.name, field.value) }
        let text = prettyPrint ? body.serialized(pretty: true) + "\n" : body.serialized()
        return HTTPResponse(status: status, headers: all, body: Array(text.utf8))
    }
}
