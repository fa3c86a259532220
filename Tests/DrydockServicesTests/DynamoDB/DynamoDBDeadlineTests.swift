import DrydockCore
import DrydockCredentials
import DrydockHTTP
import DrydockServices
import Foundation
import Synchronization
import Testing

/// A client call under an ``AWSCallDeadline``: every attempt's timeout cut to the time left, no retry and no
/// backoff wait past it, nothing sent without time left. Virtual time: a scripted endpoint whose answers
/// take a number of seconds, and that times out as libcurl would when the request's timeout is shorter.
@Suite(.timeLimit(.minutes(1)))
struct DynamoDBDeadlineTests {
    let clock = ManualClock()

    /// One scripted answer: `after` seconds of transfer, then `response` (nil: the endpoint never answers).
    struct Answer {
        let after: Double
        let response: HTTPResponse?
    }

    /// Answers from a script on `clock`; records each request's transfer timeout.
    final class SlowEndpoint: HTTPTransport, Sendable {
        let clock: ManualClock
        private let state: Mutex<(script: [Answer], timeouts: [Double])>

        init(clock: ManualClock, _ script: [Answer]) {
            self.clock = clock
            state = Mutex((script, []))
        }

        var timeouts: [Double] { state.withLock { $0.timeouts } }

        func send(_ request: ClientRequest) throws -> HTTPResponse {
            let timeout = try #require(request.timeout, "every AWS request carries its timeout")
            let answer = state.withLock { state in
                state.timeouts.append(timeout)
                return state.script.isEmpty ? Answer(after: 0, response: HTTPResponse(status: 599)) : state.script.removeFirst()
            }
            try SimulatedTransfer.wait(answer.response == nil ? nil : answer.after, timeout: timeout, url: request.url) {
                clock.advance(seconds: $0)
            }
            return answer.response ?? HTTPResponse(status: 599)
        }
    }

    func client(_ endpoint: SlowEndpoint, deadline seconds: Double, maxAttempts: Int = 3, random: Double = 0.5) throws -> DynamoDBClient {
        var client = try DynamoDBClient(
            region: "eu-west-1", credentials: DynamoDBClientTests.StaticProvider(), transport: endpoint,
            environment: Environment(["AWS_ENDPOINT_URL": "http://dynamodb.test"]), clock: clock,
            retryPolicy: DynamoDBRetryPolicy(maxAttempts: maxAttempts, random: { random }))
        client.deadline = AWSCallDeadline(clock.now().addingTimeInterval(seconds), name: "the refresh deadline (\(Int(seconds)) s)")
        return client
    }

    static let unavailable = FakeDynamoDB.error(503, "ServiceUnavailable", "The service is unavailable")

