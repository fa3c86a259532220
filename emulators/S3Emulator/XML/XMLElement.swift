/// One element of a parsed request document: its local name (any namespace prefix dropped), its
/// children in order, and its text (character data of the element itself, entities resolved).
struct XMLElement: Sendable, Equatable {
    var name: String
    var children: [XMLElement] = []
    var text = ""

    /// The first child named `name`.
    func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// Every child named `name`, in order.
    func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    func childText(_ name: String) -> String? { child(name)?.text }
}
