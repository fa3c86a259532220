/// The OAuth scopes each Google job needs, and which granted scopes cover a needed one.
public enum JobScopes {
    static let prefix = "https://www.googleapis.com/auth/"
    public static let gmailReadonly = prefix + "gmail.readonly"
    public static let spreadsheetsReadonly = prefix + "spreadsheets.readonly"

    /// The jobs that call Google, and what they need unless the configuration says otherwise.
    public static let defaults: [(job: String, scopes: [String])] = [
        ("bookings", [gmailReadonly]),
        ("sheets", [spreadsheetsReadonly]),
        ("report", [gmailReadonly, spreadsheetsReadonly]),
        ("diag", [gmailReadonly]),
    ]

    /// `gmail.readonly` → `https://www.googleapis.com/auth/gmail.readonly`; full URLs are kept.
    public static func expand(_ scope: String) -> String {
        scope.contains("://") ? scope : prefix + scope
    }

    /// Broader scopes that include a narrower one (Google's documented scope hierarchy for Gmail and
    /// Sheets: `mail.google.com` ⊃ `gmail.modify` ⊃ `gmail.readonly`; `spreadsheets` and `drive` ⊃
    /// `spreadsheets.readonly`).
    static let broader: [String: [String]] = [
        prefix + "gmail.readonly": [prefix + "gmail.modify", "https://mail.google.com/"],
        prefix + "gmail.send": [prefix + "gmail.modify", prefix + "gmail.compose", "https://mail.google.com/"],
        prefix + "gmail.modify": ["https://mail.google.com/"],
        prefix + "gmail.compose": [prefix + "gmail.modify", "https://mail.google.com/"],
        prefix + "spreadsheets.readonly": [prefix + "spreadsheets", prefix + "drive", prefix + "drive.readonly"],
        prefix + "spreadsheets": [prefix + "drive"],
    ]

    /// Whether `granted` includes `needed` itself or a broader scope.
    public static func covers(_ granted: Set<String>, _ needed: String) -> Bool {
        granted.contains(needed) || (broader[needed] ?? []).contains(where: granted.contains)
    }
}
