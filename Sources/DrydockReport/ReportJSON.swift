import DrydockCore
import Foundation

/// `--json`: the reconciliation as JSON lines — one `charter` per charter, one `finding` per finding, one
/// `total` per currency, one `failure` per failed source. Amounts are exact decimal strings as JSON numbers.
extension ReportDocument {
    public var jsonLines: [JSONValue] {
        var lines: [JSONValue] = reconciliation.lines.map(\.json)
        lines += reconciliation.findings.map(\.json)
        for currency in currencies {
            var totals = (charters: 0, guests: 0, amount: CurrencyTotals(), revenue: CurrencyTotals(), fuel: CurrencyTotals(), net: CurrencyTotals())
            for line in reconciliation.lines where line.counted && line.currency == currency {
                totals.charters += 1
                totals.guests += line.party ?? 0
                totals.amount.add(line.amount, currency)
                totals.revenue.add(line.revenue, currency)
                totals.fuel.add(line.fuel, currency)
                totals.net.add(line.net, currency)
            }
            lines.append(.object([
                ("type", "total"), ("currency", .string(currency)), ("charters", .number(totals.charters)), ("guests", .number(totals.guests)),
                ("amount", .number(DecimalText.plain(totals.amount[currency]))), ("revenue", .number(DecimalText.plain(totals.revenue[currency]))),
                ("fuel", .number(DecimalText.plain(totals.fuel[currency]))), ("net", .number(DecimalText.plain(totals.net[currency]))),
            ]))
        }
        lines += failures.map { .object([("type", "failure"), ("source", .string($0.source)), ("message", .string($0.message)),
                                         ("fix", .string($0.fix)), ("exit", .number(Int($0.status.rawValue)))]) }
        return lines
    }
}

extension Reconciliation.CharterLine {
    public var json: JSONValue {
        func money(_ value: Decimal?) -> JSONValue { value.map { .number(DecimalText.plain($0)) } ?? .null }
        return .object([
            ("type", "charter"), ("date", date.map { .string($0.description) } ?? .null), ("bookingId", .string(bookingID)),
            ("boat", .string(boat)), ("captain", .string(captain)), ("guest", .string(guest)), ("party", party.map { .number($0) } ?? .null),
            ("currency", .string(currency)), ("amount", money(amount)), ("revenue", money(revenue)), ("fuel", money(fuel)), ("net", money(net)),
            ("booking", .string(booking)), ("dispatch", .string(dispatch)), ("region", .string(region)), ("source", .string(source)),
            ("sheetRow", sheetRow.map { .number($0) } ?? .null), ("status", .string(status)),
        ])
    }
}

extension Finding {
    public var json: JSONValue {
        .object([
            ("type", "finding"), ("kind", .string(kind.rawValue)), ("bookingId", .string(bookingID)), ("mail", .string(mail)),
            ("sheet", .string(sheet)), ("dispatch", .string(dispatch)), ("where", .string(location)), ("action", .string(kind.action)),
        ])
    }
}
