/// What a spreadsheet's `properties.locale` changes in how typed text is read (USER_ENTERED) and how
/// numbers show (FORMATTED_VALUE): the decimal and grouping separators, the order and separator of
/// dates, the currency, and month and weekday names.
///
/// | locale | `1234.5` as `#,##0.00` | typed date | date pattern implied | currency |
/// |---|---|---|---|---|
/// | en_US (default) | `1,234.50` | `12/31/2026` | `m/d/yyyy` | `$1,234.50` → `"$"#,##0.00` |
/// | en_GB | `1,234.50` | `31/12/2026` | `dd/mm/yyyy` | `£1,234.50` → `"£"#,##0.00` |
/// | de_DE | `1.234,50` | `31.12.2026` | `dd.mm.yyyy` | `1.234,50 €` → `#,##0.00 "€"` |
/// | fr_FR | `1 234,50` (U+202F) | `31/12/2026` | `dd/mm/yyyy` | `1 234,50 €` → `#,##0.00 "€"` |
///
/// Separators and names are the CLDR ones Sheets follows; the patterns Sheets picks for typed dates
/// and currencies in each locale are assumed (what the Sheets UI shows). Other locales take the
/// nearest of the four by language: `en_*` outside the US reads like en_GB; de, nl, es, it, pt, da,
/// tr, id, ru, pl, sv, nb, fi like de_DE (comma decimals, day first) but with fr_FR's grouping space
/// for ru, pl, sv, nb, fi, and fr_* like fr_FR. Unknown locales read like en_US.
enum SheetsLocale: UInt8, Sendable, Equatable {
    case enUS, enGB, deDE, frFR

    init(_ identifier: String) {
        let language = identifier.prefix { $0 != "_" && $0 != "-" }.lowercased()
        let region = identifier.drop { $0 != "_" && $0 != "-" }.dropFirst().uppercased()
        switch language {
        case "en": self = region.isEmpty || region == "US" || region == "PH" || region == "CA" ? .enUS : .enGB
        case "fr", "ru", "pl", "sv", "nb", "fi", "cs", "sk", "uk": self = .frFR
        case "de", "nl", "es", "it", "pt", "da", "tr", "id": self = .deDE
        default: self = .enUS
        }
    }

    var decimalSeparator: Character { self == .deDE || self == .frFR ? "," : "." }

    /// Whether formulas use the decimal-comma syntax (`1,5`, `;` between arguments, `\` between array
    /// columns), as Sheets' semicolon locales do.
    var decimalComma: Bool { self == .deDE || self == .frFR }

    /// What `,` in a pattern shows: `,`, `.`, or a narrow no-break space (U+202F) in fr_FR.
    var groupingSeparator: Character {
        switch self {
        case .enUS, .enGB: return ","
        case .deDE: return "."
        case .frFR: return "\u{202F}"
        }
    }

    /// Grouping separators typed input may use (fr_FR: a space, a no-break space or a narrow one).
    var typedGroupingSeparators: Set<Character> {
        self == .frFR ? [" ", "\u{00A0}", "\u{202F}"] : [groupingSeparator]
    }

    var dayFirst: Bool { self != .enUS }

    /// Separators typed dates may use (`31.12.2026` and `31/12/2026` both read in de_DE).
    var dateSeparators: Set<Character> { self == .deDE ? [".", "/"] : ["/"] }

    /// The pattern a typed numeric date takes.
    var datePattern: String {
        switch self {
        case .enUS: return "m/d/yyyy"
        case .enGB, .frFR: return "dd/mm/yyyy"
        case .deDE: return "dd.mm.yyyy"
        }
    }

    /// The pattern a typed date-time takes.
    var dateTimePattern: String { self == .enUS ? "m/d/yyyy h:mm:ss" : datePattern + " hh:mm:ss" }

    /// The locale's own currency: its symbol and whether it precedes the amount.
    var currency: (symbol: String, prefix: Bool) {
        switch self {
        case .enUS: return ("$", true)
        case .enGB: return ("£", true)
        case .deDE, .frFR: return ("€", false)
        }
    }

    var monthNames: [String] {
        switch self {
        case .enUS, .enGB: return SerialDate.monthNames
        case .deDE: return ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        case .frFR: return ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        }
    }

    var weekdayNames: [String] {
        switch self {
        case .enUS, .enGB: return SerialDate.weekdayNames
        case .deDE: return ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"]
        case .frFR: return ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
        }
    }

    /// A number rendered with en_US separators (`1,234.5`) in this locale's (`1.234,5`).
    func localized(_ text: String) -> String {
        guard self == .deDE || self == .frFR else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case ".": out.append(decimalSeparator)
            case ",": out.append(groupingSeparator)
            default: out.append(character)
            }
        }
        return out
    }
}
