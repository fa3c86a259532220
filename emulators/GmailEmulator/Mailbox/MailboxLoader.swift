import DrydockCore
import EmulatorKit
import Foundation

/// Builds mailboxes from `<fixtures>/gmail/<address>/`: every `*.eml` file (RFC 5322, CRLF or LF) is a
/// message, `labels.json` (optional) declares user labels and each file's labels. A file without an
/// entry is in INBOX, or in SENT when its From is the mailbox's own address.
///
/// Ids come from file names (stable across runs); threads from `Message-ID` / `In-Reply-To` /
/// `References` (a thread's id is the id of its earliest message); history ids increase with the
/// internal date and end at the profile's `history_id` when `profiles.json` gives one.
enum MailboxLoader {
    /// Every mailbox directory under `<fixturesDirectory>/gmail/`, by lowercased address.
    static func loadAll(fixturesDirectory: String, profiles: [String: GmailProfile]) throws(FixtureError) -> [String: Mailbox] {
        let root = (fixturesDirectory.hasSuffix("/") ? fixturesDirectory : fixturesDirectory + "/") + "gmail"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [:] }
        var mailboxes: [String: Mailbox] = [:]
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            let path = root + "/" + entry
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            guard entry.contains("@") else {
                throw FixtureError(path: path, reason: "a mailbox directory must be named after its address (e.g. bookings@example.com)")
            }
            let history = profiles[entry.lowercased()].flatMap { UInt64($0.historyId) }
            mailboxes[entry.lowercased()] = try load(directory: path, address: entry, historyId: history)
        }
        // Reading big mailboxes leaves the parsing threads' arenas full of freed temporaries.
        if mailboxes.values.reduce(0, { $0 + $1.store.count }) >= 10_000 { HeapTrimmer.shared.trimNow() }
        return mailboxes
    }

    /// One mailbox directory.
    static func load(directory: String, address: String, historyId: UInt64?) throws(FixtureError) -> Mailbox {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.lowercased().hasSuffix(".eml") }.sorted()
        } catch {
            throw FixtureError(path: directory, reason: "cannot be listed: \(error.localizedDescription)")
        }
        let labelsPath = directory + "/labels.json"
        let labels = FileManager.default.fileExists(atPath: labelsPath) ? try LabelsFile.load(labelsPath) : LabelsFile()
        let present = Set(names)
        for fileName in labels.messages.keys.sorted() where !present.contains(fileName) {
            throw FixtureError(path: labelsPath, reason: "messages[\"\(fileName)\"]: no such .eml file in \(directory)")
        }

        // Files are read on every core, each down to its header fields (threading, date, senders): the
        // bodies are parsed when a request needs them, and indexed for search on the first text query.
        // A bad file is reported as before: the first in file-name order.
        let parsed = ResultSlots<Result<LoadedMessage, FixtureError>>(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let name = names[index]
            parsed.set(index, Result { () throws(FixtureError) -> LoadedMessage in
                try loadMessage(name: name, directory: directory, address: address, labels: labels)
            })
        }
        var loaded: [LoadedMessage] = []
        loaded.reserveCapacity(names.count)
        for result in parsed.all { loaded.append(try result.get()) }

        // Ids from file names, collisions resolved in file-name order.
        var used: Set<UInt64> = []
        var ids: [UInt64] = []
        for message in loaded {
            var attempt = 0
            var id = MessageID.forFile(message.name)
            while used.contains(id) {
                attempt += 1
                id = MessageID.forFile(message.name, attempt: attempt)
            }
            used.insert(id)
            ids.append(id)
        }

        let threads = Threading.threadIDs(loaded.map(\.threading), ids: ids)
        // History ids ascend with the internal date and end at the mailbox's history id.
        let order = loaded.indices.sorted {
            (loaded[$0].threading.internalDate, ids[$0]) < (loaded[$1].threading.internalDate, ids[$1])
        }
        let count = UInt64(loaded.count)
        let last = max(historyId ?? (1000 + count), count)
        var histories = [UInt64](repeating: 0, count: loaded.count)
        for (rank, index) in order.enumerated() { histories[index] = last - count + 1 + UInt64(rank) }

        let messages = loaded.indices.map { index in
            StoredMessage(
                raw: loaded[index].raw, numericID: ids[index], slot: UInt32(truncatingIfNeeded: index),
                threadId: MessageID.string(threads[index]), labelIds: loaded[index].labelIds, historyId: String(histories[index]),
                internalDate: loaded[index].threading.internalDate, fileName: loaded[index].name)
        }
        return Mailbox(address: address, userLabels: labels.labels, messages: messages, historyId: last,
                       messageIDs: loaded.map(\.threading.messageID))
    }

    /// A fixture file read down to what its `StoredMessage` keeps, before ids and threads are known.
    private static func loadMessage(
        name: String, directory: String, address: String, labels: LabelsFile
    ) throws(FixtureError) -> LoadedMessage {
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError(path: path, reason: "cannot be read")
        }
        guard !data.isEmpty else { throw FixtureError(path: path, reason: "empty file: a message needs at least a header") }
        let raw = Array(data)
        let envelope = MessageEnvelope(raw: raw)
        guard !envelope.headers.isEmpty else {
            throw FixtureError(path: path, reason: "no header fields: the file must start with RFC 5322 headers such as \"From: …\"")
        }
        let labelIds = labels.messages[name] ?? defaultLabels(from: envelope.from, address: address)
        return LoadedMessage(name: name, raw: raw, threading: envelope.threading, labelIds: labelIds)
    }

    private struct LoadedMessage: Sendable {
        let name: String
        let raw: [UInt8]
        let threading: ThreadingKey
        let labelIds: [String]
    }

    /// INBOX, or SENT when the message is from the mailbox's own address.
    static func defaultLabels(from: [MailAddress], address: String) -> [String] {
        from.contains { $0.address.lowercased() == address.lowercased() } ? ["SENT"] : ["INBOX"]
    }
}
