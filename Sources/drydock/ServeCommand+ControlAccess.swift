import ArgumentParser
import DrydockCore
import EmulatorKit
import Foundation

/// `--control-token` and the control API's access rules for `drydock emulators serve`.
extension ServeCommand {
    /// A hand-picked token shorter than this is refused: on a non-loopback address it is all that keeps
    /// the network out.
    static let minimumTokenLength = 16

    /// A non-loopback `--host` needs a control token (`--control-token`, or one generated into `--sandbox`);
    /// a given token must be usable in a Bearer header and long enough. Usage errors (exit 64).
    func validateControlAccess() throws {
        if let controlToken {
            guard controlToken.count >= Self.minimumTokenLength,
                  controlToken.unicodeScalars.allSatisfy({ $0.isASCII && Self.token68.contains(Character($0)) }) else {
                throw ValidationError(
                    "--control-token must be at least \(Self.minimumTokenLength) characters of A-Z a-z 0-9 - . _ ~ + / = "
                        + "(it is sent as Authorization: Bearer TOKEN); got \(controlToken.count) characters")
            }
        }
        guard !ControlAccess.isLoopback(host), controlToken == nil, sandbox == nil else { return }
        throw ValidationError(
            "--host \(host) is not a loopback address, so anyone who can reach it could reset the emulators, inject "
                + "faults and read the journal through the control API. Give --control-token TOKEN (at least "
                + "\(Self.minimumTokenLength) random characters, e.g. from `openssl rand -hex 24`), or --sandbox DIR to "
                + "have one generated into DIR/control_token; clients then send Authorization: Bearer TOKEN. Or serve on "
                + "127.0.0.1.")
    }

    /// `--control-token`; else a newly generated one when serving beyond loopback with a sandbox to put it
    /// in; else none.
    func makeControlToken() -> String? {
        if let controlToken { return controlToken }
        guard !ControlAccess.isLoopback(host), sandbox != nil else { return nil }
        return ControlAccess.generateToken()
    }

    /// The rules for this server: its host and `port` (nil before it has bound), the machine's name too
    /// when listening on every interface, and `token`.
    func controlAccess(port: Int?, token: String?) -> ControlAccess {
        var extra: [String] = []
        if ControlAccess.isWildcard(host), let name = HostName.current() { extra.append(name) }
        return ControlAccess(listeningHost: host, listeningPort: port, extraHostNames: extra, token: token)
    }

    private static let token68 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=")
}
