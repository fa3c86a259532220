/// The variables that send a program's traffic through the interception proxy and make it trust the
/// sandbox CA, whatever it is written in.
public enum InterceptionEnvironment {
    /// Proxy variables, both spellings (curl reads only lowercase `http_proxy`; others read uppercase).
    public static let proxyVariableNames = ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]
    /// Loopback stays direct, so endpoint variables pointing at the edge (http://127.0.0.1:…) and the
    /// control API are not sent through the proxy.
    public static let noProxy = "127.0.0.1,localhost,::1"
    /// Trust-store variables: OpenSSL (and Python's ssl, Ruby, git via OpenSSL) `SSL_CERT_FILE`, requests
    /// `REQUESTS_CA_BUNDLE`, curl `CURL_CA_BUNDLE`, botocore and the aws CLI `AWS_CA_BUNDLE`, httplib2
    /// `HTTPLIB2_CA_CERTS`, Node `NODE_EXTRA_CA_CERTS` (added to its built-in roots), git `GIT_SSL_CAINFO`.
    public static let trustStoreVariableNames = [
        "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "AWS_CA_BUNDLE", "HTTPLIB2_CA_CERTS", "NODE_EXTRA_CA_CERTS",
        "GIT_SSL_CAINFO",
    ]

    /// Every variable, in a fixed order: the proxy variables set to `proxyURL`, `NO_PROXY`/`no_proxy`,
    /// and the trust-store variables set to `bundlePath` (the system roots plus the sandbox CA).
    public static func variables(proxyURL: String, bundlePath: String) -> [(name: String, value: String)] {
        proxyVariableNames.map { ($0, proxyURL) } + [("NO_PROXY", noProxy), ("no_proxy", noProxy)]
            + trustStoreVariableNames.map { ($0, bundlePath) }
    }

    /// `export NAME='value'` lines for a shell to `eval`.
    public static func exportLines(_ variables: [(name: String, value: String)]) -> [String] {
        variables.map { "export \($0.name)='\($0.value.replacingOccurrences(of: "'", with: "'\\''"))'" }
    }
}

extension InterceptingProxy {
    /// `InterceptionEnvironment.variables` for this proxy and its CA bundle.
    public var environmentVariables: [(name: String, value: String)] {
        InterceptionEnvironment.variables(proxyURL: proxyURL, bundlePath: authority.bundlePath)
    }

    /// `export` lines of `environmentVariables`.
    public func exportLines() -> [String] { InterceptionEnvironment.exportLines(environmentVariables) }
}