    @Test func aHangingEndpointCostsTheTimeLeftNotTheClientTimeout() throws {
        let endpoint = SlowEndpoint(clock: clock, [Answer(after: 0, response: nil)])
        let start = clock.now()

        let error = #expect(throws: DynamoDBError.self) { try client(endpoint, deadline: 20).call("UpdateItem", [:]) }

        #expect(endpoint.timeouts == [20], "min(60 s client timeout, 20 s left)")
        #expect(clock.now().timeIntervalSince(start) == 20)
        #expect(error?.code == DynamoDBError.deadlineCode)
        #expect(error?.exitStatus == .transient)
        #expect(error?.attempts == 1)
        #expect(error?.description == "DynamoDB UpdateItem failed: DeadlineReached: the refresh deadline (20 s) was reached; "
            + "the last attempt failed: TransportError: request timed out with no response (http://dynamodb.test)")
    }

    @Test func noRetryStartsPastTheDeadline() throws {
        // Each answer takes 8 s: attempts at 0 and 8.5 s (after 0.5 s of backoff); the third, at 17.5 s,
        // gets the 2.5 s left and times out at the deadline. Ten attempts were allowed.
        let endpoint = SlowEndpoint(clock: clock, Array(repeating: Answer(after: 8, response: Self.unavailable), count: 10))
        let start = clock.now()

        let error = #expect(throws: DynamoDBError.self) {
            try client(endpoint, deadline: 20, maxAttempts: 10).call("GetItem", [:])
        }

        #expect(endpoint.timeouts == [20, 11.5, 2.5])
        #expect(clock.sleeps == [0.5, 1])
        #expect(clock.now().timeIntervalSince(start) == 20)
        #expect(error?.code == DynamoDBError.deadlineCode)
        #expect(error?.attempts == 3)
        #expect(error?.description.hasSuffix("the last attempt failed: TransportError: request timed out with no response (http://dynamodb.test) [after 3 attempts]") == true)
    }

    @Test func noBackoffWaitEndsPastTheDeadline() throws {
        // Instant 503s; backoff 0.9 s then 1.8 s: the second wait would end past the 2 s deadline.
        let endpoint = SlowEndpoint(clock: clock, Array(repeating: Answer(after: 0, response: Self.unavailable), count: 3))

        let bounded = try client(endpoint, deadline: 2, random: 0.9)

        let error = #expect(throws: DynamoDBError.self) { try bounded.call("GetItem", [:]) }

        #expect(endpoint.timeouts.count == 2)
        #expect(clock.sleeps == [0.9], "the second wait is not begun")
        #expect(error?.code == DynamoDBError.deadlineCode)
        #expect(error?.message == "the refresh deadline (2 s) was reached; the last attempt failed: ServiceUnavailable (HTTP 503): The service is unavailable")
        #expect(bounded.retryQuota.capacity == DynamoDBRetryQuota.initialCapacity - 5, "the retry not made cost nothing")
    }

    @Test func aCallWithNoTimeLeftSendsNothing() throws {
        let endpoint = SlowEndpoint(clock: clock, [])

        let error = #expect(throws: DynamoDBError.self) { try client(endpoint, deadline: 0).call("UpdateItem", [:]) }

        #expect(endpoint.timeouts.isEmpty)
        #expect(error?.code == DynamoDBError.deadlineCode)
        #expect(error?.attempts == 0)
        #expect(error?.description == "DynamoDB UpdateItem failed: DeadlineReached: the refresh deadline (0 s) was reached before a request was sent")
    }

    @Test func aClientErrorIsReportedAsItselfEvenAtTheDeadline() throws {
        let endpoint = SlowEndpoint(clock: clock, [Answer(after: 5, response: FakeDynamoDB.error(400, "ValidationException", "One or more parameter values were invalid"))])

        let error = #expect(throws: DynamoDBError.self) { try client(endpoint, deadline: 5).call("UpdateItem", [:]) }

        #expect(error?.code == "ValidationException", "not retryable: the deadline changes nothing")
    }

    @Test func anAnswerWithinTheTimeLeftIsUsed() throws {
        let endpoint = SlowEndpoint(clock: clock, [
            Answer(after: 0, response: Self.unavailable), Answer(after: 1, response: FakeDynamoDB.ok(["Item": ["k": ["S": "v"]]])),
        ])

        let output = try client(endpoint, deadline: 10).call("GetItem", [:])

        #expect(output["Item"]?["k"]?["S"]?.stringValue == "v")
        #expect(endpoint.timeouts == [10, 9.5])
    }
}

/// A transfer as libcurl lives it, on virtual time: an answer that takes `seconds` (nil: never comes) under
/// a request timeout of `timeout` moves the clock by the shorter of the two, and a timeout throws
/// libcurl's error.
enum SimulatedTransfer {
    static func wait(_ seconds: Double?, timeout: Double, url: String, advance: (Double) -> Void) throws {
        guard let seconds, seconds <= timeout else {
            advance(timeout)
            throw HTTPClientError(code: .timeout, message: "request timed out with no response (\(ParsedURL.redact(url)))")
        }
        advance(seconds)
    }
}
