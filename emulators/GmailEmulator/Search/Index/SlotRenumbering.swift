/// How a mailbox index numbers its slots after dropping the slots of deleted messages: the live slots
/// keep their order and become `0..<liveCount` (a live slot's new number is how many live slots precede
/// it). The order is kept, so sorted slot lists stay sorted and every term's holders can be renumbered
/// in one pass, without parsing any message again (`MailboxIndex.renumbered`).
struct SlotRenumbering: Sendable {
    /// Per old slot, its new number; `gone` for a dead slot.
    private let newSlots: [UInt32]
    /// How many slots are live (the new slot count).
    let liveCount: Int

    static let gone = UInt32.max

    /// The renumbering that keeps the slots of `live` among `0..<slotCount`.
    init(live: SlotSet, slotCount: Int) {
        var newSlots = [UInt32](repeating: Self.gone, count: slotCount)
        var next: UInt32 = 0
        live.forEach { slot in
            guard Int(slot) < slotCount else { return }
            newSlots[Int(slot)] = next
            next += 1
        }
        self.newSlots = newSlots
        liveCount = Int(next)
    }

    /// The new number of old slot `slot`; nil when its message is gone.
    subscript(_ slot: UInt32) -> UInt32? {
        guard Int(slot) < newSlots.count else { return nil }
        let new = newSlots[Int(slot)]
        return new == Self.gone ? nil : new
    }

    /// The live members of `set`, renumbered.
    func apply(_ set: SlotSet) -> SlotSet {
        var result = SlotSet()
        set.forEach { slot in
            if let new = self[slot] { result.insert(new) }
        }
        return result
    }

    /// The live old slots, ascending (old slot `oldSlots[n]` becomes slot `n`).
    var oldSlots: [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(liveCount)
        for (old, new) in newSlots.enumerated() where new != Self.gone { result.append(UInt32(truncatingIfNeeded: old)) }
        return result
    }
}
