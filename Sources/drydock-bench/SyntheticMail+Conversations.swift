/// Guest replies (threaded to their confirmation), guest questions (some with a photo), replies the
/// account sent, newsletters, promotions, partner statements with a PDF, and phishing in SPAM.
extension SyntheticMailWriter {
    mutating func guestReply(serial: Int, epoch: Int) -> SyntheticMessage {
        let booking = random.pick(recentBookings)
        let headers = Self.inboundHeaders(
            from: MailText.address(booking.guest.name, booking.guest.email), to: SyntheticPeople.mailbox,
            subject: "Re: \(booking.subject)", epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: "mail.gmail.example"), relay: "mail-sor-f41.google.example",
            extra: ["In-Reply-To: \(booking.messageID)", "References: \(booking.messageID)",
                    "Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"])
        let question = random.pick([
            "Can we bring a cake on board? It's my wife's birthday.", "Is there parking near the marina?",
            "We may be two more people, is that OK?", "What happens if the weather is bad?",
            "Thanks! Looking forward to it.",
        ])
        let text = "Hi,\n\n\(question)\n\nBest,\n\(booking.guest.name)\n\n> Booking ID: \(booking.id)\n> Total: \(booking.total)\n"
        var labels = ["INBOX", "Label_6", "CATEGORY_PERSONAL"]
        if random.chance(0.3) { labels.append("IMPORTANT") }
        return SyntheticMessage(slug: "reply-\(booking.id)", text: MailText.message(headers, body: text), labels: labels)
    }

    mutating func guestInquiry(serial: Int, epoch: Int) -> SyntheticMessage {
        let guest = SyntheticPeople.guest(&random)
        let subject = random.pick(SyntheticPeople.inquiries)
        let text = "Hello,\n\n\(subject). We are \(Int.random(in: 2...16, using: &random)) people and flexible on dates.\n\nThank you,\n\(guest.name)\n"
        var headers = Self.inboundHeaders(
            from: MailText.address(guest.name, guest.email), to: SyntheticPeople.mailbox, subject: subject, epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: "mail.example"), relay: "smtp.mail.example")
        let body: String
        if random.chance(0.35) {
            let boundary = MailText.boundary(serial, 1)
            let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: UInt8(serial % 251), count: 1_500) + [0xFF, 0xD9]
            headers += ["Content-Type: multipart/mixed;", " boundary=\"\(boundary)\""]
            body = MailText.multipart(boundary: boundary, parts: [
                (headers: ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"], body: text),
                (headers: ["Content-Type: image/jpeg; name=\"IMG_\(4000 + serial % 5000).jpg\"",
                           "Content-Disposition: attachment; filename=\"IMG_\(4000 + serial % 5000).jpg\"", "Content-Transfer-Encoding: base64"],
                 body: MailText.base64(photo)),
            ])
        } else {
            headers += ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"]
            body = text
        }
        return SyntheticMessage(slug: "inquiry", text: MailText.message(headers, body: body), labels: ["INBOX", "CATEGORY_PERSONAL"])
    }

    /// Mail the account sent: no delivery headers, labelled SENT.
    mutating func sentReply(serial: Int, epoch: Int) -> SyntheticMessage {
        let booking = recentBookings.isEmpty ? nil : random.pick(recentBookings)
        let to = booking.map { MailText.address($0.guest.name, $0.guest.email) } ?? "Harbor Crew <crew@harbor-charters.example>"
        let subject = booking.map { "Reminder: your charter \($0.id) on \(MailText.isoDay($0.charterDay))" } ?? "Crew schedule"
        let headers = [
            "MIME-Version: 1.0", "Date: \(MailText.date(epoch))",
            "Message-ID: \(Self.messageID(serial: serial, epoch: epoch, host: "mail.gmail.com"))",
            "Subject: \(subject)", "From: Harbor Charters <\(SyntheticPeople.mailbox)>", "To: \(to)",
            "Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 7bit",
        ]
        let text = "Hello,\n\nA reminder that your charter departs at 09:30; please arrive 20 minutes early.\n\nHarbor Charters\n"
        return SyntheticMessage(slug: "sent", text: MailText.message(headers, body: text), labels: ["SENT"])
    }

    mutating func newsletter(serial: Int, epoch: Int) -> SyntheticMessage {
        let letter = random.pick(SyntheticPeople.newsletters)
        let t = MailText.utc(epoch)
        let headers = Self.inboundHeaders(
            from: letter.from, to: SyntheticPeople.mailbox, subject: "\(letter.topic) - issue \(t.tm_yday / 7 + 1)", epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: letter.list), relay: "mta.\(letter.list)",
            extra: ["List-Id: <\(letter.list)>", "List-Unsubscribe: <https://\(letter.list)/unsubscribe>", "Precedence: bulk",
                    "Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"])
        let text = "This week: dock repairs, fuel prices, tide tables and a new pump-out station.\n\nUnsubscribe: https://\(letter.list)/unsubscribe\n"
        return SyntheticMessage(slug: "newsletter", text: MailText.message(headers, body: text), labels: ["INBOX", "Label_8", "CATEGORY_UPDATES"])
    }

    mutating func promotion(serial: Int, epoch: Int) -> SyntheticMessage {
        let subject = random.pick(SyntheticPeople.promotions)
        let headers = Self.inboundHeaders(
            from: "West Marine Deals <deals@marine-supply.example>", to: SyntheticPeople.mailbox, subject: subject, epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: "marine-supply.example"), relay: "em.marine-supply.example",
            extra: ["Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"])
        let html = "<html><body><h1>\(subject)</h1><p>Shop now &rarr; <a href=\"https://marine-supply.example\">marine-supply.example</a></p></body></html>\n"
        let labels = random.chance(0.1) ? ["TRASH", "CATEGORY_PROMOTIONS"] : ["INBOX", "CATEGORY_PROMOTIONS"]
        return SyntheticMessage(slug: "promo", text: MailText.message(headers, body: html), labels: labels)
    }

    /// A partner's monthly payout statement with a PDF attachment.
    mutating func partnerStatement(serial: Int, epoch: Int) -> SyntheticMessage {
        let t = MailText.utc(epoch)
        let month = String(format: "%04d-%02d", t.tm_year + 1900, t.tm_mon + 1)
        let boundary = MailText.boundary(serial, 1)
        let headers = Self.inboundHeaders(
            from: "BlueWake Billing <billing@bluewake.example>", to: SyntheticPeople.mailbox,
            subject: "Payout statement \(month)", epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: "bluewake.example"), relay: "mail.bluewake.example",
            extra: ["Content-Type: multipart/mixed;", " boundary=\"\(boundary)\""])
        let statement = SyntheticBooking(
            id: "STATEMENT-\(month)", guest: SyntheticGuest(name: "BlueWake", email: "billing@bluewake.example"), charterDay: epoch,
            boat: "", captain: "", marina: "", cruise: (0, ""), party: 0, totalCents: 100 * Int.random(in: 900...9_000, using: &random),
            messageID: "", subject: "")
        let body = MailText.multipart(boundary: boundary, parts: [
            (headers: ["Content-Type: text/plain; charset=\"UTF-8\""], body: "Your payout statement for \(month) is attached.\n"),
            (headers: ["Content-Type: application/pdf; name=\"statement-\(month).pdf\"",
                       "Content-Disposition: attachment; filename=\"statement-\(month).pdf\"", "Content-Transfer-Encoding: base64"],
             body: MailText.base64(Self.invoicePDF(statement))),
        ])
        return SyntheticMessage(slug: "statement", text: MailText.message(headers, body: body), labels: ["INBOX", "Label_2", "CATEGORY_UPDATES"])
    }

    mutating func spam(serial: Int, epoch: Int) -> SyntheticMessage {
        let headers = Self.inboundHeaders(
            from: "Booking Services <secure@bookings-verify.example>", to: SyntheticPeople.mailbox,
            subject: "Booking Confirmation #\(40_000 + serial) - action required", epoch: epoch,
            messageID: Self.messageID(serial: serial, epoch: epoch, host: "bookings-verify.example"), relay: "relay.bookings-verify.example",
            extra: ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 7bit"])
        let text = "Your booking confirmation is on hold. Verify your card within 24 hours: http://bookings-verify.example/login\n"
        return SyntheticMessage(slug: "spam", text: MailText.message(headers, body: text), labels: ["SPAM"])
    }
}
