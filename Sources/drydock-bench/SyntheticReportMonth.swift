import DrydockCore
import DrydockFixtures
import Foundation

/// Writes a fixture set for one synthetic month of `charters` charters (September 2026): a booking-system
/// confirmation per charter in `gmail/bookings@…/`, one trip-sheet row per charter in `sheets/<id>/September`
/// (with a `=G<n>-H<n>` Net formula), and a `crew-dispatch` item per charter split over us-east-1 and
/// us-west-2; `oauth/` (from `BenchFixtureSet`), `imds/` and `dynamodb/credentials.json` come from the default set.
/// Amounts are whole cents; the sheet agrees with the mail except every 500th charter (a wrong amount), so
/// the report has some findings to write.
enum SyntheticReportMonth {
    static let spreadsheetID = "1BeNcHrEpOrTmOnThHaRbOrChArTeRs5000ChArTeRsX"
    static let month = "2026-09"
    static let regions = ["us-east-1", "us-west-2"]
    static let boats = [("Sea Lark", "Maria Santos"), ("Osprey", "Eli Brooks"), ("Chesapeake Belle", "Maria Santos"),
                        ("Salish Star", "Kenji Watanabe"), ("Rain City", "Rosa Delgado"), ("Orca Dawn", "Rosa Delgado")]

