/// Booking-system confirmations (text, text + HTML, with a PDF invoice, with a calendar invite), partner
/// confirmations and cancellations.
extension SyntheticMailWriter {
    mutating func confirmation(_ kind: SyntheticKind, serial: Int, epoch: Int) -> SyntheticMessage {
        let messageID = Self.messageID(serial: serial, epoch: epoch, host: "bookings.harbor-charters.example")
        let booking = newBooking(epoch: epoch, messageID: messageID)
        let headers = Self.inboundHeaders(
            from: "Harbor Charters Bookings <\(SyntheticPeople.bookingSystem)>",
            to: MailText.address(booking.guest.name, booking.guest.email), subject: booking.subject, epoch: epoch,
            messageID: messageID, relay: "mail.bookings.harbor-charters.example",
            extra: ["Cc: Harbor Charters <\(SyntheticPeople.mailbox)>", "Reply-To: \(SyntheticPeople.mailbox)", "X-Mailer: HarborBook 4.2"])
        let text = Self.confirmationText(booking)
        let textPart = (headers: ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"], body: text)
        let htmlPart = (headers: ["Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: base64"],
                        body: MailText.base64(Array(Self.confirmationHTML(booking).utf8)))
        let body: (contentType: [String], text: String)
        switch kind {
        case .confirmationAlternative:
            let boundary = MailText.boundary(serial, 1)
            body = (["Content-Type: multipart/alternative;", " boundary=\"\(boundary)\""],
                    MailText.multipart(boundary: boundary, parts: [textPart, htmlPart]))
        case .confirmationPDF:
            let outer = MailText.boundary(serial, 1)
            let inner = MailText.boundary(serial, 2)
            let alternative = (headers: ["Content-Type: multipart/alternative;", " boundary=\"\(inner)\""],
                               body: MailText.multipart(boundary: inner, parts: [textPart, htmlPart]))
            let pdf = (headers: ["Content-Type: application/pdf; name=\"invoice-\(booking.id).pdf\"",
                                 "Content-Disposition: attachment; filename=\"invoice-\(booking.id).pdf\"",
                                 "Content-Transfer-Encoding: base64"],
                       body: MailText.base64(Self.invoicePDF(booking)))
            body = (["Content-Type: multipart/mixed;", " boundary=\"\(outer)\""],
                    MailText.multipart(boundary: outer, parts: [alternative, pdf]))
        case .confirmationICS:
            let boundary = MailText.boundary(serial, 1)
            let ics = (headers: ["Content-Type: text/calendar; charset=\"UTF-8\"; method=REQUEST; name=\"charter.ics\"",
                                 "Content-Disposition: attachment; filename=\"charter.ics\"", "Content-Transfer-Encoding: base64"],
                       body: MailText.base64(Array(MailText.crlfLines(Self.invite(booking)).utf8)))
            body = (["Content-Type: multipart/mixed;", " boundary=\"\(boundary)\""],
                    MailText.multipart(boundary: boundary, parts: [textPart, ics]))
        default:
            body = (textPart.headers, text)
        }
        var labels = ["INBOX", "Label_1", "CATEGORY_UPDATES"]
        if random.chance(0.4) { labels.append("IMPORTANT") }
        return SyntheticMessage(slug: "confirmation-\(booking.id)", text: MailText.message(headers + body.contentType, body: body.text), labels: labels)
    }

    /// A partner's HTML-only confirmation; it creates a booking of its own.
    mutating func partnerConfirmation(serial: Int, epoch: Int) -> SyntheticMessage {
        let messageID = Self.messageID(serial: serial, epoch: epoch, host: "charterhub.example")
        let booking = newBooking(epoch: epoch, messageID: messageID)
        let headers = Self.inboundHeaders(
            from: "CharterHub <confirmations@charterhub.example>", to: SyntheticPeople.mailbox,
            subject: "New booking confirmed: \(booking.id) (\(MailText.encodedWord(booking.guest.name)))", epoch: epoch,
            messageID: messageID, relay: "smtp.charterhub.example",
            extra: ["Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: base64"])
        let html = """
            <html><body><h2>New booking via CharterHub</h2><table>
            <tr><td>Booking ID</td><td>\(booking.id)</td></tr><tr><td>Lead guest</td><td>\(booking.guest.name)</td></tr>
            <tr><td>Departure date</td><td>\(MailText.isoDay(booking.charterDay))</td></tr><tr><td>Guests</td><td>\(booking.party) adults</td></tr>
            <tr><td>Total paid</td><td>USD&nbsp;\(booking.total.dropFirst())</td></tr></table></body></html>
            """
        return SyntheticMessage(slug: "charterhub-\(booking.id)", text: MailText.message(headers, body: MailText.base64(Array(html.utf8))),
                                labels: ["INBOX", "Label_1", "Label_3", "CATEGORY_UPDATES"])
    }

    mutating func cancellation(serial: Int, epoch: Int) -> SyntheticMessage {
        let booking = random.pick(recentBookings)
        let headers = Self.inboundHeaders(
            from: "Harbor Charters Bookings <\(SyntheticPeople.bookingSystem)>",
            to: MailText.address(booking.guest.name, booking.guest.email),
            subject: "Booking Cancelled \(booking.id) - \(MailText.encodedWord(booking.guest.name))", epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: "bookings.harbor-charters.example"),
            relay: "mail.bookings.harbor-charters.example",
            extra: ["In-Reply-To: \(booking.messageID)", "References: \(booking.messageID)",
                    "Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"])
        let text = """
            Hello \(booking.guest.name),

            Your booking \(booking.id) on \(MailText.isoDay(booking.charterDay)) has been cancelled.
            A refund of \(booking.total) will reach your card within 5 business days.

            Harbor Charters
            """
        return SyntheticMessage(slug: "cancellation-\(booking.id)", text: MailText.message(headers, body: text),
                                labels: ["INBOX", "Label_1", "Label_5", "CATEGORY_UPDATES", "IMPORTANT"])
    }

