import Foundation

/// The pieces of JUnit XML (as Jenkins, GitLab and GitHub Actions read it) that `drydock validate` and
/// `drydock preflight` both write: text escaping and the time format.
public enum JUnitXML {
    /// The XML declaration every report starts with.
    public static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// XML text and attribute escaping; characters XML 1.0 cannot hold at all become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let allowed = (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// Seconds with three decimals, as the `time` attributes hold them.
    public static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
