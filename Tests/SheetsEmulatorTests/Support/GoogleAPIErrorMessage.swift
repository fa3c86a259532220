import GoogleOAuthEmulator
@testable import SheetsEmulator

enum GoogleAPIErrorMessage {
    static func of(_ problem: RangeProblem) -> String { GoogleAPIError.range(problem).message }
}
