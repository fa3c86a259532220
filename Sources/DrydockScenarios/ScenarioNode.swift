import DrydockYAML

/// A located YAML node of a scenario file; the reading code is shared with the host configuration
/// (DrydockYAML's `DocumentNode`).
typealias ScenarioNode = DocumentNode
