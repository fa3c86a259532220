import DrydockHTTP
import GoogleOAuthEmulator

/// A Sheets request's query parameters, bound the way Google's front end binds them to the request
/// message: unknown names and values that are not the field's type are 400s. camelCase and the proto's
/// snake_case names are both accepted (`valueRenderOption`, `value_render_option`).
struct SheetsQuery: Sendable {
    var ranges: [String] = []
    var includeGridData = false
    var options = ReadOptions()
    /// values.update/append: nil when not given (or INPUT_VALUE_OPTION_UNSPECIFIED): a 400.
    var valueInput: ValueInputOption?
    var insertData = InsertDataOption.overwrite
    var includeValuesInResponse = false
    /// How `updatedData` is rendered (`responseValueRenderOption`, `responseDateTimeRenderOption`).
    var responseOptions = ReadOptions()

    static func bind(_ request: HTTPRequest, for method: SheetsMethod) -> Result<SheetsQuery, GoogleAPIError> {
        var query = SheetsQuery()
        var seen: Set<String> = []
        for (rawName, value) in request.queryItems {
            let name = camelCase(rawName)
            guard SheetsMethod.systemParameters.contains(rawName) || method.parameters.contains(name) else {
                return .failure(.unknownParameter(rawName))
            }
            if name == "ranges" {
                query.ranges.append(value)
                continue
            }
            // A repeated single-valued parameter: the first wins (assumed).
            guard seen.insert(name).inserted, !value.isEmpty else { continue }
            switch name {
            case "majorDimension":
                guard let dimension = enumValue(value, ReadOptions.Dimension.self, unspecified: "DIMENSION_UNSPECIFIED", default: .rows) else {
                    return .failure(.invalidValue(field: "major_dimension", type: enumType("Dimension"), value: value))
                }
                query.options.majorDimension = dimension
            case "valueRenderOption":
                guard let render = enumValue(value, ReadOptions.ValueRender.self, unspecified: nil, default: .formatted) else {
                    return .failure(.invalidValue(field: "value_render_option", type: enumType("ValueRenderOption"), value: value))
                }
                query.options.valueRender = render
            case "dateTimeRenderOption":
                guard let render = enumValue(value, ReadOptions.DateTimeRender.self, unspecified: nil, default: .serialNumber) else {
                    return .failure(.invalidValue(field: "date_time_render_option", type: enumType("DateTimeRenderOption"), value: value))
                }
                query.options.dateTimeRender = render
            case "includeGridData", "excludeTablesInBandedRanges", "includeValuesInResponse":
                guard let flag = bool(value) else {
                    return .failure(.invalidValue(field: snakeCase(name), type: "TYPE_BOOL", value: value))
                }
                if name == "includeGridData" { query.includeGridData = flag }
                if name == "includeValuesInResponse" { query.includeValuesInResponse = flag }
            case "valueInputOption":
                guard let option = enumValue(value, ValueInputOption?.self, unspecified: "INPUT_VALUE_OPTION_UNSPECIFIED", default: nil) else {
                    return .failure(.invalidValue(field: "value_input_option", type: enumType("ValueInputOption"), value: value))
                }
                query.valueInput = option
            case "insertDataOption":
                guard let option = enumValue(value, InsertDataOption.self, unspecified: nil, default: .overwrite) else {
                    return .failure(.invalidValue(field: "insert_data_option", type: enumType("AppendValuesRequest.InsertDataOption"), value: value))
                }
                query.insertData = option
            case "responseValueRenderOption":
                guard let render = enumValue(value, ReadOptions.ValueRender.self, unspecified: nil, default: .formatted) else {
                    return .failure(.invalidValue(field: "response_value_render_option", type: enumType("ValueRenderOption"), value: value))
                }
                query.responseOptions.valueRender = render
            case "responseDateTimeRenderOption":
                guard let render = enumValue(value, ReadOptions.DateTimeRender.self, unspecified: nil, default: .serialNumber) else {
                    return .failure(.invalidValue(field: "response_date_time_render_option", type: enumType("DateTimeRenderOption"), value: value))
                }
                query.responseOptions.dateTimeRender = render
            default:
                break
            }
        }
        return .success(query)
    }

    static func enumType(_ name: String) -> String { "type.googleapis.com/google.apps.sheets.v4." + name }

    private static func enumValue(_ value: String, _: ValueInputOption?.Type, unspecified: String, default fallback: ValueInputOption?) -> ValueInputOption?? {
        if let known = ValueInputOption(rawValue: value) { return .some(known) }
        return value == unspecified ? .some(fallback) : nil
    }

    private static func enumValue<E: RawRepresentable>(_ value: String, _: E.Type, unspecified: String?, default fallback: E) -> E? where E.RawValue == String {
        if let known = E(rawValue: value) { return known }
        if let unspecified, value == unspecified { return fallback }
        return nil
    }

    static func bool(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    /// `value_render_option` → `valueRenderOption`.
    static func camelCase(_ name: String) -> String {
        GoogleSystemParameters.camelCase(name)
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}

/// How written values are read: RAW stores them as given; USER_ENTERED as if typed into the UI.
enum ValueInputOption: String, Sendable {
    case raw = "RAW"
    case userEntered = "USER_ENTERED"
}

/// values.append: overwrite the cells after the table, or insert rows for the new data.
enum InsertDataOption: String, Sendable {
    case overwrite = "OVERWRITE"
    case insertRows = "INSERT_ROWS"
}
