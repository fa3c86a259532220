#ifndef DRYDOCK_CISOLATION_H
#define DRYDOCK_CISOLATION_H
// The part of isolation mode that runs between fork(2) and execve(2), where a multi-threaded parent's
// child may only make async-signal-safe calls: no allocation, no locks, no Swift runtime. Everything it
// needs (strings, argv, envp, addresses) is prepared by the parent before the fork. See launcher.c.
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

/// How the child gets its network and mount namespaces.
enum CIsolation_mode {
    /// unshare(CLONE_NEWNET | CLONE_NEWNS): needs CAP_SYS_ADMIN (root).
    CIsolation_mode_plain = 0,
    /// unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS), then the uid/gid maps: unprivileged, where
    /// the kernel allows unprivileged user namespaces.
    CIsolation_mode_user = 1,
    /// Plain; on EPERM (root without CAP_SYS_ADMIN, as in a container), a user namespace.
    CIsolation_mode_plain_then_user = 2,
};

/// Where the child stopped. `ready` is success: the listening sockets come with the report.
enum CIsolation_stage {
    CIsolation_stage_ready = 0,
    CIsolation_stage_unshare = 1,
    CIsolation_stage_unshare_user = 2,
    CIsolation_stage_setgroups = 3,
    CIsolation_stage_uid_map = 4,
    CIsolation_stage_gid_map = 5,
    CIsolation_stage_mount_private = 6,
    CIsolation_stage_loopback_up = 7,
    CIsolation_stage_loopback_alias = 8,
    CIsolation_stage_listener = 9,
    CIsolation_stage_bind_mount = 10,
    CIsolation_stage_send = 11,
    CIsolation_stage_standard_io = 12,
    CIsolation_stage_exec = 13,
};

enum {
    /// At most this many listeners and mounts per plan.
    CIsolation_max_listeners = 16,
    CIsolation_max_mounts = 64,
};

/// What the child reports on the control socket: once `ready` (with the listeners as SCM_RIGHTS), or once
/// a failure (then it exits 127). A successful execve closes the socket (close-on-exec) without a word.
struct CIsolation_report {
    int32_t stage;
    /// errno of the failed call; 0 when ready.
    int32_t error;
    /// Which listener or mount failed.
    int32_t index;
    /// 1 when the namespaces are owned by a new user namespace.
    int32_t user_namespace;
    /// Bit i set: mount i was made (its target existed).
    uint64_t mounted;
};

/// A socket to create inside the new network namespace.
struct CIsolation_listener {
    /// IPv4 address, network byte order.
    uint32_t address;
    /// Port, host byte order.
    uint16_t port;
    /// 1: UDP; 0: a listening TCP socket.
    int32_t datagram;
};

/// A bind mount made inside the new mount namespace; skipped when `target` does not exist.
struct CIsolation_mount {
    const char *source;
    const char *target;
};

struct CIsolation_plan {
    int32_t mode;
    /// Written to /proc/self/uid_map and gid_map with a user namespace ("inside outside 1\n").
    const char *uid_map;
    const char *gid_map;
    /// An extra /32 address on `lo` (network byte order); 0 for none.
    uint32_t loopback_alias;
    const struct CIsolation_listener *listeners;
    size_t listener_count;
    const struct CIsolation_mount *mounts;
    size_t mount_count;
    /// The program (an absolute or relative path; no PATH search here), its argv and envp (NULL-ended).
    const char *path;
    char *const *argv;
    char *const *envp;
    /// Descriptors (above 2) to become the program's standard input, output and error; -1 inherits.
    int32_t stdin_fd;
    int32_t stdout_fd;
    int32_t stderr_fd;
};

/// fork()s a child that sets up the namespaces as `plan` says, reports on `control_fd` (one end of a
/// SOCK_SEQPACKET socketpair; `parent_fd`, the other end, is closed in the child), waits for one byte
/// from the parent on it, then execs the program. Returns the child's pid, or -1 with errno.
pid_t CIsolation_spawn(const struct CIsolation_plan *plan, int control_fd, int parent_fd);

/// Parent side: reads one report from `fd` with up to `max_fds` descriptors (received close-on-exec)
/// into `fds`, their number into `*fd_count`. Returns 1 for a report, 0 at end of file (the child exec'd
/// or died), -1 with errno on failure (descriptors received with a malformed message are closed).
int CIsolation_receive(int fd, struct CIsolation_report *report, int *fds, size_t max_fds, size_t *fd_count);

/// accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC): Swift's Glibc module hides the GNU calls.
int CIsolation_accept(int fd);

#endif
