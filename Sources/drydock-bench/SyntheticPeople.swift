/// Who and what the synthetic mailbox talks about: guests (some with non-ASCII names, one with a comma),
/// boats, captains, marinas and partner senders, after the default set's Harbor Charters.
struct SyntheticGuest {
    let name: String
    let email: String
}

enum SyntheticPeople {
    static let mailbox = "bookings@harbor-charters.example"
    static let bookingSystem = "noreply@bookings.harbor-charters.example"

    private static let firstNames = [
        "Rachel", "Daniel", "Maria", "James", "Priya", "Tom", "Aisha", "Liam", "Chen", "Emma", "Noah", "Fatima",
        "Lucas", "Olivia", "Mateo", "Hannah", "Kenji", "Grace", "Omar", "Sofia", "Ethan", "Mei", "Jack", "Nadia",
    ]
    private static let lastNames = [
        "Adler", "Brooks", "Nguyen", "Patel", "Garcia", "Johnson", "Kim", "Okafor", "Rossi", "Schmidt", "Silva",
        "Walker", "Hughes", "Tanaka", "Larsen", "Murphy", "Cohen", "Dubois", "Novak", "Reyes",
    ]
    /// Names that need RFC 2047 in headers, or quoting.
    private static let specialGuests = [
        SyntheticGuest(name: "José Álvarez", email: "jose.alvarez@example.com"),
        SyntheticGuest(name: "Zoë Müller", email: "zoe.mueller@example.net"),
        SyntheticGuest(name: "Björn Østergaard", email: "bjorn@example.dk"),
        SyntheticGuest(name: "山田 太郎", email: "taro.yamada@example.jp"),
        SyntheticGuest(name: "Siobhán Ó Briain", email: "siobhan.obriain@example.ie"),
        SyntheticGuest(name: "Ryan O'Connor", email: "ryan.oconnor@example.org"),
        SyntheticGuest(name: "Kowalski, Anna", email: "anna.kowalski@example.pl"),
    ]
    private static let domains = ["example.com", "example.net", "example.org", "mail.example", "example.co.uk"]

    static func guest(_ random: inout BenchRandom) -> SyntheticGuest {
        if random.chance(0.08) { return random.pick(specialGuests) }
        let first = random.pick(firstNames)
        let last = random.pick(lastNames)
        let email = "\(first.lowercased()).\(last.lowercased())\(Int.random(in: 1...99, using: &random))@\(random.pick(domains))"
        return SyntheticGuest(name: "\(first) \(last)", email: email)
    }

    static let boats = ["Sea Lark", "Osprey", "Chesapeake Belle", "Salish Star", "Rain City", "Orca Dawn"]
    static let captains = ["Maria Santos", "Eli Brooks", "Dana Whitfield", "Sam Okoro", "Jun Park", "Lena Fischer"]
    static let marinas = ["Annapolis Harbor Marina, dock C", "Shilshole Bay Marina, dock 4"]
    static let cruises = [
        (hours: 3, name: "Sunset cruise"), (hours: 4, name: "Half-day cruise"), (hours: 8, name: "Full-day cruise"),
        (hours: 2, name: "Harbor tour"),
    ]

    static let newsletters = [
        (from: "Annapolis Harbor Marina <news@annapolis-marina.example>", list: "marina-news.annapolis-marina.example", topic: "Marina News"),
        (from: "Shilshole Bay Marina <updates@shilshole.example>", list: "updates.shilshole.example", topic: "Shilshole Updates"),
        (from: "Chesapeake Boating Weekly <weekly@boating-weekly.example>", list: "weekly.boating-weekly.example", topic: "Boating Weekly"),
    ]
    static let promotions = [
        "Fall fuel discount: 15% off at the dock", "Winterize your boat before the first frost",
        "New GPS chartplotters in stock", "Last call: marine electronics sale ends Sunday",
    ]
    static let inquiries = [
        "Availability for a sunset cruise", "Question about bringing our dog", "Group booking for 14 people",
        "Do you offer fishing charters?", "Gift voucher for my parents", "Wheelchair access on the boat",
    ]
}
