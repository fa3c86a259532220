extension XML {
    /// One element of a parsed request document: its local name (any namespace prefix dropped), its
    /// children in order, and its text (character data of the element itself, entities resolved).
    public struct Element: Sendable, Equatable {
        public var name: String
        public var children: [Element] = []
        public var text = ""

        public init(name: String, children: [Element] = [], text: String = "") {
            self.name = name
            self.children = children
            self.text = text
        }

        /// The first child named `name`.
        public func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// Every child named `name`, in order.
        public func children(_ name: String) -> [Element] { children.filter { $0.name == name } }

        /// The text of the first child named `name`.
        public func childText(_ name: String) -> String? { child(name)?.text }
    }
}
