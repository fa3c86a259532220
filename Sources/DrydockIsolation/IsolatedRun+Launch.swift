internal import CIsolation
import Glibc

extension IsolatedRun {
    /// What is running once the child reported ready: the resolver, and what the child made.
    struct Started {
        let resolver: DNSServer
        let usesUserNamespace: Bool
        let replacedFiles: [String]

        func makeProcess(pid: pid_t) -> IsolatedProcess {
            IsolatedProcess(pid: pid, usesUserNamespace: usesUserNamespace, replacedFiles: replacedFiles, resolver: resolver)
        }
    }

    /// Hands the listeners to `startServices` and starts the resolver on its two sockets.
    func serve(
        ready: ControlChannel.Ready, mounts: [PrivateEtcFiles.Mount], startServices: (IsolatedSockets) throws -> Void
    ) throws(ChildFailure) -> Started {
        let listenerCount = configuration.listeners.count
        let sockets = IsolatedSockets(Dictionary(uniqueKeysWithValues: zip(configuration.listeners, ready.descriptors.prefix(listenerCount))))
        let udp = ready.descriptors[listenerCount], tcp = ready.descriptors[listenerCount + 1]
        do {
            try startServices(sockets)
        } catch {
            sockets.closeUntaken()
            close(udp)
            close(tcp)
            throw .services("\(error)")
        }
        sockets.closeUntaken()
        let resolver: DNSServer
        do {
            resolver = try DNSServer(answerer: DNSAnswerer(hosts: configuration.hosts), udp: udp, tcp: tcp, report: configuration.onBlockedName)
        } catch {
            close(udp)
            close(tcp)
            throw .resolver(error)
        }
        let replaced = mounts.enumerated().filter { ready.report.mounted & (UInt64(1) << UInt64($0.offset)) != 0 }.map(\.element.target)
        return Started(resolver: resolver, usesUserNamespace: ready.report.user_namespace != 0, replacedFiles: replaced)
    }

    /// The error for a launch that failed after the fork, naming the step, the errno and the remedy.
    func describe(
        _ failure: ChildFailure, root: Bool, command: String, path: String, sockets: [LaunchPlan.Socket], mounts: [PrivateEtcFiles.Mount]
    ) -> IsolationError {
        switch failure {
        case .channel(let message):
            return IsolationError(code: .launchFailed, message: "cannot isolate the command: \(message)")
        case .services(let message):
            return IsolationError(code: .servicesFailed, message: "cannot start the services inside the isolated namespace: \(message)")
        case .resolver(let error):
            return error
        case .child(let report):
            return describe(report, root: root, command: command, path: path, sockets: sockets, mounts: mounts)
        }
    }

    private func describe(
        _ report: CIsolation_report, root: Bool, command: String, path: String, sockets: [LaunchPlan.Socket],
        mounts: [PrivateEtcFiles.Mount]
    ) -> IsolationError {
        let error = report.error, index = Int(report.index)
        let reason = IsolationError.errnoText(error)
        func setup(_ step: String) -> IsolationError {
            IsolationError(code: .setupFailed, message: "cannot isolate the command: \(step) failed inside the new namespaces: \(reason)")
        }
        switch CIsolation_stage(rawValue: UInt32(bitPattern: report.stage)) {
        case CIsolation_stage_unshare:
            return NamespaceDiagnosis.refused(error: error, userNamespace: false, root: root)
        case CIsolation_stage_unshare_user:
            return NamespaceDiagnosis.refused(error: error, userNamespace: true, root: root)
        case CIsolation_stage_setgroups, CIsolation_stage_uid_map, CIsolation_stage_gid_map:
            return IsolationError(
                code: .namespacesUnavailable,
                message: "cannot isolate the command: mapping uid \(geteuid()) and gid \(getegid()) into the new user namespace failed: \(reason)")
        case CIsolation_stage_mount_private:
            return setup("making / a private mount (mount MS_REC|MS_PRIVATE)")
        case CIsolation_stage_loopback_up:
            return setup("bringing lo up (ioctl SIOCSIFFLAGS)")
        case CIsolation_stage_loopback_alias:
            return setup("adding \(EmulatedHosts.metadataAddress)/32 to lo (ioctl SIOCSIFADDR on lo:0)")
        case CIsolation_stage_listener:
            let socket = sockets.indices.contains(index) ? sockets[index] : nil
            let what = socket.map { "\($0.datagram ? "UDP" : "TCP") \(Self.text($0.address)):\($0.port)" } ?? "socket \(index)"
            return setup("listening on \(what)")
        case CIsolation_stage_bind_mount:
            let what = mounts.indices.contains(index) ? "bind-mounting \(mounts[index].source) over \(mounts[index].target)" : "a bind mount"
            return setup(what)
        case CIsolation_stage_exec:
            let code: IsolationError.Code = error == ENOENT ? .commandNotFound : .commandNotExecutable
            return IsolationError(code: code, message: "cannot run '\(command)' (\(path)) in the isolated namespace: \(reason)")
        default:
            return IsolationError(code: .launchFailed, message: "cannot isolate the command: step \(report.stage) failed: \(reason)")
        }
    }

    /// A network-order IPv4 address as text.
    static func text(_ address: UInt32) -> String {
        var value = in_addr(s_addr: address)
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &value, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
