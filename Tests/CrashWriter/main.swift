// drydock-crash-writer <secrets-dir> <iterations>
//
// Writes google_token.json through SecretsStore.writeCachedToken `iterations` times, each token distinct
// and of a different length, so the crash-safety test can SIGKILL it at random points and check that the
// file is always a complete token with mode 0600. Prints `ready` once the first write is done (the test
// waits for it before starting its kill timer) and nothing else; the tokens are made up, not secrets.
import DrydockCredentials
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations >= 0 else {
    FileHandle.standardError.write(Data("usage: drydock-crash-writer <secrets-dir> <iterations>\n".utf8))
    exit(64)
}

let store = SecretsStore(directory: arguments[1])
let pid = getpid()
for iteration in 0..<iterations {
    let now = Date()
    let padding = String(repeating: "p", count: Int.random(in: 0...4096))
    let token = CachedToken(
        accessToken: "crash-\(pid)-\(iteration)-\(UInt32.random(in: .min ... .max))-\(padding)",
        expiresAt: now.addingTimeInterval(3600), scope: "https://www.googleapis.com/auth/gmail.readonly",
        refreshedAt: now)
    do {
        try store.writeCachedToken(token)
    } catch {
        FileHandle.standardError.write(Data("drydock-crash-writer: \(error)\n".utf8))
        exit(1)
    }
    if iteration == 0 {
        FileHandle.standardOutput.write(Data("ready\n".utf8))
    }
}
