import Foundation
import GmailEmulator
import Testing

/// Every operator and combination against the fixture mailbox, through both the lazy
/// (`SearchableMessage`) and the indexed (`GmailSearchDocument`) paths.
@Suite struct GmailQueryMatchingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let query: String
        let expected: [String]
        init(_ query: String, _ expected: [String]) {
            self.query = query
            self.expected = expected
        }
        var testDescription: String { "q=\(query)" }
    }

    static let all = SearchFixtures.names
    static func allBut(_ names: String...) -> [String] { all.filter { !names.contains($0) } }

    static let freeText: [Case] = [
        Case("", all),
        Case("   ", all),
        Case("booking", ["booking", "newsletter", "sent"]),
        Case("BOOKING", ["booking", "newsletter", "sent"]),
        Case("+booking", ["booking", "newsletter", "sent"]),
        Case("book", []),  // whole words only
        Case("books", ["newsletter"]),
        Case("dinner", ["booking", "sent", "social", "forum"]),
        Case("müller", ["booking"]),
        Case("MÜLLER", ["booking"]),
        Case("muller", ["booking"]),
        Case("jose", ["booking", "sent"]),
        Case("José", ["booking", "sent"]),
        Case("jose@charterhub.example", ["booking", "sent"]),
        Case("charterhub", ["booking", "sent"]),  // addresses, not label names
        Case("4411", ["booking", "sent"]),
        Case("invoice", ["booking"]),  // attachment names are searched
        Case("foo:bar", []),  // unknown operator: free text
        Case("re:booking", ["sent"]),  // "re booking" as a phrase
        Case("booking -", ["booking", "newsletter", "sent"]),  // a lone "-" constrains nothing
        Case("\"booking confirmation\"", ["booking", "sent"]),
        Case("\"confirmation booking\"", []),
        Case("\"sea breeze\"", ["booking"]),
        Case("\"tips for the season\"", ["newsletter"]),
        Case("\"prize now\"", ["spam"]),
    ]

    static let addressAndText: [Case] = [
        Case("from:jose", ["booking"]),
        Case("from:José", ["booking"]),
        Case("FROM:jose", ["booking"]),
        Case("from:\"José Álvarez\"", ["booking"]),
        Case("from:alvarez", ["booking"]),
        Case("from:alv", []),
        Case("from:charterhub.example", ["booking"]),
        Case("from:ops@drydock.example", ["sent", "draft"]),
        Case("from: deals", ["newsletter"]),  // a space after the colon, as Google's own docs write it
        Case("from:me", []),  // no mailbox owner given: the word "me"
        Case("to:ops@drydock.example", ["booking", "newsletter", "spam", "trash", "social", "forum"]),
        Case("to:anna", ["booking"]),  // to: also searches Cc and Bcc
        Case("to:audit", ["sent"]),
        Case("cc:anna", ["booking"]),
        Case("cc:jose", []),
        Case("bcc:audit", ["sent"]),
        Case("deliveredto:crew", ["draft"]),
        Case("subject:booking", ["booking", "sent"]),
        Case("subject:\"booking confirmation\"", ["booking", "sent"]),
        Case("subject:marina", []),
        Case("subject:(booking 4411)", ["booking", "sent"]),
        Case("subject:(dinner movie)", []),
        Case("subject:(sale OR regatta)", ["newsletter", "social"]),
        Case("subject:{sale regatta}", ["newsletter", "social"]),
        Case("subject:re:booking", ["sent"]),
    ]

    static let labelsAndFlags: [Case] = [
        Case("label:partners-charterhub", ["booking"]),
        Case("label:Partners/CharterHub", ["booking"]),
        Case("label:PARTNERS-CHARTERHUB", ["booking"]),
        Case("label:\"partners charterhub\"", ["booking"]),
        Case("label:partners", []),  // a parent label name does not match its sublabels
        Case("label:Label_1", ["booking"]),  // ids work too
        Case("in:\"Partners/CharterHub\"", ["booking"]),
        Case("label:family-trips", ["social"]),
        Case("label:inbox", ["booking", "newsletter", "social"]),
        Case("label:unread", ["booking", "spam", "forum"]),
        Case("label:(family-trips OR partners-charterhub)", ["booking", "social"]),
        Case("in:inbox", ["booking", "newsletter", "social"]),
        Case("in:sent", ["sent"]),
        Case("in:trash", ["trash"]),
        Case("in:spam", ["spam"]),
        Case("in:drafts", ["draft"]),
        Case("in:draft", ["draft"]),
        Case("in:starred", ["trash", "social"]),
        Case("in:important", ["booking"]),
        Case("in:anywhere", all),
        Case("in:family-trips", ["social"]),
        Case("is:unread", ["booking", "spam", "forum"]),
        Case("IS:UNREAD", ["booking", "spam", "forum"]),
        Case("is:read", ["newsletter", "sent", "trash", "draft", "social"]),
        Case("is:starred", ["trash", "social"]),
        Case("is:important", ["booking"]),
        Case("is:snoozed", []),
        Case("is:muted", []),
        Case("is:bogus", []),
        Case("has:attachment", ["booking", "trash", "social"]),
        Case("has:userlabels", ["booking", "social"]),
        Case("has:nouserlabels", ["newsletter", "sent", "spam", "trash", "draft", "forum"]),
        Case("has:drive", []),
        Case("category:promotions", ["newsletter"]),
        Case("category:social", ["social"]),
        Case("category:updates", ["booking"]),
        Case("category:forums", ["forum"]),
        Case("category:primary", ["trash"]),
        Case("category:reservations", []),
        Case("filename:pdf", ["booking"]),
        Case("filename:PDF", ["booking"]),
        Case("filename:invoice-4411.pdf", ["booking"]),
        Case("filename:jpg", ["social"]),
        Case("filename:\"regatta photo.jpg\"", ["social"]),
        Case("filename:docx", ["trash"]),
        Case("filename:txt", []),
    ]

    static let sizesAndDates: [Case] = [
        Case("larger:1M", ["trash", "social"]),
        Case("larger:3M", ["trash"]),
        Case("larger:3mb", ["trash"]),
        Case("larger:10kb", ["booking", "newsletter", "trash", "social", "forum"]),
        Case("larger:249999", ["booking", "trash", "social"]),
        Case("size:250000", ["trash", "social"]),  // size: is "larger than"
        Case("smaller:1K", ["draft"]),
        Case("smaller:5000", ["spam", "draft"]),
        Case("after:2025/07/01", ["booking", "sent", "spam", "draft"]),
        Case("after:2025-07-01", ["booking", "sent", "spam", "draft"]),
        Case("after:07/01/2025", ["booking", "sent", "spam", "draft"]),
        Case("after:2025/7/1", ["booking", "sent", "spam", "draft"]),
        Case("newer:2025/07/03", ["spam", "draft"]),
        Case("before:2025/07/01", ["newsletter", "trash", "social", "forum"]),
        Case("older:2025/01/01", ["social"]),
        Case("after:1751353200", ["booking", "sent", "spam", "draft"]),  // 2025-07-01T07:00:00Z
        Case("before:1751353200", ["newsletter", "trash", "social", "forum"]),
        Case("after:2025/06/01 before:2025/07/02", ["booking", "newsletter"]),
        Case("newer_than:2d", ["spam", "draft"]),
        Case("older_than:3d", ["booking", "newsletter", "trash", "social", "forum"]),
        Case("newer_than:1m", ["booking", "newsletter", "sent", "spam", "draft"]),
        Case("older_than:6m", ["social"]),
        Case("older_than:1y", []),
        Case("newer_than:1Y", all),
    ]

    static let boolean: [Case] = [
        Case("dinner friday", ["booking", "sent", "social", "forum"]),
        Case("dinner AND friday", ["booking", "sent", "social", "forum"]),
        Case("dinner -friday", []),
        Case("dinner -from:friend", ["booking", "sent", "forum"]),
        Case("sale OR regatta", ["newsletter", "social"]),
        Case("sale or regatta", []),  // lower-case "or" is a word
        Case("from:deals OR from:friend", ["newsletter", "social"]),
        Case("from:deals OR from:friend OR in:spam", ["newsletter", "spam", "social"]),
        Case("{from:deals from:friend}", ["newsletter", "social"]),
        Case("from:(deals OR friend)", ["newsletter", "social"]),
        Case("from:{deals friend}", ["newsletter", "social"]),
        Case("from:(deals friend)", []),
        Case("-{from:deals from:friend}", allBut("newsletter", "social")),
        Case("-(dinner friday)", ["newsletter", "spam", "trash", "draft"]),
        Case("-from:(deals OR friend) in:inbox", ["booking"]),
        Case("dinner (from:jose OR from:friend)", ["booking", "social"]),
        Case("dinner from:jose OR from:friend", ["booking", "social"]),  // OR binds tighter than AND
        Case("from:friend OR from:jose dinner", ["booking", "social"]),
        Case("{dinner sale} {from:deals from:jose}", ["booking", "newsletter"]),
        Case("{(dinner from:jose) (sale from:deals)}", ["booking", "newsletter"]),
        Case("is:unread AND in:inbox", ["booking"]),
        Case("(is:unread OR is:starred) -in:trash", ["booking", "spam", "social", "forum"]),
        Case("-is:unread -is:starred", ["newsletter", "sent", "draft"]),
        Case("-label:partners-charterhub in:inbox", ["newsletter", "social"]),
        Case("in:inbox -category:promotions has:attachment", ["booking", "social"]),
        Case("((dinner))", ["booking", "sent", "social", "forum"]),
        Case("()", all),
        Case("dinner AROUND 5 friday", ["booking", "sent", "social"]),
        Case("dinner AROUND 6 friday", ["booking", "sent", "social", "forum"]),
        Case("friday AROUND 1 dinner", ["booking", "sent"]),  // social has two words between
        Case("dinner AROUND 0 friday", []),
        Case("\"yacht sea\" AROUND 2 confirmed", ["booking"]),
    ]

    @Test(arguments: freeText + addressAndText + labelsAndFlags + sizesAndDates + boolean)
    func matches(_ testCase: Case) throws {
        let query = try GmailQuery.parse(testCase.query)
        #expect(SearchFixtures.matching(query) == testCase.expected)
        #expect(SearchFixtures.matchingIndexed(query) == testCase.expected)
        #expect(SearchFixtures.matchingMailboxIndex(query) == testCase.expected)
    }

    @Test(arguments: [
        ("from:me", ["sent", "draft"]),
        ("to:me", ["booking", "newsletter", "spam", "trash", "social", "forum"]),
        ("-from:me in:anywhere", ["booking", "newsletter", "spam", "trash", "social", "forum"]),
        ("bcc:me", []),
    ])
    func meIsTheMailboxOwner(query: String, expected: [String]) throws {
        let parsed = try GmailQuery.parse(query, mailboxOwner: "OPS@drydock.example")
        #expect(SearchFixtures.matching(parsed) == expected)
        #expect(SearchFixtures.matchingIndexed(parsed) == expected)
        #expect(SearchFixtures.matchingMailboxIndex(parsed) == expected)
    }

    @Test(arguments: [
        ("in:spam", true), ("in:trash", true), ("in:anywhere", true), ("label:trash", true), ("label:SPAM", true),
        ("in:bin", true), ("dinner OR in:spam", true), ("-(-in:spam)", true), ("{in:trash in:inbox}", true),
        ("-in:trash", false), ("-in:anywhere", false), ("booking", false), ("in:inbox", false), ("is:unread", false),
        ("spam", false), ("subject:trash", false), ("", false),
    ])
    func mentionsSpamOrTrash(query: String, expected: Bool) throws {
        #expect(try GmailQuery.parse(query).mentionsSpamOrTrash == expected)
    }
}
