import DrydockCore
@testable import DynamoDBEmulator
import Testing

/// Query and Scan pages write their items straight to bytes; those bytes must be exactly what the JSON
/// tree of the same answer serialises to, for every value type.
@Suite("DynamoDB responses written as bytes")
struct ResponseWritingTests {
    static let numbers = ["0", "-0", "1", "-1", "1.50", "1E3", "123.456", "-0.00123", "1E-130", "9.9999999999999999999999999999999999999E+125", "12345678901234567890123456789012345678"]

    static func number(_ text: String) throws -> DynamoNumber { try DynamoNumber.parse(text).get() }

    static func sample() throws -> Item {
        let numbers = try Self.numbers.map(number)
        return [
            "pk": .s("p1"),
            "escaped": .s("quote \" backslash \\ newline \n tab \t bell \u{07} é ✓ 😀"),
            "empty": .s(""),
            "amount": .n(try number("1480.00")),
            "blob": .b([0, 1, 2, 254, 255]),
            "yes": .bool(true), "no": .bool(false), "nothing": .null,
            "list": .l([.s("a"), .n(numbers[2]), .l([]), .m([:])]),
            "map": .m(["z": .s("last"), "a": .m(["deep": .l([.bool(false)])]), "B": .null]),
            "strings": .ss(["b", "a", "é"]),
            "numbers": .ns(numbers),
            "binaries": .bs([[], [9], [0xFF, 0x00]]),
        ]
    }

    /// Numbers are written digit by digit, normalised as DynamoDB returns them (plain notation, no
    /// trailing zeros); `description` is the same text.
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("1", "1"), ("-1", "-1"), ("1.50", "1.5"), ("1E3", "1000"), ("123.456", "123.456"),
        ("-0.00123", "-0.00123"), ("1E-130", "0." + String(repeating: "0", count: 129) + "1"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + String(repeating: "0", count: 88)),
    ])
    func numbersAreWrittenNormalised(_ literal: String, _ expected: String) throws {
        let value = try Self.number(literal)
        var out: [UInt8] = []
        value.write(to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
        #expect(value.description == expected)
    }

    @Test func anItemWritesWhatItsTreeSerialisesTo() throws {
        let item = try Self.sample()
        var out: [UInt8] = []
        Item.write(item, to: &out)
        #expect(out == Item.json(item).bytes)
        #expect(try JSONValue.parse(out) == Item.json(item))
    }

    @Test(arguments: [false, true])
    func aPageWritesWhatItsTreeSerialisesTo(withCount: Bool) throws {
        let item = try Self.sample()
        let consumed: (String, JSONValue) = ("ConsumedCapacity", ["TableName": "bench", "CapacityUnits": .number(0.5)])
        let pages = [
            ReadPlan.Page(items: withCount ? nil : [item, [:], ["pk": .s("p2")]], count: 3, scanned: 7,
                          lastEvaluated: ["pk": .s("p2"), "sk": .n(try Self.number("2"))], consumed: consumed),
            ReadPlan.Page(items: withCount ? nil : [], count: 0, scanned: 0, lastEvaluated: nil, consumed: nil),
        ]
        for page in pages {
            #expect(ResponseDocument.page(page).bytes == page.json().bytes)
        }
    }

    @Test func getItemsAnswerWritesWhatItsTreeSerialisesTo() throws {
        let consumed: (String, JSONValue) = ("ConsumedCapacity", ["TableName": "bench", "CapacityUnits": .number(1)])
        let answers: [ResponseDocument] = [
            .item(try Self.sample(), consumed: consumed), .item(try Self.sample(), consumed: nil),
            .item(nil, consumed: consumed), .item(nil, consumed: nil),
        ]
        for answer in answers {
            #expect(answer.bytes == answer.json.bytes)
        }
        #expect(ResponseDocument.item(nil, consumed: nil).bytes == Array("{}".utf8))
    }
}
