import ArgumentParser
import Foundation

/// What `dynamodb` (and `all`) take for the DynamoDB comparison.
struct DynamoDBBenchOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "moto_server to compare with (default: moto_server on PATH; a pyenv shim is resolved).", valueName: "path"))
    var moto: String?

    @Flag(help: "Measure Drydock alone, even when moto_server is on PATH.")
    var noMoto = false

    @Option(help: "Timed sequential requests per DynamoDB operation and server.")
    var dynamodbRequests = 5_000

    @Option(help: "Untimed requests before each DynamoDB loop.")
    var dynamodbWarmup = 200

    @Option(help: "Drydock DynamoDB cold starts (spawn → first ListTables), after one untimed run.")
    var dynamodbColdRuns = 20

    @Option(help: "moto_server cold starts, after one untimed run (each takes about a second).")
    var motoColdRuns = 5

    func validate() throws {
        guard dynamodbRequests > 0, dynamodbWarmup >= 0, dynamodbColdRuns > 0, motoColdRuns > 0 else {
            throw ValidationError("--dynamodb-requests, --dynamodb-cold-runs and --moto-cold-runs must be positive, --dynamodb-warmup not negative")
        }
    }

    /// Runs the comparison and returns the rendered table (with its notes and machine line).
    func run(drydock: String) throws -> String {
        let load = Machine.loadAverage
        let peer = noMoto ? nil : try DynamoDBMoto.locate(explicit: moto)
        if peer == nil && !noMoto { progress("dynamodb: moto_server not found; measuring Drydock alone") }
        let settings = DynamoDBBenchmark.Settings(
            requests: dynamodbRequests, warmup: dynamodbWarmup, drydockColdRuns: dynamodbColdRuns, motoColdRuns: motoColdRuns)
        let result = try DynamoDBBenchmark.run(drydock: drydock, moto: peer, settings: settings)
        return DynamoDBReport.render(result, loadAtStart: load)
    }
}

extension DrydockBench {
    struct DynamoDB: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dynamodb",
            abstract: "GetItem, PutItem and Query, cold start and RSS: `drydock emulators serve` beside moto_server, one keep-alive client each.")
        @OptionGroup var options: BenchOptions
        @OptionGroup var dynamodb: DynamoDBBenchOptions

        func run() throws {
            print(try dynamodb.run(drydock: try options.drydockPath()))
        }
    }
}
