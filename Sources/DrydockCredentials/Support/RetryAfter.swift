import DrydockCore
import Foundation

/// The `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is absent or unreadable. A date in the past
    /// means 0.
    public static func delay(_ value: String?, now: Date) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return Double(text) }
        guard let date = httpDate(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The HTTP-date forms (DrydockCore's `HTTPDate`, shared with the emulators' `Date` header).
    static func httpDate(_ text: String) -> Date? { HTTPDate.parse(text) }
}
