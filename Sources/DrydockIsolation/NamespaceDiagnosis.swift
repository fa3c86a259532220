import Foundation

/// Turns a refused unshare(2) into a message that names the cause and the remedy, from the errno and
/// the kernel settings that govern namespaces (read through `setting`, injected so tests need no kernel).
enum NamespaceDiagnosis {
    /// Reads `/proc/sys/<name with dots as slashes>`, trimmed; nil when the file does not exist.
    static func kernelSetting(_ name: String) -> String? {
        let path = "/proc/sys/" + name.replacingOccurrences(of: ".", with: "/")
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// - Parameters:
    ///   - error: unshare's errno.
    ///   - userNamespace: whether the refused call asked for a user namespace (the unprivileged path, or
    ///     root's fallback after plain unshare was refused).
    ///   - root: whether the process runs with effective uid 0.
    static func refused(
        error: Int32, userNamespace: Bool, root: Bool, setting: (String) -> String? = kernelSetting
    ) -> IsolationError {
        let call = userNamespace ? "unshare(CLONE_NEWUSER|CLONE_NEWNET|CLONE_NEWNS)" : "unshare(CLONE_NEWNET|CLONE_NEWNS)"
        let what = "cannot isolate the command: \(call) failed: \(IsolationError.errnoText(error))"
        return IsolationError(
            code: .namespacesUnavailable,
            message: "\(what). \(cause(error: error, userNamespace: userNamespace, root: root, setting: setting))")
    }

    static func cause(error: Int32, userNamespace: Bool, root: Bool, setting: (String) -> String?) -> String {
        if error == EINVAL {
            return "The kernel lacks network, mount or user namespaces (CONFIG_NET_NS, CONFIG_USER_NS), or the process is "
                + "in a chroot; run on a kernel with namespaces, or without --isolate (proxy variables only)."
        }
        guard userNamespace else {
            return "Creating network and mount namespaces needs CAP_SYS_ADMIN; run as root, or let drydock use an "
                + "unprivileged user namespace."
        }
        let prefix = root ? "Root lacks CAP_SYS_ADMIN here (a container without --cap-add SYS_ADMIN), and " : ""
        if setting("kernel.unprivileged_userns_clone") == "0" {
            return prefix + "kernel.unprivileged_userns_clone=0 forbids unprivileged user namespaces; run as root, or allow "
                + "them with `sysctl -w kernel.unprivileged_userns_clone=1`."
        }
        if setting("kernel.apparmor_restrict_unprivileged_userns") == "1" {
            return prefix + "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, "
                + "the default since Ubuntu 23.10); run as root, give drydock an AppArmor profile that allows `userns,`, or "
                + "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`."
        }
        if setting("user.max_user_namespaces") == "0" {
            return prefix + "user.max_user_namespaces=0 forbids user namespaces; run as root, or raise it with "
                + "`sysctl -w user.max_user_namespaces=10000`."
        }
        if error == ENOSPC || error == EUSERS {
            return prefix + "the limit on nested or per-user namespaces (user.max_user_namespaces) is reached; raise it, or "
                + "end other sandboxes."
        }
        return prefix + "the kernel or a seccomp filter forbids unprivileged user namespaces here (a container runtime's "
            + "default seccomp profile does); run as root on the host, or the container with --cap-add SYS_ADMIN."
    }
}
