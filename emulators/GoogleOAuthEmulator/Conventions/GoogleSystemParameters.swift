import DrydockHTTP

/// Google's standard query parameters, which every method of every API accepts
/// (https://cloud.google.com/apis/docs/system-parameters and the top-level `parameters` of the Gmail and
/// Sheets discovery documents), and the checks the front end makes on them before a method runs.
public enum GoogleSystemParameters {
    /// The discovery documents' standard parameters, their `$`-prefixed spellings and the other
    /// system parameters Google's platform documents (https://cloud.google.com/apis/docs/system-parameters),
    /// `userIp`, which older discovery documents still list, and `upload_id`, which the session URI of a
    /// resumable upload carries (Google's resumable protocol).
    public static let names: Set<String> = [
        "$.xgafv", "access_token", "alt", "$alt", "callback", "$callback", "fields", "$fields", "key", "$key",
        "oauth_token", "prettyPrint", "$prettyPrint", "quotaUser", "$quotaUser", "upload_protocol", "uploadType",
        "$outputDefaults", "$unique", "$userProject", "$requestReason", "userIp", "upload_id",
    ]

    /// The first refusal among the system parameters (`items`, a request's query), in the front end's order
    /// (`$.xgafv` first, then `alt`); nil when they are all acceptable.
    static func refusal(_ items: [(name: String, value: String)], legacyErrors: Bool) -> GoogleAPIError? {
        // `$.xgafv` is read from its last repeat, `alt` from its first (third-party measurements).
        if let xgafv = items.last(where: { $0.name == "$.xgafv" })?.value, xgafv != "1", xgafv != "2" {
            return .invalidSystemParameter("$.xgafv", value: xgafv, legacyErrors: legacyErrors)
        }
        if let alt = first("alt", items) ?? first("$alt", items) {
            let folded = alt.lowercased()
            if !folded.isEmpty && folded != "json" { return .unsupportedAlt(alt, legacyErrors: legacyErrors) }
        }
        return nil
    }

    /// The first query parameter in `items` that is neither a system parameter nor one of `own`
    /// (compared in camelCase, so the proto's snake_case spellings bind too).
    static func unknownParameter(in items: [(name: String, value: String)], own: [String]) -> String? {
        for (name, _) in items where !names.contains(name) {
            let camel = camelCase(name)
            if !own.contains(camel) && !own.contains(name) { return name }
        }
        return nil
    }

    /// `value_render_option` → `valueRenderOption`: the proto's snake_case names bind like the JSON names.
    public static func camelCase(_ name: String) -> String {
        guard name.contains("_") else { return name }
        var out = ""
        var upperNext = false
        for character in name {
            if character == "_" { upperNext = true; continue }
            out += upperNext ? character.uppercased() : String(character)
            upperNext = false
        }
        return out
    }

    /// The `fields` mask in `items` (first repeat; `$fields` as a spelling), nil when absent or empty
    /// (Google answers an empty mask with the whole body).
    static func fieldMask(_ items: [(name: String, value: String)]) -> String? {
        guard let mask = first("fields", items) ?? first("$fields", items), !mask.isEmpty else { return nil }
        return mask
    }

    /// The value of the first `name` in `items`.
    static func first(_ name: String, _ items: [(name: String, value: String)]) -> String? {
        items.first { $0.name == name }?.value
    }
}
