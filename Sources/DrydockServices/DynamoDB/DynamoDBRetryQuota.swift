import Synchronization

/// botocore standard mode's retry quota (`botocore/retries/standard.py` + `quota.py`): a client-wide token
/// bucket of 500. A retry costs 5 (10 after a timeout); when the bucket cannot pay, the error is returned
/// without retrying, so a client facing a dead service stops amplifying load. A success that needed retries
/// refunds the last retry's cost; a first-try success adds 1, up to the initial capacity.
public final class DynamoDBRetryQuota: Sendable {
    public static let initialCapacity = 500
    static let retryCost = 5
    static let timeoutRetryCost = 10
    static let noRetryIncrement = 1

    private let available = Mutex(DynamoDBRetryQuota.initialCapacity)

    public init() {}

    /// Tokens left.
    public var capacity: Int { available.withLock { $0 } }

    /// Takes the cost of one retry; false when the bucket cannot pay it.
    func acquire(afterTimeout: Bool) -> Int? {
        let cost = afterTimeout ? Self.timeoutRetryCost : Self.retryCost
        return available.withLock { tokens in
            guard tokens >= cost else { return nil }
            tokens -= cost
            return cost
        }
    }

    /// Credits a successful response: the last retry's cost, or 1 when no retry was needed.
    func release(lastRetryCost: Int?) {
        available.withLock { $0 = min(Self.initialCapacity, $0 + (lastRetryCost ?? Self.noRetryIncrement)) }
    }
}
