/// Messages for the tests, as RFC 5322 text (the harness writes them with CRLF line ends).
enum MailFixtures {
    static let owner = GmailTestHarness.owner

    /// A plain message from `from` at `date` (RFC 5322 date text).
    static func plain(subject: String, date: String, from: String = "Ana Lima <ana@clients.example>", to: String = owner,
                      body: String = "Hello there.", extraHeaders: String = "") -> String {
        """
        From: \(from)
        To: \(to)
        Subject: \(subject)
        Date: \(date)
        Message-ID: <\(subject.replacingOccurrences(of: " ", with: "-"))@clients.example>
        \(extraHeaders)MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        \(body)
        """
    }

    /// multipart/mixed { multipart/alternative { text/plain (QP), text/html (base64) }, application/pdf attachment }.
    static let booking = """
    From: =?UTF-8?B?Sm9zw6kgw4FsdmFyZXo=?= <jose@clients.example>
    To: Bookings <owner@harbor.example>, "Lima, Ana" <ana@clients.example>
    Cc: skipper@harbor.example
    Subject: =?UTF-8?Q?Reserva_confirmada_=E2=80=94_Sat?=
     =?UTF-8?Q?urday_charter?=
    Date: Tue, 14 Jul 2026 09:30:00 +0200
    Message-ID: <booking-1@clients.example>
    X-Long-Header: first part
    \tsecond part
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="outer"

    This is the preamble.
    --outer
    Content-Type: multipart/alternative; boundary=inner

    --inner
    Content-Type: text/plain; charset=utf-8
    Content-Transfer-Encoding: quoted-printable

    Caf=C3=A9 booking for 6 guests, it's confirmed & paid. This line is soft=
     broken.
    --inner
    Content-Type: text/html; charset=utf-8
    Content-Transfer-Encoding: base64

    PHA+Q2FmJmVhY3V0ZTsgYm9va2luZzwvcD4=
    --inner--
    --outer
    Content-Type: application/pdf; name="ignored.pdf"
    Content-Disposition: attachment; filename*=utf-8''Re%C3%A7u%20n%C2%BA1.pdf
    Content-Transfer-Encoding: base64

    JVBERi0xLjQKJcOkw7zDtsOfCg==
    --outer--
    epilogue
    """
}
