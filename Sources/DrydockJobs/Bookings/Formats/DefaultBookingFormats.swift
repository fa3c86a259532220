/// The built-in formats file, shipped in the binary: the confirmations and cancellations of the booking
/// system and the partner platforms in our own mailbox. `drydock bookings formats --print` writes it
/// out as the place to start a file of one's own.
enum DefaultBookingFormats {
    /// How errors and `explain` name it.
    static let name = "<built-in formats>"

    static let yaml = #"""
# drydock bookings: confirmation formats (drydock bookings formats --print).
#
# A formats file of your own (--formats FILE, or bookings.formats in the host configuration) is read
# before these: its formats are tried first, in file order, and one with the same name as a built-in
# format replaces it. A message is parsed by the first format whose `match` rules all hold and that
# reads every required field (bookingId, charterDate, guest, partySize, amount; a cancellation needs
# only bookingId). When formats match but none reads everything, the message is a warning naming the
# nearest format and the fields it is missing.
#
# A format:
#   name:        unique; letters, digits, - _ .
#   kind:        confirmation (default) | cancellation
#   match:       every rule given must hold (at least one):
#     from:      sender addresses or domains (a domain covers its subdomains)
#     subject:   a regex searched in the subject ((?i) for any case)
#     listId:    text the List-Id header contains
#     body:      a phrase the message text contains (any case)
#   locale:      months and numbers, e.g. de_DE (1.125,00, 9. Oktober); default English months and a
#                decimal separator guessed from the digits
#   dates:       patterns tried in order: yyyy, yy, M, MM, MMM, MMMM, d, dd, E (weekday), 'quoted text';
#                without a year, the year of the received date
#   fields:      bookingId, charterDate, guest, partySize, amount, currency, status, each with
#     labels:    ["Charter date", "Date"]: a line (or table row) that starts with a label, then : or space
#     regex:     with a group named after the field, (?<guest>...); applied to a label's value when
#                labels are given, else (or when no label is found) searched in the whole text. A regex
#                may capture other fields too: a one-line prose confirmation needs one regex.
#     in:        where to look, in order: text (the plain part), html (the HTML part as text, one table
#                row a line), subject. Default [text, html, subject]
#     default:   the value when nothing is found (currency: {default: EUR})
#   The amount's currency comes from its own text (USD 1,480.00, $1,480, 1 480,00 EUR, 480 euros), else
#   from the currency field.
#
# Every regex runs under a time budget per message and format (250 ms); a pattern that backtracks without end is stopped
# and the message becomes a warning.
version: 1
formats:
  # The booking system and the partner platforms: `Label: value` lines or label/value table rows.
  - name: labelled
    description: Harbor Charters' own confirmations and the partner platforms' (Label value lines or table rows)
    match:
      # Confirmations and receipts; not replies (a forward must still parse), not cancellations.
      subject: '(?i)^(?!(?:re|aw|sv):)(?!.*(?:cancelled|canceled|cancellation)).*(?:confirm|booking receipt|reservation receipt)'
    fields:
      bookingId:
        labels: [booking id, booking reference, booking ref, booking number, "booking #", confirmation number,
                 confirmation code, reservation id, reservation number, reference]
        regex: '\b(?<bookingId>[A-Z]{2,5}-\d{4}-\d{3,6})\b'
        in: [text, html]
      charterDate:
        labels: [charter date, trip date, date of charter, departure date, departure, sailing date, date]
        in: [text, html]
      guest:
        labels: [lead guest, guest name, guest, booked by, customer, name]
        in: [text, html]
      partySize:
        labels: [party size, number of guests, guests, passengers, group size, pax]
        in: [text, html]
      amount:
        labels: [total paid, total charged, amount paid, total amount, grand total, total, amount, price]
        in: [text, html]

  # Cancellations name the booking in the subject or the text.
  - name: cancellation
    kind: cancellation
    match:
      subject: '(?i)cancelled|canceled|cancellation'
    fields:
      bookingId:
        regex: '\b(?<bookingId>[A-Z]{2,5}-\d{4}-\d{3,6})\b'
        in: [subject, text, html]
"""#
}
