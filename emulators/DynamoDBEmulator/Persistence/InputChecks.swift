/// Whose input a check is reading, and so how strict it is.
///
/// `.request` is a client's request: every check DynamoDB makes. `.stored` is input an earlier build of
/// the emulator accepted and wrote — a fixture or `--data-dir` snapshot table file, a logged write
/// being replayed — and skips the refusals added for requests since that build, so a data directory
/// (or fixture set) written yesterday still opens: tag characters, `INCLUDE` without (or with a
/// repeated) `NonKeyAttributes`, UpdateTable `Create` keys missing from the request's own
/// AttributeDefinitions, the 255-character key/projected name and 3–255-character index name limits
/// of UpdateTable, an unknown `TableClass` (ignored, as before), a `_`-led name in an expression, an
/// UpdateExpression function argument with `+`/`-` or a nested `list_append`, an on-demand index
/// Update with ProvisionedThroughput, an ordering (`<`, BETWEEN …) against a `:value` that is no string,
/// number or binary, or BETWEEN bounds of two types (false, as earlier builds found them).
/// The checks that protect the server (JSON types, sizes, key schema consistency, expression limits)
/// stay in either mode.
enum InputChecks: Sendable {
    case request
    case stored
}
