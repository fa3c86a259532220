/// One entity of a parsed message (RFC 2045/2046): the message itself, or a part of a multipart.
/// Leaves carry their body with the transfer encoding undone; multiparts carry their children.
struct MimePart: Sendable {
    /// The header fields as written (unfolded).
    let headers: [MimeHeaderField]
    /// `text/plain`, `multipart/mixed`, … lowercased.
    let mimeType: String
    let contentType: HeaderParameters
    let disposition: HeaderParameters
    /// The body with the Content-Transfer-Encoding undone, in its own charset. Empty for multiparts.
    let body: [UInt8]
    let parts: [MimePart]

    var isMultipart: Bool { mimeType.hasPrefix("multipart/") }

    /// The declared charset of a text body.
    var charset: String? { contentType["charset"] }

    /// The attachment's file name: Content-Disposition `filename` (RFC 2231 `filename*` included),
    /// else Content-Type `name`; "" for parts that are not files.
    var filename: String { disposition["filename"] ?? contentType["name"] ?? "" }

    /// Whether Gmail treats this part as an attachment: a leaf with a file name.
    var isAttachment: Bool { !isMultipart && !filename.isEmpty }

    /// The body as text in its charset.
    var text: String { Charset.decode(body, charset: charset) }

    /// Every leaf in document order, depth first.
    var leaves: [MimePart] { isMultipart && !parts.isEmpty ? parts.flatMap(\.leaves) : [self] }
}
