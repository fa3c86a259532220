import DrydockCore
import DrydockJobs
import DrydockServices
import FuzzSupport
import GmailEmulator

/// `drydock bookings parse --formats FILE MESSAGE.eml`: the input is a formats file (YAML or JSON), a
/// line `%%`, then a message (`.eml`); without `%%`, the whole input is the message, read with the
/// built-in formats. The file goes through `BookingFormatsFile.parse` (YAML composition, every check,
/// regex compilation, date patterns); the message through the Gmail emulator's MIME parser, the
/// production `GmailMessage` and every format (`explain`'s exhaustive evaluation, under the time budget).
/// Oracle: a rejected file gives an error with a message and a line within the file; a confirmation has a
/// booking id, a valid date, a party of 1 to 500, a positive amount and a three-letter currency; a
/// complete trial has no problems; the explanation's JSON parses back.
enum BookingFormatsFuzzer {
    static func run(_ input: [UInt8]) {
        var formatsText: String?
        var messageBytes = input
        if let split = separator(in: input) {
            formatsText = FuzzText.text(input[..<split.lowerBound])
            messageBytes = Array(input[split.upperBound...])
        }
        var formats = BookingFormats.builtIn
        if let formatsText {
            do {
                formats = formats.extended(with: try BookingFormatsFile.parse(text: formatsText, file: "fuzz.yaml"))
            } catch {
                // Lines as YAML counts them: LF, CRLF and a lone CR each end one (splitting the String on
                // "\n" would not split at "\r\n", one Character in Swift).
                let lines = formatsText.unicodeScalars.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" }.count
                check(!error.underlying.message.isEmpty, "an error without a message")
                check(error.underlying.line >= 0 && error.underlying.line <= lines + 1, "line \(error.underlying.line) of a \(lines)-line file")
                return
            }
        }
        guard let resource = MessageFile.fullResource(raw: messageBytes, name: "fuzz.eml") else { return }
        let gmailMessage: GmailMessage
        do { gmailMessage = try GmailMessage(json: resource) } catch { fail("the emulator's resource does not read back: \(error)") }
        let explanation = BookingExplanation(message: BookingMessage(gmailMessage), label: "fuzz.eml", formats: formats)
        if case .confirmation(let booking, _) = explanation.verdict {
            check(!booking.bookingID.isEmpty, "a confirmation without a booking id")
            check((1...500).contains(booking.partySize), "party of \(booking.partySize)")
            check(booking.amount > 0, "amount \(booking.amount)")
            check(booking.currency.count == 3, "currency \(booking.currency)")
            check((1...12).contains(booking.charterDate.month ?? 0) && (1...31).contains(booking.charterDate.day ?? 0), "date \(booking.charterDateText)")
        }
        for trial in explanation.trials where trial.complete { check(trial.problems.isEmpty, "a complete trial with problems") }
        let json = explanation.json.serialized()
        check((try? JSONValue.parse(Array(json.utf8))) != nil, "the explanation's JSON does not parse back")
        _ = explanation.text
    }

    /// The `\n%%\n` line between the formats file and the message.
    static func separator(in input: [UInt8]) -> Range<Int>? {
        let marker = Array("\n%%\n".utf8)
        guard input.count >= marker.count else { return nil }
        for start in 0...(input.count - marker.count) where input[start..<(start + marker.count)].elementsEqual(marker) {
            return start..<(start + marker.count)
        }
        return nil
    }

    static func check(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fail(what()) }
    }

    static func fail(_ what: String) -> Never {
        fatalError("oracle: booking-formats: \(what)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    BookingFormatsFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_booking_formats_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
