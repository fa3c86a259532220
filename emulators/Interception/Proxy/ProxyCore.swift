import DrydockHTTP
import EmulatorKit

/// What every connection thread shares: the router (for the journal), the CA, the two edge servers the
/// decrypted and clear-text streams are relayed to, the SNI context and the connection registry.
final class ProxyCore: Sendable {
    let router: EdgeRouter
    let authority: SandboxCertificateAuthority
    let configuration: InterceptingProxy.Configuration
    let registry: ConnectionRegistry
    let httpsEdgePort: Int
    let httpEdgePort: Int
    let dispatcher: SNIDispatcher
    /// The certificate-less context whose servername callback picks a host's (see `SNIDispatcher`).
    let sniContext: TLSServerContext

    init(
        router: EdgeRouter, authority: SandboxCertificateAuthority, configuration: InterceptingProxy.Configuration,
        httpsEdgePort: Int, httpEdgePort: Int
    ) throws(InterceptionError) {
        self.router = router
        self.authority = authority
        self.configuration = configuration
        self.httpsEdgePort = httpsEdgePort
        self.httpEdgePort = httpEdgePort
        registry = ConnectionRegistry(limit: configuration.connectionLimit)
        let dispatcher = SNIDispatcher(authority: authority, router: router)
        self.dispatcher = dispatcher
        do {
            // Unretained: the context lives in this object, next to the dispatcher it points at.
            sniContext = try TLSServerContext.dispatching(
                servername: SNIDispatcher.callback, argument: Unmanaged.passUnretained(dispatcher).toOpaque())
        } catch {
            throw InterceptionError(code: .tls, message: "cannot set up TLS: \(error)")
        }
    }
}
