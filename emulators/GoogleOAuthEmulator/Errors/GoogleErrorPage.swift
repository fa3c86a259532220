import DrydockHTTP

/// The HTML error pages Google's front end serves when a request never reaches an API: an unknown URL
/// (404), a method the URL does not take (405), or a temporary front-end failure (502). Clients see
/// `text/html`, not JSON — which is exactly what they must cope with in production.
public enum GoogleErrorPage {
    /// 404 for a path nothing serves.
    public static func notFound(path: String) -> HTTPResponse {
        page(404, title: "Not Found", text: "The requested URL <code>\(escape(path))</code> was not found on this server.  <ins>That’s all we know.</ins>")
    }

    /// 405 for a method the URL does not accept; `allowed` fills the `Allow` header.
    public static func methodNotAllowed(method: String, path: String, allowed: [String]) -> HTTPResponse {
        var response = page(405, title: "Method Not Allowed",
                            text: "The request method <code>\(escape(method))</code> is inappropriate for the URL <code>\(escape(path))</code>.  <ins>That’s all we know.</ins>")
        response.headers.set("Allow", allowed.joined(separator: ", "))
        return response
    }

    /// 502 from the front end: "Please try again in 30 seconds."
    public static func badGateway() -> HTTPResponse {
        page(502, title: "Server Error", text: "The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>")
    }

    private static func page(_ status: Int, title: String, text: String) -> HTTPResponse {
        let html = """
        <!DOCTYPE html>
        <html lang=en>
          <meta charset=utf-8>
          <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">
          <title>Error \(status) (\(title))!!1</title>
          <a href=//www.google.com/><span id=logo aria-label=Google></span></a>
          <p><b>\(status).</b> <ins>That’s an error.</ins>
          <p>\(text)

        """
        return HTTPResponse(status: status, headers: [
            "Content-Type": "text/html; charset=UTF-8",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "SAMEORIGIN",
            "X-XSS-Protection": "0",
        ], body: Array(html.utf8))
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
