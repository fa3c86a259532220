import ArgumentParser
import DrydockTesting
import Foundation

/// `drydock-bench`: the figures the README quotes, printed as a Markdown table on stdout (progress on
/// stderr). Nothing here is asserted in tests; ✓/✗ only compares a figure with its target.
@main
struct DrydockBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drydock-bench",
        abstract: "Measure Drydock's cold start, token endpoint throughput, single flight, idle memory, Gmail search, Sheets reads and DynamoDB beside moto_server.",
        discussion: "Build and run in release: swift build -c release && .build/release/drydock-bench. CI/bench.sh also measures moto_server.",
        subcommands: [All.self, ColdStart.self, Throughput.self, SingleFlight.self, IdleRSS.self, UploadRSS.self, GmailList.self, GmailScale.self, GmailModify.self, GmailHistory.self, SheetsValues.self, SheetsWrites.self, Report.self, DynamoDB.self, Intercept.self],
        defaultSubcommand: All.self)
}

/// Options every subcommand takes.
struct BenchOptions: ParsableArguments {
    @Option(help: "The drydock binary (default: the one next to drydock-bench).")
    var drydock: String?

    @Option(help: ArgumentHelp("A peer emulator's figures as JSON, printed beside ours.", valueName: "file"))
    var peerFigures: String?

    /// The binary to spawn, checked to be executable.
    func drydockPath() throws -> String {
        let path = drydock ?? BuiltProducts.path("drydock")
        guard access(path, X_OK) == 0 else {
            throw ValidationError("no executable drydock at \(path): build it (swift build -c release) or pass --drydock")
        }
        return path
    }

    func peer() throws -> PeerFigures? { try peerFigures.map { try PeerFigures(path: $0) } }

    /// Prints the table and the machine it ran on.
    func report(_ rows: [BenchRow], loadAtStart: String) throws {
        let peer = try peer()
        print(ReportTable.render(rows, peerName: peer?.name ?? "moto_server"))
        print("")
        print("Machine: \(Machine.description); load average \(loadAtStart) at start, \(Machine.loadAverage) at end.")
        if let note = peer?.note { print("Peer: \(note)") }
    }
}

extension DrydockBench {
    /// Every measurement, one table.
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every measurement (the default).")
        @OptionGroup var options: BenchOptions
        @Option(help: "Sequential requests per throughput loop.") var requests = 20_000
        @OptionGroup var dynamodb: DynamoDBBenchOptions