    static func confirmationText(_ b: SyntheticBooking) -> String {
        """
        Harbor Charters - Booking Confirmation

        Hello \(b.guest.name),

        Your charter is confirmed. We look forward to having you aboard!

        Booking ID: \(b.id)
        Charter date: \(MailText.isoDay(b.charterDay))
        Departure: 09:30 from \(b.marina)
        Duration: \(b.cruise.hours) hours (\(b.cruise.name))
        Boat: \(b.boat)
        Captain: \(b.captain)
        Guest: \(b.guest.name)
        Party size: \(b.party)
        Total: \(b.total)

        Payment: paid in full by card.
        Cancellation policy: full refund up to 72 hours before departure.

        --\u{20}
        Harbor Charters
        https://harbor-charters.example
        """
    }

    static func confirmationHTML(_ b: SyntheticBooking) -> String {
        let rows = [("Booking ID", b.id), ("Charter date", MailText.isoDay(b.charterDay)), ("Boat", b.boat),
                    ("Captain", b.captain), ("Guest", b.guest.name), ("Party size", String(b.party)), ("Total", b.total)]
        return "<!DOCTYPE html>\n<html><body style=\"font-family:Helvetica,Arial,sans-serif\">\n"
            + "<h1>Your charter is confirmed</h1>\n<table>\n"
            + rows.map { "<tr><td>\($0.0)</td><td><strong>\($0.1)</strong></td></tr>" }.joined(separator: "\n")
            + "\n</table>\n</body></html>\n"
    }

    /// A small but well-formed one-page PDF naming the booking.
    static func invoicePDF(_ b: SyntheticBooking) -> [UInt8] {
        let content = "BT /F1 14 Tf 72 720 Td (Invoice \(b.id)) Tj 0 -24 Td (Total \(b.total)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        pdf += offsets.map { String(repeating: "0", count: 10 - String($0).count) + "\($0) 00000 n \n" }.joined()
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(pdf.utf8)
    }

    static func invite(_ b: SyntheticBooking) -> String {
        let start = b.charterDay + 9 * 3600 + 1800  // departs 09:30
        return """
            BEGIN:VCALENDAR
            PRODID:-//Harbor Charters//HarborBook 4.2//EN
            VERSION:2.0
            METHOD:REQUEST
            BEGIN:VEVENT
            UID:\(b.id)@harbor-charters.example
            DTSTAMP:\(MailText.icsStamp(start - 86_400))
            DTSTART:\(MailText.icsStamp(start))
            DTEND:\(MailText.icsStamp(start + b.cruise.hours * 3600))
            SUMMARY:\(b.cruise.name) on \(b.boat)
            LOCATION:\(b.marina.replacingOccurrences(of: ",", with: "\\,"))
            END:VEVENT
            END:VCALENDAR
            """
    }
}
