import DrydockHarness
import Testing

@Suite("ShellSyntax")
struct ShellSyntaxTests {
    @Test("plain words stay as they are; anything else is single-quoted, quotes escaped")
    func quoting() {
        #expect(ShellSyntax.quote("/tmp/dd-secrets") == "/tmp/dd-secrets")
        #expect(ShellSyntax.quote("a b") == "'a b'")
        #expect(ShellSyntax.quote("it's") == "'it'\\''s'")
        #expect(ShellSyntax.quote("") == "''")
        #expect(ShellSyntax.quote("$HOME") == "'$HOME'")
    }
}
