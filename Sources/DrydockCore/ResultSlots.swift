import Foundation

/// One slot per index, filled from concurrent workers (`DispatchQueue.concurrentPerform` and the like)
/// and read back in index order once they are done.
public final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

    /// The filled slots, in index order.
    public var all: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
