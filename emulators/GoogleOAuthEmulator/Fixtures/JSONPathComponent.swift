/// One step into a JSON document: an object member or an array element.
public enum JSONPathComponent: Sendable, Equatable, CustomStringConvertible {
    case member(String)
    case index(Int)

    public var description: String {
        switch self {
        case .member(let name): name
        case .index(let index): "[\(index)]"
        }
    }

    /// `clients[0].client_id`.
    static func render(_ path: [JSONPathComponent]) -> String {
        guard !path.isEmpty else { return "(document)" }
        var text = ""
        for component in path {
            switch component {
            case .member(let name): text += text.isEmpty ? name : "." + name
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
