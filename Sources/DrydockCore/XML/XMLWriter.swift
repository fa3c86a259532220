extension XML {
    /// Builds S3's response documents: `<?xml …?>`, then elements in the order written, text escaped.
    public struct Writer {
        public private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

        public init() {}

        /// Opens `name` (with S3's namespace when `namespaced`), runs `body`, closes it.
        public mutating func element(_ name: String, namespaced: Bool = false, _ body: (inout Writer) -> Void) {
            text += namespaced ? "<\(name) xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" : "<\(name)>"
            body(&self)
            text += "</\(name)>"
        }

        /// Opens `name` with the default namespace `xmlns` (CloudFront's, …), runs `body`, closes it.
        public mutating func element(_ name: String, xmlns: String, _ body: (inout Writer) -> Void) {
            text += "<\(name) xmlns=\"\(Self.escape(xmlns))\">"
            body(&self)
            text += "</\(name)>"
        }

        /// `<name>value</name>`, the value escaped.
        public mutating func leaf(_ name: String, _ value: String) {
            text += "<\(name)>\(Self.escape(value))</\(name)>"
        }

        /// `leaf` when `value` is not nil.
        public mutating func optionalLeaf(_ name: String, _ value: String?) {
            if let value { leaf(name, value) }
        }

        /// Already-escaped text inside the current element.
        public mutating func raw(_ escaped: String) { text += escaped }

        /// A complete document given as text (after the declaration).
        public static func document(_ body: String) -> Writer {
            var writer = Writer()
            writer.text += body
            return writer
        }

        public var bytes: [UInt8] { Array(text.utf8) }

        /// XML-escapes `&`, `<`, `>`, `"` and `'`; control characters XML 1.0 cannot carry become `&#xN;`
        /// (as S3 writes a key holding them), or with `replacingInvalid` (a document any XML 1.0 reader
        /// must take, such as a JUnit report) tab, LF and CR stay and every character XML 1.0 cannot hold
        /// at all becomes U+FFFD.
        public static func escape(_ value: String, replacingInvalid: Bool = false) -> String {
            var out = ""
            out.reserveCapacity(value.utf8.count)
            for scalar in value.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                case "\t": out.unicodeScalars.append(scalar)
                default:
                    let v = scalar.value
                    if replacingInvalid {
                        let allowed = scalar == "\n" || scalar == "\r" || (0x20...0xD7FF).contains(v)
                            || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                        out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
                    } else if v < 0x20 {
                        out += "&#x\(String(v, radix: 16, uppercase: true));"
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out
        }
    }
}