    static func write(into fixtures: BenchFixtureSet, charters: Int) throws {
        let defaults = DrydockFixtures.defaultDirectory
        try FileManager.default.copyItem(atPath: defaults + "/imds", toPath: fixtures.path + "/imds")
        let mailbox = try fixtures.directory("gmail/" + SyntheticPeople.mailbox)
        try BenchFixtureSet.write(
            "{\"profiles\": [{\"email\": \"\(SyntheticPeople.mailbox)\", \"messages_total\": \(charters), \"threads_total\": \(charters), \"history_id\": \"1000\"}]}\n",
            to: fixtures.path + "/gmail/profiles.json")
        let sheet = try fixtures.directory("sheets/" + spreadsheetID)
        var csv = "Date,Booking ID,Boat,Captain,Guest,Party,Revenue,Fuel,Tip %,Net,Notes\n"
        var formulas: [String] = []
        var labels: [String] = []
        var items: [String: [String]] = [:]
        var random = BenchRandom(seed: 0x5245_504F_5254)
        for index in 0..<charters {
            let id = String(format: "HC-2026-%05d", index + 1)
            let day = 1 + index * 30 / max(1, charters)
            let date = String(format: "2026-09-%02d", day)
            let (boat, captain) = boats[index % boats.count]
            let region = regions[index % boats.count < 3 ? 0 : 1]
            let guest = SyntheticPeople.guest(&random).name
            let party = Int.random(in: 2...24, using: &random)
            let cents = Int.random(in: 30_000...600_000, using: &random)
            let fuelCents = Int.random(in: 4_000...40_000, using: &random)
            let amount = String(format: "%d.%02d", cents / 100, cents % 100)
            let sheetCents = index % 500 == 499 ? cents + 1_000 : cents
            let received = CivilDate.seconds(year: 2026, month: 8, day: 1, hour: 0, minute: 0, second: 0) + index * 60
            let name = String(format: "%05d-confirmation-%@.eml", index + 1, id)
            try BenchFixtureSet.write(confirmation(id: id, date: date, guest: guest, party: party, amount: amount, boat: boat,
                                                   captain: captain, received: received, serial: index + 1), to: mailbox + "/" + name)
            labels.append("    \"\(name)\": [\"INBOX\", \"Label_1\", \"CATEGORY_UPDATES\"]")
            let row = index + 2
            let revenue = String(format: "%d.%02d", sheetCents / 100, sheetCents % 100)
            let fuel = String(format: "%d.%02d", fuelCents / 100, fuelCents % 100)
            let net = sheetCents - fuelCents
            csv += "\(date),\(id),\(boat),\(captain),\"\(guest.replacingOccurrences(of: "\"", with: "\"\""))\",\(party),\(revenue),\(fuel),0.1,"
                + String(format: "%d.%02d", net / 100, abs(net % 100)) + ",\n"
            formulas.append("\"J\(row)\": \"=G\(row)-H\(row)\"")
            let departs = "\(date)T\(String(format: "%02d", 13 + index % 5)):00:00Z"
            let guestJSON = guest.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined()
            items[region, default: []].append(
                "{\"dispatch_month\": {\"S\": \"\(month)\"}, \"departs_at\": {\"S\": \"\(departs)#\(id)\"}, \"booking_id\": {\"S\": \"\(id)\"}, "
                + "\"boat\": {\"S\": \"\(boat)\"}, \"captain\": {\"S\": \"\(captain)\"}, \"region\": {\"S\": \"\(region)\"}, "
                + "\"status\": {\"S\": \"scheduled\"}, \"party_size\": {\"N\": \"\(party)\"}, \"guest\": {\"S\": \"\(guestJSON)\"}, "
                + "\"updated_at\": {\"S\": \"2026-08-20T10:00:00Z\"}}")
        }
        try BenchFixtureSet.write("{\n  \"labels\": [{\"id\": \"Label_1\", \"name\": \"Bookings\"}],\n  \"messages\": {\n"
                                  + labels.joined(separator: ",\n") + "\n  }\n}\n", to: mailbox + "/labels.json")
        try BenchFixtureSet.write(csv, to: sheet + "/September.csv")
        try BenchFixtureSet.write("""
            {"title": "Bench Trip Sheets", "locale": "en_US", "timeZone": "America/New_York",
             "sheets": [{"title": "September", "file": "September.csv", "sheetId": 0, "rowCount": \(charters + 100), "columnCount": 26,
                         "formats": {"A2:A": {"type": "DATE", "pattern": "yyyy-mm-dd"}, "G2:H": {"type": "CURRENCY", "pattern": "\\"$\\"#,##0.00"}},
                         "formulas": {\(formulas.joined(separator: ", "))}}]}

            """, to: sheet + "/spreadsheet.json")
        for region in regions {
            let directory = try fixtures.directory("dynamodb/" + region)
            try BenchFixtureSet.write("""
                {"TableName": "crew-dispatch", "AttributeDefinitions": [{"AttributeName": "dispatch_month", "AttributeType": "S"},
                 {"AttributeName": "departs_at", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "dispatch_month", "KeyType": "HASH"},
                 {"AttributeName": "departs_at", "KeyType": "RANGE"}], "BillingMode": "PAY_PER_REQUEST",
                 "Items": [\((items[region] ?? []).joined(separator: ",\n"))]}

                """, to: directory + "/crew-dispatch.json")
        }
        if FileManager.default.fileExists(atPath: defaults + "/dynamodb/credentials.json") {
            try FileManager.default.copyItem(atPath: defaults + "/dynamodb/credentials.json", toPath: fixtures.path + "/dynamodb/credentials.json")
        }
    }

    /// A booking-system confirmation in the default set's `system-text` shape.
    static func confirmation(id: String, date: String, guest: String, party: Int, amount: String, boat: String, captain: String,
                             received: Int, serial: Int) -> String {
        let lines = [
            "Delivered-To: \(SyntheticPeople.mailbox)", "MIME-Version: 1.0", "Date: \(MailText.date(received))",
            "Message-ID: <bench-\(serial)@bookings.harbor-charters.example>",
            "Subject: Booking Confirmation \(id) - \(MailText.encodedWord(guest))",
            "From: Harbor Charters Bookings <\(SyntheticPeople.bookingSystem)>", "To: \(SyntheticPeople.mailbox)",
            "Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit", "",
            "Harbor Charters - Booking Confirmation", "", "Booking ID: \(id)", "Charter date: \(date)", "Boat: \(boat)",
            "Captain: \(captain)", "Guest: \(guest)", "Party size: \(party)", "Total: $\(amount)", "",
        ]
        return lines.joined(separator: "\r\n")
    }
}