        func run() throws {
            let load = Machine.loadAverage
            let drydock = try options.drydockPath()
            let peer = try options.peer()
            var rows = ColdStartBenchmark.rows(try ColdStartBenchmark.run(drydock: drydock, runs: 20), peer: peer)
            rows += ThroughputBenchmark.rows(try ThroughputBenchmark.run(requests: requests, warmup: 500))
            for processes in [32, 64] {
                let runs = try (1...3).map { _ in try SingleFlightBenchmark.run(drydock: drydock, processes: processes) }
                rows += SingleFlightBenchmark.rows(processes: processes, runs: runs)
            }
            rows += IdleRSSBenchmark.rows(try IdleRSSBenchmark.run(drydock: drydock, runs: 5), peer: peer)
            rows += UploadRSSBenchmark.rows(try UploadRSSBenchmark.run(drydock: drydock, parallel: 64, megabytes: 10))
            rows += GmailListBenchmark.rows(try GmailListBenchmark.run(messages: 10_000, requests: 2_000, warmup: 60))
            rows += SheetsValuesBenchmark.rows(try SheetsValuesBenchmark.run(requests: 5_000, warmup: 100))
            rows += ReportBenchmark.rows(try ReportBenchmark.run(drydock: drydock, charters: 5_000, runs: 3))
            try options.report(rows, loadAtStart: load)
            print("")
            print(try dynamodb.run(drydock: drydock))
        }
    }

    struct ColdStart: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cold-start", abstract: "Spawn `drydock emulators serve --port 0` → first health 200.")
        @OptionGroup var options: BenchOptions
        @Option var runs = 20

        func run() throws {
            let load = Machine.loadAverage
            let result = try ColdStartBenchmark.run(drydock: try options.drydockPath(), runs: runs)
            progress("spawn → URL line: median \(Format.ms(result.toURLLine.median))")
            try options.report(ColdStartBenchmark.rows(result, peer: try options.peer()), loadAtStart: load)
        }
    }

    struct Throughput: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "POST /token and GET /_drydock/health from one keep-alive client, in-process live server.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Sequential requests per loop.") var requests = 20_000
        @Option(help: "Untimed requests before each loop.") var warmup = 500

        func run() throws {
            let load = Machine.loadAverage
            try options.report(ThroughputBenchmark.rows(try ThroughputBenchmark.run(requests: requests, warmup: warmup)), loadAtStart: load)
        }
    }

    struct SingleFlight: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "single-flight", abstract: "N × `drydock reauth` at once on an expired token.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Processes started at once (repeatable).") var processes: [Int] = [32, 64]
        @Option var runs = 3

        func run() throws {
            let load = Machine.loadAverage
            let drydock = try options.drydockPath()
            var rows: [BenchRow] = []
            for count in processes {
                let results = try (1...runs).map { _ in try SingleFlightBenchmark.run(drydock: drydock, processes: count) }
                rows += SingleFlightBenchmark.rows(processes: count, runs: results)
            }
            try options.report(rows, loadAtStart: load)
        }
    }

    struct IdleRSS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "idle-rss", abstract: "VmRSS of an idle `drydock emulators serve` after one token request.")
        @OptionGroup var options: BenchOptions
        @Option var runs = 5

        func run() throws {
            let load = Machine.loadAverage
            let rss = try IdleRSSBenchmark.run(drydock: try options.drydockPath(), runs: runs)
            try options.report(IdleRSSBenchmark.rows(rss, peer: try options.peer()), loadAtStart: load)
        }
    }

    struct UploadRSS: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upload-rss", abstract: "VmRSS of `drydock emulators serve` around N parallel large uploads.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Uploads at once.") var parallel = 64
        @Option(help: "Size of each upload in MiB (the server's body cap is 10).") var megabytes = 10

        func run() throws {
            let load = Machine.loadAverage
            let result = try UploadRSSBenchmark.run(drydock: try options.drydockPath(), parallel: parallel, megabytes: megabytes)
            try options.report(UploadRSSBenchmark.rows(result), loadAtStart: load)
        }
    }

    struct GmailList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gmail-list",
            abstract: "messages.list with search queries over a generated 10,000-message mailbox, in-process live server.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Messages in the generated mailbox.") var messages = 10_000
        @Option(help: "Sequential list requests (queries in rotation).") var requests = 2_000
        @Option(help: "Untimed requests first.") var warmup = 60

        func run() throws {
            let load = Machine.loadAverage
            let result = try GmailListBenchmark.run(messages: messages, requests: requests, warmup: warmup)
            try options.report(GmailListBenchmark.rows(result), loadAtStart: load)
        }
    }

    struct GmailScale: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gmail-scale",
            abstract: "Load time, server RSS and messages.list/search p50 of `drydock emulators serve` over generated mailboxes of several sizes.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Mailbox sizes, one server each (repeatable).") var messages: [Int] = [10_000, 100_000]
        @Option(help: "Sequential list requests per size (a plain list and the gmail-list queries in rotation).") var requests = 700
        @Option(help: "Untimed requests first.") var warmup = 14

        func run() throws {
            let load = Machine.loadAverage
            let result = try GmailScaleBenchmark.run(drydock: try options.drydockPath(), sizes: messages, requests: requests, warmup: warmup)
            try options.report(GmailScaleBenchmark.rows(result), loadAtStart: load)
        }
    }

    struct GmailModify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gmail-modify",
            abstract: "messages.modify throughput (a user label added and removed alternately) on one keep-alive connection, in-process live server.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Messages in the generated mailbox.") var messages = 10_000
        @Option(help: "Sequential modify requests.") var requests = 10_000
        @Option(help: "Untimed requests first.") var warmup = 100

        func run() throws {
            let load = Machine.loadAverage
            let result = try GmailWritesBenchmark.modify(messages: messages, requests: requests, warmup: warmup)
            try options.report(GmailWritesBenchmark.rows(result), loadAtStart: load)
        }
    }

    struct GmailHistory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gmail-history",
            abstract: "history.list paged over N changes (modify calls), and with historyTypes=labelAdded, in-process live server.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Messages in the generated mailbox.") var messages = 10_000
        @Option(help: "Changes (modify calls) to page through.") var changes = 10_000
        @Option(help: "Timed runs of the historyTypes=labelAdded request.") var filteredRuns = 20

        func run() throws {
            let load = Machine.loadAverage
            let result = try GmailWritesBenchmark.history(messages: messages, changes: changes, filteredRuns: filteredRuns)
            try options.report(GmailWritesBenchmark.rows(result), loadAtStart: load)
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "drydock report for the default fixtures' month and a synthetic 5,000-charter month: wall time and peak RSS.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Charters in the synthetic month.") var charters = 5_000
        @Option(help: "Timed runs per month (after one untimed run).") var runs = 3
        @Option(help: "Also copy the synthetic fixture set to this (new) directory and keep it.") var keepFixtures: String?

        func run() throws {
            let load = Machine.loadAverage
            let results = try ReportBenchmark.run(drydock: try options.drydockPath(), charters: charters, runs: runs, keep: keepFixtures)
            try options.report(ReportBenchmark.rows(results), loadAtStart: load)
        }
    }

    struct SheetsWrites: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sheets-writes",
            abstract: "values.append throughput and a 1,000 × 26 USER_ENTERED values.update with formulas, in-process live server.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Sequential values.append requests.") var appends = 2_000
        @Option(help: "Timed 1,000 × 26 values.update requests.") var updates = 5
        @Option(help: "Untimed appends first.") var warmup = 50

        func run() throws {
            let load = Machine.loadAverage
            let result = try SheetsWritesBenchmark.run(appends: appends, updates: updates, warmup: warmup)
            try options.report(SheetsWritesBenchmark.rows(result), loadAtStart: load)
        }
    }

    struct SheetsValues: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sheets-values",
            abstract: "values.get of a generated 1,000 × 10 sheet (FORMATTED_VALUE), in-process live server.")
        @OptionGroup var options: BenchOptions
        @Option(help: "Sequential values.get requests.") var requests = 5_000
        @Option(help: "Untimed requests first.") var warmup = 100

        func run() throws {
            let load = Machine.loadAverage
            let result = try SheetsValuesBenchmark.run(requests: requests, warmup: warmup)
            try options.report(SheetsValuesBenchmark.rows(result), loadAtStart: load)
        }
    }
}
