import Foundation

/// The pieces of JUnit XML (as Jenkins, GitLab and GitHub Actions read it) that `drydock validate` and
/// `drydock preflight` both write: text escaping and the time format.
public enum JUnitXML {
    /// The XML declaration every report starts with.
    public static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// XML text and attribute escaping; characters XML 1.0 cannot hold at all become U+FFFD.
    public static func escape(_ text: String) -> String { XML.Writer.escape(text, replacingInvalid: true) }

    /// Seconds with three decimals, as the `time` attributes hold them.
    public static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
