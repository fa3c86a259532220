@testable import DrydockJobs
import Foundation
import Synchronization
import Testing

/// The bookings search fetches the next message while it parses this one: the same fetches, in the same
/// order, results handed over in order, the first failure rethrown where a plain loop would have thrown
/// it, and nothing fetched after it; a caller that stops early stops the fetching.
@Suite(.timeLimit(.minutes(1))) struct OrderedPrefetchTests {
    struct Failed: Error, Equatable { let index: Int }

    @Test(arguments: [0, 1, 2, 50])
    func resultsArriveInOrderAndEveryItemIsFetchedOnce(count: Int) throws {
        let fetched = Mutex<[Int]>([])
        var received: [Int] = []
        try OrderedPrefetch.forEach(Array(0..<count), fetch: { item in
            fetched.withLock { $0.append(item) }
            return item * 10
        }) { received.append($0) }
        #expect(received == (0..<count).map { $0 * 10 })
        #expect(fetched.withLock { $0 } == Array(0..<count))
    }

    @Test func theFirstFailureIsRethrownInPlaceAndNothingAfterItIsFetched() throws {
        let fetched = Mutex<[Int]>([])
        var received: [Int] = []
        #expect(throws: Failed(index: 3)) {
            try OrderedPrefetch.forEach(Array(0..<10), fetch: { item in
                fetched.withLock { $0.append(item) }
                if item == 3 { throw Failed(index: 3) }
                return item
            }) { received.append($0) }
        }
        #expect(received == [0, 1, 2])
        #expect(fetched.withLock { $0 } == [0, 1, 2, 3])
    }

    @Test func aCallerThatStopsEarlyStopsTheFetchingWithinTheDepth() throws {
        let fetched = Mutex<[Int]>([])
        #expect(throws: Failed(index: 1)) {
            try OrderedPrefetch.forEach(Array(0..<100), depth: 2, fetch: { item in
                fetched.withLock { $0.append(item) }
                return item
            }) { item in
                if item == 1 { throw Failed(index: 1) }
            }
        }
        // Joined before returning: no fetch happens after forEach returned, and at most depth + 2 ran
        // (the two taken, the two queued, and one blocked handing over).
        let after = fetched.withLock { $0.count }
        usleep(50_000)
        #expect(fetched.withLock { $0.count } == after)
        #expect(after <= 5, "fetched \(after)")
    }
}
