/// A DynamoDB number: up to 38 significant decimal digits, magnitude between 1E-130 and
/// 9.9999999999999999999999999999999999999E+125, compared numerically and written back normalised
/// ("1.50" → "1.5", "-0" → "0", "1E3" → "1000").
///
/// Stored as sign, significant digits without leading or trailing zeros, and `exponent` such that the
/// value is 0.d₁d₂…dₙ × 10^exponent. Zero has no digits.
public struct DynamoNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let negative: Bool
    public let digits: [UInt8]
    public let exponent: Int

    /// Why a number literal was refused, with DynamoDB's message.
    public enum Problem: Error, Sendable, Equatable {
        case notANumber, tooManyDigits, overflow, underflow

        /// DynamoDB's messages, as a public conformance suite captured them from AWS (2026): the
        /// "current" layer (most operations) echoes the text after a colon.
        public var message: String { message(for: nil) }

        /// The message, echoing `text` after "numeric value: " when given (the current layer); the older
        /// layer (BatchWriteItem, transactions, Scan) echoes it too except for the empty string.
        public func message(for text: String?) -> String {
            switch self {
            case .notANumber:
                text.map { "The parameter cannot be converted to a numeric value: \($0)" } ?? "The parameter cannot be converted to a numeric value"
            case .tooManyDigits: "Attempting to store more than 38 significant digits in a Number"
            case .overflow: "Number overflow. Attempting to store a number with magnitude larger than supported range"
            case .underflow: "Number underflow. Attempting to store a number with magnitude smaller than supported range"
            }
        }
    }

    /// Normalises: leading zeros move into the exponent, trailing zeros go (in one pass each, so a
    /// literal of a million zeros costs a million steps, not a million squared).
    init(negative: Bool, digits: [UInt8], exponent: Int) {
        let leading = digits.prefix { $0 == 0 }.count
        let trailing = leading == digits.count ? 0 : digits.reversed().prefix { $0 == 0 }.count
        let significant = Array(digits[leading..<(digits.count - trailing)])
        self.negative = significant.isEmpty ? false : negative
        self.digits = significant
        self.exponent = significant.isEmpty ? 0 : exponent - leading
    }

    /// An integer (a `size()` result), exactly.
    init(_ value: Int) {
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        self.init(negative: value < 0, digits: digits.reversed(), exponent: digits.count)
    }

    public static let zero = DynamoNumber(negative: false, digits: [], exponent: 0)

    /// Where a literal's exponent saturates while parsing (`1E+2147483647` is an overflow, not a trap).
    static let exponentCeiling = 1 << 40

    /// Parses DynamoDB's number text: optional sign, digits with an optional point, optional exponent.
    public static func parse(_ text: String) -> Result<DynamoNumber, Problem> {
        // No whitespace is trimmed: " 1" is refused (confirmed by a public conformance capture).
        var chars = Array(text.utf8)[...]
        var negative = false
        if let first = chars.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            chars.removeFirst()
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        var sawDigit = false
        while let c = chars.first {
            if c >= 0x30 && c <= 0x39 {
                digits.append(c - 0x30)
                sawDigit = true
            } else if c == UInt8(ascii: "."), pointPosition == nil {
                pointPosition = digits.count
            } else { break }
            chars.removeFirst()
        }
        guard sawDigit else { return .failure(.notANumber) }
        var exponentValue = 0
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            chars.removeFirst()
            var expNegative = false
            if let s = chars.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
                expNegative = s == UInt8(ascii: "-")
                chars.removeFirst()
            }
            guard !chars.isEmpty else { return .failure(.notANumber) }
            // Saturates: no literal (bounded by the request size) has enough digits to bring an
            // exponent past 2^40 back into range, and the arithmetic never overflows.
            for c in chars {
                guard c >= 0x30 && c <= 0x39 else { return .failure(.notANumber) }
                exponentValue = min(exponentValue * 10 + Int(c - 0x30), Self.exponentCeiling)
            }
            if expNegative { exponentValue = -exponentValue }
            chars = []
        }
        guard chars.isEmpty else { return .failure(.notANumber) }
        let integerDigits = pointPosition ?? digits.count
        let number = DynamoNumber(negative: negative, digits: digits, exponent: integerDigits + exponentValue)
        if number.digits.isEmpty { return .success(number) }
        if number.digits.count > 38 { return .failure(.tooManyDigits) }
        // Scientific exponent (d.ddd × 10^e) is exponent - 1; DynamoDB's range is 1E-130 … <1E+126.
        if number.exponent - 1 > 125 { return .failure(.overflow) }
        if number.exponent - 1 < -130 { return .failure(.underflow) }
        return .success(number)
    }

    /// The normalised text DynamoDB returns: plain notation, no exponent, no trailing zeros.
    /// (Assumed: DynamoDB answers plain notation for every stored number.)
    public var description: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `description`'s text as UTF-8 (responses write every number of every item this way).
    func write(to out: inout [UInt8]) {
        if digits.isEmpty { out.append(UInt8(ascii: "0")); return }
        if negative { out.append(UInt8(ascii: "-")) }
        func appendDigits(_ slice: ArraySlice<UInt8>) { for digit in slice { out.append(UInt8(ascii: "0") &+ digit) } }
        func appendZeros(_ count: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count)) }
        if exponent <= 0 {
            out.append(contentsOf: "0.".utf8)
            appendZeros(-exponent)
            appendDigits(digits[...])
        } else if exponent >= digits.count {
            appendDigits(digits[...])
            appendZeros(exponent - digits.count)
        } else {
            appendDigits(digits[..<exponent])
            out.append(UInt8(ascii: "."))
            appendDigits(digits[exponent...])
        }
    }

    public static func < (lhs: DynamoNumber, rhs: DynamoNumber) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitudeLess = compareMagnitude(lhs, rhs)
        if lhs.negative { return magnitudeLess == .greater }
        return magnitudeLess == .less
    }

    private enum Order { case less, equal, greater }

    private static func compareMagnitude(_ a: DynamoNumber, _ b: DynamoNumber) -> Order {
        if a.digits.isEmpty || b.digits.isEmpty {
            if a.digits.isEmpty && b.digits.isEmpty { return .equal }
            return a.digits.isEmpty ? .less : .greater
        }
        if a.exponent != b.exponent { return a.exponent < b.exponent ? .less : .greater }
        for (x, y) in zip(a.digits, b.digits) where x != y { return x < y ? .less : .greater }
        if a.digits.count == b.digits.count { return .equal }
        return a.digits.count < b.digits.count ? .less : .greater
    }

    // MARK: Arithmetic (for ADD and SET a = a + :n)

    /// `lhs + rhs`, exact, or a problem when the result leaves DynamoDB's range or precision (both
    /// `.overflow`, as DynamoDB words them).
    public static func add(_ lhs: DynamoNumber, _ rhs: DynamoNumber) -> Result<DynamoNumber, Problem> {
        if lhs.digits.isEmpty { return .success(rhs) }
        if rhs.digits.isEmpty { return .success(lhs) }
        // Align both on the smallest unit 10^low.
        let low = min(lhs.exponent - lhs.digits.count, rhs.exponent - rhs.digits.count)
        func scaled(_ n: DynamoNumber) -> [Int] {
            // Little-endian digits of the integer n / 10^low.
            let trailing = (n.exponent - n.digits.count) - low
            return Array(repeating: 0, count: trailing) + n.digits.reversed().map(Int.init)
        }
        let a = scaled(lhs), b = scaled(rhs)
        var result: [Int]
        var negative: Bool
        if lhs.negative == rhs.negative {
            result = []
            var carry = 0
            for i in 0..<max(a.count, b.count) {
                let sum = (i < a.count ? a[i] : 0) + (i < b.count ? b[i] : 0) + carry
                result.append(sum % 10)
                carry = sum / 10
            }
            if carry > 0 { result.append(carry) }
            negative = lhs.negative
        } else {
            let aBigger = compareMagnitude(lhs, rhs) != .less
            let (big, small) = aBigger ? (a, b) : (b, a)
            negative = aBigger ? lhs.negative : rhs.negative
            result = []
            var borrow = 0
            for i in 0..<big.count {
                var d = big[i] - (i < small.count ? small[i] : 0) - borrow
                borrow = d < 0 ? 1 : 0
                if d < 0 { d += 10 }
                result.append(d)
            }
        }
        let digits = result.reversed().map(UInt8.init)
        let number = DynamoNumber(negative: negative, digits: digits, exponent: digits.count + low)
        // Range before precision: a sum past 1E+126 is an overflow, whatever its digits.
        if !number.digits.isEmpty && number.exponent - 1 > 125 { return .failure(.overflow) }
        if !number.digits.isEmpty && number.exponent - 1 < -130 { return .failure(.underflow) }
        // A result needing more than 38 digits is reported as an overflow, not as too many digits (AWS's
        // answer for 1E+50 - 1, quoted by a public conformance suite).
        if number.digits.count > 38 { return .failure(.overflow) }
        return .success(number)
    }

    /// `-self`.
    public var negated: DynamoNumber { DynamoNumber(negative: !negative, digits: digits, exponent: exponent) }

    /// Bytes DynamoDB counts for this number in item size: about one byte per two significant digits,
    /// plus one (AWS documents "up to 21 bytes"; the exact formula is assumed).
    var storageSize: Int { (digits.count + 1) / 2 + 1 }
}
