import DrydockCore
import DrydockHTTP
import Foundation
import Synchronization

/// The fault rules and their counters, behind one lock: concurrent requests see a consistent order, and
/// `times: 3` fires exactly three times however many threads race.
final class FaultEngine: Sendable {
    /// The parts of a request rules match on.
    struct Probe {
        var service: String
        var operation: String
        var method: String
        /// Percent-decoded, without the query.
        var path: String
        var headers: HTTPHeaders
        /// The region the service reports for the request (`ServiceEmulator.region(of:)`); nil for
        /// services without regions, which a rule with `region` never matches. Asked only when a rule
        /// has a `region`, so requests pay nothing for it otherwise.
        var region: () -> String? = { nil }
    }

    private struct StoredRule {
        var rule: FaultRule
        let addedAt: Date
        var matched = 0
        var fired = 0
        var random: SeededRandom

        var status: FaultRuleStatus { FaultRuleStatus(rule: rule, addedAt: addedAt, matched: matched, fired: fired) }
        var isExhausted: Bool { rule.times.map { fired >= $0 } ?? false }
    }

    private struct State {
        var rules: [StoredRule] = []
        /// Rules added since the last reset: numbers assigned ids and derives default seeds.
        var serial = 0
    }

    private let state = Mutex(State())
    private let clock: any WallClock
    private let seed: UInt64

    init(clock: any WallClock, seed: UInt64) {
        self.clock = clock
        self.seed = seed
    }

    /// Stores `rules` (all or none), assigning ids and seeds. `paths` name each rule in errors.
    func add(_ rules: [(rule: FaultRule, path: String)]) throws(JSONInputError) -> [FaultRuleStatus] {
        for entry in rules { try entry.rule.validate(at: entry.path) }
        let now = clock.now()
        return try state.withLock { state throws(JSONInputError) -> [FaultRuleStatus] in
            var taken = Set(state.rules.compactMap(\.rule.id))
            var serial = state.serial
            var added: [StoredRule] = []
            for (rule, path) in rules {
                serial += 1
                var stored = rule
                if let id = rule.id {
                    guard taken.insert(id).inserted else {
                        throw JSONInputError(path: JSONObjectReader.join(path, "id"), reason: "a rule with id \"\(id)\" already exists")
                    }
                } else {
                    var candidate = serial
                    while taken.contains("r\(candidate)") { candidate += 1 }
                    stored.id = "r\(candidate)"
                    taken.insert("r\(candidate)")
                }
                let ruleSeed = rule.seed ?? Self.derivedSeed(seed, serial: serial)
                added.append(StoredRule(rule: stored, addedAt: now, random: SeededRandom(seed: ruleSeed)))
            }
            state.serial = serial
            state.rules += added
            return added.map(\.status)
        }
    }

    /// Every rule in insertion order, exhausted ones included.
    var rules: [FaultRuleStatus] { state.withLock { $0.rules.map(\.status) } }

    func rule(id: String) -> FaultRuleStatus? { state.withLock { $0.rules.first { $0.rule.id == id }?.status } }

    /// Removes the rule `id`; false when there is none.
    func remove(id: String) -> Bool {
        state.withLock { state in
            guard let index = state.rules.firstIndex(where: { $0.rule.id == id }) else { return false }
            state.rules.remove(at: index)
            return true
        }
    }

    /// Removes every rule; returns how many there were. Ids keep counting up, so an old id never names a
    /// new rule.
    func removeAll() -> Int {
        state.withLock { state in
            defer { state.rules.removeAll() }
            return state.rules.count
        }
    }

    /// Removes every rule and restarts ids and default seeds, so a script replays identically after
    /// `POST /_drydock/reset`.
    func reset() { state.withLock { $0 = State() } }

    /// The first rule that fires on `probe`, counting the request against every rule it matches on the way.
    func decide(_ probe: Probe) -> (trace: FaultTrace, action: FaultAction)? {
        let now = clock.now()
        return state.withLock { state -> (trace: FaultTrace, action: FaultAction)? in
            for index in state.rules.indices {
                let rule = state.rules[index].rule
                guard !state.rules[index].isExhausted, rule.matches(probe) else { continue }
                let elapsed = now.timeIntervalSince(state.rules[index].addedAt)
                if let after = rule.after, elapsed < after { continue }
                if let until = rule.until, elapsed >= until { continue }
                state.rules[index].matched += 1
                guard rule.isScheduled(match: state.rules[index].matched) else { continue }
                if let probability = rule.probability, probability < 1,
                   state.rules[index].random.nextUnit() >= probability {
                    continue
                }
                state.rules[index].fired += 1
                return (FaultTrace(ruleID: rule.id ?? "", actionType: rule.action.type), rule.action)
            }
            return nil
        }
    }

    /// A rule's default seed: the edge's seed mixed with the rule's position, so two rules without seeds
    /// draw independent, reproducible sequences.
    static func derivedSeed(_ seed: UInt64, serial: Int) -> UInt64 {
        var mixer = SeededRandom(seed: seed ^ (UInt64(serial) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }
}

extension FaultRule {
    /// The static criteria: service, operation, method, path, header, region.
    func matches(_ probe: FaultEngine.Probe) -> Bool {
        if let service, service != probe.service { return false }
        if let operation, !Glob.matches(operation, probe.operation) { return false }
        if let method, method != probe.method.uppercased() { return false }
        if let path, !Glob.matches(path, probe.path) { return false }
        if let header {
            guard let value = probe.headers[header.name] else { return false }
            if let pattern = header.value, !Glob.matches(pattern, value) { return false }
        }
        if let region {
            guard let requestRegion = probe.region(), Glob.matches(region, requestRegion) else { return false }
        }
        return true
    }

    /// Whether the `match`-th matching request (1-based) is one `nth` and `every` select.
    func isScheduled(match: Int) -> Bool {
        let first = nth ?? every ?? 1
        guard match >= first else { return false }
        if let every { return (match - first) % every == 0 }
        return true
    }
}
