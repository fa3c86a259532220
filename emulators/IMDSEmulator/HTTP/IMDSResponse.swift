import DrydockHTTP
import EmulatorKit

/// The responses the instance metadata service sends: plain-text values, EC2's JSON documents, and its
/// XHTML error pages. Every one carries `Server: EC2ws`, as EC2's metadata server does.
public enum IMDSResponse {
    /// A metadata value or listing: `text/plain`, no trailing newline (as EC2 prints them).
    public static func text(_ text: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all.set("Server", "EC2ws")
        return HTTPResponse(status: 200, contentType: "text/plain", text: text, headers: all)
    }

    /// EC2's error page for `status` (`404 - Not Found`), `text/html`.
    ///
    /// Confirmed: the 404 page's exact text, as AWS's own amazon-ec2-metadata-mock copies it from EC2
    /// (ISO-8859-1 XML declaration, tab-indented DOCTYPE continuation, one-space indentation).
    /// Assumed: EC2 uses the same template for its other statuses (400, 401, 403, 405, 500, 503).
    public static func errorPage(_ status: Int) -> HTTPResponse {
        let title = "\(status) - \(reasonPhrase(status))"
        let html = """
            <?xml version="1.0" encoding="iso-8859-1"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
            \t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
             <head>
              <title>\(title)</title>
             </head>
             <body>
              <h1>\(title)</h1>
             </body>
            </html>
            """
        return HTTPResponse(status: status, contentType: "text/html", text: html, headers: ["Server": "EC2ws"])
    }

    /// The reason phrase EC2 puts in its error pages.
    static func reasonPhrase(_ status: Int) -> String {
        HTTPReasonPhrase.phrase(status) ?? "Error"
    }
}
