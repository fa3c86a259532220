import DrydockCore
import DrydockJobs
import DrydockHTTP
import DrydockServices
import Foundation

/// The system trust store is there and verifies Google's and AWS's endpoints, through libcurl (its own
/// error on failure). Plain-HTTP endpoints (the emulators) have nothing to verify and are skipped.
struct TLSCheck: PreflightCheck {
    let name = "tls"
    let summary = "the system trust store exists and verifies the Google and AWS endpoints (libcurl's error on failure)"

    static let installFix = "install the CA certificates (Debian/Ubuntu: apt-get install ca-certificates; RHEL: dnf install ca-certificates), "
        + "or point CURL_CA_BUNDLE at a PEM bundle"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        var results: [PreflightResult] = []
        let bundle = trustStore(context)
        switch bundle {
        case .some(let path):
            results.append(PreflightResult(name, "trust store", .pass, path))
        case .none:
            let looked = context.options.trustStoreCandidates.joined(separator: ", ")
            results.append(PreflightResult(name, "trust store", .fail, "no CA bundle: CURL_CA_BUNDLE and SSL_CERT_FILE are unset and none of \(looked) exists",
                                           fix: Self.installFix))
        }
        let google = (try? context.session.get()).map { $0.refresher.tokenURI(for: try? $0.store.clientCredentials(environment: context.environment)) }
            ?? "https://oauth2.googleapis.com/token"
        let aws = context.configuration.regions.value.first.flatMap { try? DynamoDBEndpoint.resolve(region: $0, environment: context.environment).url }
            ?? "https://dynamodb.us-east-1.amazonaws.com"
        for (side, url) in [("google", google), ("aws", aws)] {
            results.append(verify(side: side, url: url, bundle: bundle, limited: context.limited))
        }
        return results
    }

    /// `CURL_CA_BUNDLE`, `SSL_CERT_FILE`, else the first candidate that is a non-empty readable file.
    func trustStore(_ context: PreflightContext) -> String? {
        let named = [context.environment["CURL_CA_BUNDLE"], context.environment["SSL_CERT_FILE"]].compactMap { $0 }
        for path in named + context.options.trustStoreCandidates {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > 0,
               FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// `limited` puts the probe within the check's time limit.
    func verify(side: String, url: String, bundle: String?, limited: (any HTTPTransport) -> any HTTPTransport = { $0 }) -> PreflightResult {
        guard url.lowercased().hasPrefix("https://") else {
            return PreflightResult(name, side, .skipped, "\(url) is plain HTTP (emulators): no certificate to verify")
        }
        let origin = Self.origin(of: url)
        let client = limited(HTTPClient(configuration: .init(connectTimeout: 5, totalTimeout: 10, caBundlePath: bundle)))
        do {
            let response = try client.send(ClientRequest(method: "GET", url: origin + "/", timeout: 10))
            return PreflightResult(name, side, .pass, "\(origin): certificate verified (HTTP \(response.status))")
        } catch let error as HTTPClientError {
            let fix = error.code == .tlsFailure ? Self.installFix : "check DNS, the firewall and any proxy for \(origin)"
            return PreflightResult(name, side, .fail, "\(origin): \(error.message)", fix: fix)
        } catch {
            return PreflightResult(name, side, .fail, "\(origin): \(error)", fix: Self.installFix)
        }
    }

    /// `https://host[:port]` of `url`.
    static func origin(of url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        let host = afterScheme.prefix { $0 != "/" && $0 != "?" }
        return "https://" + host
    }
}
