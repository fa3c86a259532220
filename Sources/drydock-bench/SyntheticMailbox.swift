import Foundation

/// Writes `gmail/bookings@harbor-charters.example/` for the Gmail list benchmark: `count` RFC 5322
/// messages dated over the year before `end` (`NNNNN-slug.eml`, numbered in date order, CRLF) and a
/// `labels.json` with the default set's user labels, UNREAD on about half of the last 30 days' inbound
/// mail and on a few older messages.
enum SyntheticMailbox {
    struct Summary {
        let messages: Int
        let bytes: Int
        let seconds: Double
        /// Messages per label id (system and user).
        let labelCounts: [String: Int]
        /// Bookings the confirmations created.
        let bookings: Int
        /// The middle booking's id (`HC-2026-…`), for a single-booking search.
        let middleBookingID: String
    }

    static let userLabels = [
        ("Label_1", "Bookings"), ("Label_2", "Partners"), ("Label_3", "Partners/CharterHub"), ("Label_4", "Partners/BlueWake"),
        ("Label_5", "Cancellations"), ("Label_6", "Guests"), ("Label_7", "Crew"), ("Label_8", "Marina"),
    ]

    static func write(into fixtures: BenchFixtureSet, count: Int, end: Int, seed: UInt64 = 0x4442_454E_4348) throws -> Summary {
        let started = Monotonic.now()
        let directory = try fixtures.directory("gmail/" + SyntheticPeople.mailbox)
        var writer = SyntheticMailWriter(seed: seed)
        let span = 365 * 86_400
        let step = span / count
        let recent = end - 30 * 86_400
        var labelLines: [String] = []
        var labelCounts: [String: Int] = [:]
        var bytes = 0
        for index in 0..<count {
            let epoch = end - span + index * step + Int.random(in: 0..<max(1, step), using: &writer.random)
            let unread = writer.random.chance(epoch >= recent ? 0.5 : 0.04)
            let message = writer.message(serial: index + 1, epoch: epoch, unread: unread)
            let name = String(format: "%05d-%@.eml", index + 1, message.slug)
            let data = Array(message.text.utf8)
            try BenchFixtureSet.write(data, to: directory + "/" + name)
            bytes += data.count
            for label in message.labels { labelCounts[label, default: 0] += 1 }
            labelLines.append("    \"\(name)\": [" + message.labels.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        }
        let labels = "{\n  \"labels\": [\n"
            + userLabels.map { "    {\"id\": \"\($0.0)\", \"name\": \"\($0.1)\"}" }.joined(separator: ",\n")
            + "\n  ],\n  \"messages\": {\n" + labelLines.joined(separator: ",\n") + "\n  }\n}\n"
        try BenchFixtureSet.write(labels, to: directory + "/labels.json")
        return Summary(messages: count, bytes: bytes, seconds: Double(Monotonic.now() - started) / 1e9,
                       labelCounts: labelCounts, bookings: writer.bookingCount,
                       middleBookingID: writer.bookingIDs.isEmpty ? "HC-2026-0001" : writer.bookingIDs[writer.bookingIDs.count / 2])
    }
}
