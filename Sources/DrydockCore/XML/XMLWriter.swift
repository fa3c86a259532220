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
        /// (as S3 writes a key holding them).
        public static func escape(_ value: String) -> String {
            var out = ""
            out.reserveCapacity(value.utf8.count)
            for scalar in value.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                default:
                    if scalar.value < 0x20 && scalar != "\t" {
                        out += "&#x\(String(scalar.value, radix: 16, uppercase: true));"
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out
        }
    }
}
