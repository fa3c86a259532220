/// One generated message: the file's bytes (CRLF) and its `labels.json` entry.
struct SyntheticMessage {
    /// The part of the file name after the serial number: `confirmation-HC-2026-0142`.
    let slug: String
    let text: String
    let labels: [String]
}

/// A charter booked through the booking system; confirmations create them, replies and cancellations
/// refer back to them.
struct SyntheticBooking {
    let id: String
    let guest: SyntheticGuest
    let charterDay: Int
    let boat: String
    let captain: String
    let marina: String
    let cruise: (hours: Int, name: String)
    let party: Int
    let totalCents: Int
    let messageID: String
    let subject: String

    /// `$1,250.00`.
    var total: String {
        let dollars = totalCents / 100
        var digits = String(dollars)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return "$" + digits + grouped + "." + (totalCents % 100 < 10 ? "0" : "") + String(totalCents % 100)
    }
}

/// What kinds of mail the synthetic mailbox holds, and how often (weights out of 100): mostly booking
/// confirmations in four MIME shapes, then guest mail, mail the account sent, bulk mail and a little spam.
enum SyntheticKind: CaseIterable {
    case confirmationText, confirmationAlternative, confirmationPDF, confirmationICS, partnerConfirmation
    case cancellation, guestReply, guestInquiry, sentReply, newsletter, promotion, partnerStatement, spam

    var weight: Int {
        switch self {
        case .confirmationText: return 23
        case .confirmationAlternative: return 10
        case .confirmationPDF: return 7
        case .confirmationICS: return 3
        case .partnerConfirmation: return 8
        case .cancellation: return 4
        case .guestReply: return 12
        case .guestInquiry: return 8
        case .sentReply: return 8
        case .newsletter: return 7
        case .promotion: return 6
        case .partnerStatement: return 3
        case .spam: return 1
        }
    }

    static func draw(_ random: inout BenchRandom) -> SyntheticKind {
        var roll = Int.random(in: 0..<allCases.reduce(0) { $0 + $1.weight }, using: &random)
        for kind in allCases {
            if roll < kind.weight { return kind }
            roll -= kind.weight
        }
        return .confirmationText
    }
}

/// Writes messages one after another in date order, remembering recent bookings so replies thread
/// (`In-Reply-To`/`References`) and cancellations name real booking ids.
struct SyntheticMailWriter {
    var random: BenchRandom
    private(set) var bookingCount = 0
    /// Bookings numbered per charter year, as `HC-<year>-<n>`.
    private var bookingsPerYear: [Int: Int] = [:]
    /// Every booking id, in order.
    private(set) var bookingIDs: [String] = []
    var recentBookings: [SyntheticBooking] = []

    init(seed: UInt64) { random = BenchRandom(seed: seed) }

    /// The message numbered `serial`, dated `epoch`; `unread` adds `UNREAD` to inbound mail.
    mutating func message(serial: Int, epoch: Int, unread: Bool) -> SyntheticMessage {
        var kind = SyntheticKind.draw(&random)
        if recentBookings.isEmpty, [.cancellation, .guestReply].contains(kind) { kind = .confirmationText }
        var message: SyntheticMessage
        switch kind {
        case .confirmationText, .confirmationAlternative, .confirmationPDF, .confirmationICS:
            message = confirmation(kind, serial: serial, epoch: epoch)
        case .partnerConfirmation: message = partnerConfirmation(serial: serial, epoch: epoch)
        case .cancellation: message = cancellation(serial: serial, epoch: epoch)
        case .guestReply: message = guestReply(serial: serial, epoch: epoch)
        case .guestInquiry: message = guestInquiry(serial: serial, epoch: epoch)
        case .sentReply: message = sentReply(serial: serial, epoch: epoch)
        case .newsletter: message = newsletter(serial: serial, epoch: epoch)
        case .promotion: message = promotion(serial: serial, epoch: epoch)
        case .partnerStatement: message = partnerStatement(serial: serial, epoch: epoch)
        case .spam: message = spam(serial: serial, epoch: epoch)
        }
        if unread, message.labels.contains("INBOX") {
            message = SyntheticMessage(slug: message.slug, text: message.text, labels: message.labels + ["UNREAD"])
        }
        return message
    }

    /// A new booking, remembered for replies and cancellations.
    mutating func newBooking(epoch: Int, messageID: String) -> SyntheticBooking {
        bookingCount += 1
        let charterDay = (epoch / 86_400 + Int.random(in: 3...120, using: &random)) * 86_400
        let year = Int(MailText.utc(charterDay).tm_year) + 1900
        let number = bookingsPerYear[year, default: 0] + 1
        bookingsPerYear[year] = number
        let id = String(format: "HC-%04d-%04d", year, number)
        bookingIDs.append(id)
        let guest = SyntheticPeople.guest(&random)
        let cruise = random.pick(SyntheticPeople.cruises)
        let party = Int.random(in: 2...24, using: &random)
        let booking = SyntheticBooking(
            id: id, guest: guest, charterDay: charterDay,
            boat: random.pick(SyntheticPeople.boats), captain: random.pick(SyntheticPeople.captains),
            marina: random.pick(SyntheticPeople.marinas), cruise: cruise, party: party,
            totalCents: (cruise.hours * 150 + party * 25) * 100 + (random.chance(0.2) ? 50 : 0),
            messageID: messageID, subject: "Booking Confirmation \(id) - \(MailText.encodedWord(guest.name))")
        recentBookings.append(booking)
        if recentBookings.count > 200 { recentBookings.removeFirst(recentBookings.count - 200) }
        return booking
    }

    /// `<20260802203330.000042@host>`.
    static func messageID(serial: Int, epoch: Int, host: String) -> String {
        let t = MailText.utc(epoch)
        return String(format: "<%04d%02d%02d%02d%02d%02d.%06d@%@>", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                      t.tm_hour, t.tm_min, t.tm_sec, serial, host)
    }

    /// Delivery headers and the common ones for mail arriving from outside.
    static func inboundHeaders(
        from: String, to: String, subject: String, epoch: Int, messageID: String, relay: String, extra: [String] = []
    ) -> [String] {
        let received = MailText.date(epoch - 4)
        return [
            "Delivered-To: \(SyntheticPeople.mailbox)",
            "Received: from \(relay) (\(relay). [192.0.2.\(relay.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 200 } + 10)])",
            "        by mx.google.com with ESMTPS id \(String(epoch, radix: 16)).\(epoch % 997)",
            "        for <\(SyntheticPeople.mailbox)>;",
            "        \(received)",
            "MIME-Version: 1.0",
            "Date: \(MailText.date(epoch))",
            "Message-ID: \(messageID)",
            "Subject: \(subject)",
            "From: \(from)",
            "To: \(to)",
        ] + extra
    }
}
