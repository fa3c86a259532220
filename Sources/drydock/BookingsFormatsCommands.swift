import ArgumentParser
import DrydockCore
import DrydockHTTP
import DrydockJobs
import DrydockServices
import Foundation
import GmailEmulator

/// `--formats FILE`: a booking formats file over the built-in formats (else the host configuration's
/// `bookings.formats`, else the built-in formats alone).
struct BookingFormatsOption: ParsableArguments {
    @Option(help: "A booking formats file (YAML or JSON) read over the built-in formats; default: the configuration's bookings.formats.")
    var formats: String?

    func load(_ settings: HostSettings) throws -> BookingFormats {
        guard let path = formats ?? settings.configuration.bookingsFormats.value else { return .builtIn }
        return try BookingFormats.loading(file: path)
    }
}

/// `drydock bookings formats --print`: the built-in formats file, to start a file of one's own; with
/// `--check`, the formats in effect (a file given is validated).
struct BookingsFormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "Print the built-in booking formats file, or list (and check) the formats in effect.",
        discussion: "Without --print: one line per format in effect (name, kind, where it is defined), after checking the formats file if one is given.")

    @Flag(help: "Write the built-in formats file (YAML, with its schema in comments) to stdout.")
    var print = false

    @OptionGroup var formatsOption: BookingFormatsOption

    func run() throws {
        try runReportingFailures {
            if print {
                printUnredacted(BookingFormats.builtInText)
                return
            }
            let formats = try formatsOption.load(try HostSettings.load())
            for format in formats.formats {
                printLine("\(format.name)\t\(format.kind.rawValue)\t\(format.origin)")
            }
        }
    }
}

/// `drydock bookings explain MESSAGE_ID`: why a message in the live mailbox parsed (or did not).
struct BookingsExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which booking format matched a Gmail message and why, field by field.",
        discussion: "Exit 0 when the message parses into a confirmation or a cancellation, 1 when it does not; other exit codes as for every Google command.")

    @Argument(help: "The Gmail message id (as in `bookings --json`'s messageId).")
    var messageID: String

    @OptionGroup var formatsOption: BookingFormatsOption

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let settings = try HostSettings.load()
            let formats = try formatsOption.load(settings)
            let session = try GoogleSession(environment: settings.environment, transport: HTTPClient())
            let gmail = session.gmail(userID: settings.configuration.mailbox.value ?? "me")
            let message = BookingMessage(try gmail.message(id: messageID))
            let explanation = BookingExplanation(message: message, label: "message \(messageID)", formats: formats)
            printLine(json ? explanation.json.serialized() : explanation.text)
            if !explanation.isParsed { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }
}

/// `drydock bookings parse FILE.eml…`: the same explanation for message files, offline (no credentials).
struct BookingsParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse .eml files with the booking formats, offline, and show why each parsed or did not.",
        discussion: "Needs no credentials or network. Exit 0 when every file parses into a confirmation or a cancellation, 1 otherwise, 78 for a bad formats file, 64 for an unreadable .eml file.")

    /// .eml files larger than this are refused (Gmail's own message limit is 25 MB of attachments).
    static let maximumFileSize = 32 * 1024 * 1024

    @Argument(help: "RFC 5322 message files (.eml).")
    var files: [String]

    @OptionGroup var formatsOption: BookingFormatsOption

    @Flag(help: "Print JSON lines (one object per file) instead of text.")
    var json = false

    func run() throws {
        try runReportingFailures {
            let formats = try formatsOption.load(try HostSettings.load())
            var allParsed = true
            for path in files {
                let message = try Self.read(path)
                let explanation = BookingExplanation(message: message, label: path, formats: formats)
                allParsed = allParsed && explanation.isParsed
                printLine(json ? explanation.json.serialized() : explanation.text)
            }
            if !allParsed { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }

    /// The file through the Gmail emulator's MIME parser and the production client's message reader.
    static func read(_ path: String) throws -> BookingMessage {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumFileSize {
            throw MessageFileError(path: path, reason: "larger than \(maximumFileSize) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw MessageFileError(path: path, reason: "cannot be read") }
        let name = (path as NSString).lastPathComponent
        guard let resource = MessageFile.fullResource(raw: Array(data), name: name) else {
            throw MessageFileError(path: path, reason: "no header fields: an .eml file starts with RFC 5322 headers such as \"From: …\"")
        }
        return BookingMessage(try GmailMessage(json: resource))
    }
}

/// An .eml file that cannot be read (exit 64, like a bad argument).
struct MessageFileError: UserFacingError {
    let path: String
    let reason: String
    var exitStatus: ExitStatus { .usage }
    var description: String { "\(path): \(reason)" }
}
