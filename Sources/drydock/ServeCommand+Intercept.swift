import ArgumentParser
import DrydockTesting
import EmulatorKit
import Foundation
import Interception

/// `drydock emulators serve --intercept [--proxy-port P]`.
struct InterceptOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Also serve the emulated hosts' real names (gmail.googleapis.com, dynamodb.<region>.amazonaws.com, 169.254.169.254, …) through an HTTP proxy that terminates TLS with a CA made for this run, and export HTTPS_PROXY, HTTP_PROXY, NO_PROXY and the trust-store variables (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, AWS_CA_BUNDLE, …). The CA goes into --sandbox (or a temporary directory removed at exit). Other hosts are refused and journalled as egress.blocked."))
    var intercept = false

    @Option(help: "Port for the interception proxy (with --intercept); 0 picks a free one.")
    var proxyPort = 0

    func validate() throws {
        guard (0...65535).contains(proxyPort) else { throw ValidationError("--proxy-port must be 0-65535, got \(proxyPort)") }
        guard intercept || proxyPort == 0 else { throw ValidationError("--proxy-port needs --intercept") }
    }
}

/// The interception proxy of a running `serve`, and the directory to remove when it stops.
struct RunningInterception {
    let proxy: InterceptingProxy
    let temporaryDirectory: TemporaryDirectory?

    /// The variables a shell evals: the proxy and trust-store variables, and a comment naming the proxy.
    var exportLines: [String] {
        proxy.exportLines() + ["# drydock interception proxy on \(proxy.proxyURL) (CA: \(proxy.authority.certificatePath))"]
    }

    func stop() {
        proxy.stop()
        temporaryDirectory?.remove()
    }
}

extension ServeCommand {
    /// With `--intercept`: the sandbox CA (in `--sandbox`, else a temporary directory) and the proxy on
    /// `--host`, started. Failures are configuration failures (exit 78).
    func startInterception(router: EdgeRouter) throws -> RunningInterception? {
        guard interception.intercept else { return nil }
        var temporary: TemporaryDirectory?
        do {
            let directory: String
            if let sandbox {
                directory = URL(fileURLWithPath: sandbox).standardizedFileURL.path
            } else {
                temporary = try TemporaryDirectory("intercept")
                directory = temporary?.path ?? ""
            }
            let authority = try SandboxCertificateAuthority(directory: directory)
            let proxy = InterceptingProxy(router: router, authority: authority, host: host, port: interception.proxyPort)
            try proxy.start()
            return RunningInterception(proxy: proxy, temporaryDirectory: temporary)
        } catch {
            temporary?.remove()
            throw ConfigurationFailure("cannot start interception: \(error)")
        }
    }
}
