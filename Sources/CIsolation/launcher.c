// The child half of isolation mode, between fork(2) and execve(2).
//
// Why C, and why here: network and mount namespaces belong to a thread, and unshare(CLONE_NEWNS) (like
// CLONE_NEWUSER) refuses a process whose threads share their filesystem information, which every Swift
// process does (the runtime and Dispatch start threads). So a forked child, which has exactly one thread,
// makes the namespaces. After a fork from a multi-threaded process the child may only make
// async-signal-safe calls until it execs: another thread may have held malloc's lock or the Swift
// runtime's at the moment of the fork. This file does only system calls and plain memory copies on data
// the parent prepared before forking; Swift cannot promise that about its own code.
//
// The child (all signals blocked since before the fork): resets signal dispositions, marks every inherited descriptor close-on-exec, unshares,
// makes / private (recursively), brings `lo` up, adds the alias address, creates the listening sockets,
// makes the bind mounts, sends the sockets to the parent (SCM_RIGHTS), waits for the parent's go-ahead
// (the parent serves the sockets first, so the program's first connection finds a listener), restores
// the signal mask and execs. A failure at any step is reported on the control socket with its errno.
#define _GNU_SOURCE
#include "CIsolation.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/// Writes a failure report and exits. Never returns.
static void fail(int control_fd, int32_t stage, int32_t error, int32_t index) {
    struct CIsolation_report report;
    memset(&report, 0, sizeof report);
    report.stage = stage;
    report.error = error;
    report.index = index;
    ssize_t ignored = write(control_fd, &report, sizeof report);
    (void)ignored;
    _exit(127);
}

/// `strlen` is async-signal-safe only from POSIX 2016 on; this loop always is.
static size_t length(const char *text) {
    size_t n = 0;
    while (text[n] != '\0') n++;
    return n;
}

/// Writes `text` to the file at `path` in one write(2), as /proc's map files require. 0, or errno.
static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    size_t n = length(text);
    ssize_t written = write(fd, text, n);
    int error = written == (ssize_t)n ? 0 : (written < 0 ? errno : EIO);
    close(fd);
    return error;
}

/// Every signal back to its default action (a caught or ignored signal in the parent must not stay
/// ignored in the program). Signals stay blocked (CIsolation_spawn) until just before exec, so one sent
/// during the setup acts on the program.
static void reset_signal_actions(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal == SIGKILL || signal == SIGSTOP) continue;
        (void)sigaction(signal, &action, NULL);  // EINVAL for the C library's reserved signals: fine
    }
}

/// Every descriptor from 3 up close-on-exec, so the program inherits only standard input, output and
/// error (the parent's server sockets, epoll and pipes stay out of it).
static void mark_descriptors_close_on_exec(void) {
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    for (int fd = 3; fd < 65536; fd++) {  // kernels before 5.11
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC)) (void)fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

static void enter_namespaces(const struct CIsolation_plan *plan, int control_fd, struct CIsolation_report *ready) {
    int use_user = plan->mode == CIsolation_mode_user;
    if (!use_user) {
        if (unshare(CLONE_NEWNET | CLONE_NEWNS) == 0) return;
        if (!(plan->mode == CIsolation_mode_plain_then_user && errno == EPERM)) fail(control_fd, CIsolation_stage_unshare, errno, 0);
    }
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS) != 0) fail(control_fd, CIsolation_stage_unshare_user, errno, 0);
    ready->user_namespace = 1;
    // An unprivileged process may map only its own ids, and only after giving up setgroups(2).
    int error = write_file("/proc/self/setgroups", "deny");
    if (error != 0 && error != ENOENT) fail(control_fd, CIsolation_stage_setgroups, error, 0);
    if ((error = write_file("/proc/self/uid_map", plan->uid_map)) != 0) fail(control_fd, CIsolation_stage_uid_map, error, 0);
    if ((error = write_file("/proc/self/gid_map", plan->gid_map)) != 0) fail(control_fd, CIsolation_stage_gid_map, error, 0);
}

/// `name` into the interface request (manual copy: no strncpy before POSIX 2016).
static void set_name(struct ifreq *request, const char *name) {
    memset(request, 0, sizeof *request);
    for (size_t i = 0; name[i] != '\0' && i + 1 < IFNAMSIZ; i++) request->ifr_name[i] = name[i];
}

static void set_ipv4(struct sockaddr *target, uint32_t address) {
    struct sockaddr_in in;
    memset(&in, 0, sizeof in);
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = address;
    memcpy(target, &in, sizeof in);
}

/// `lo` up (a new network namespace has it down), and the alias as a /32 on `lo:0` (SIOCSIFADDR on a
/// label: no netlink, no `ip` binary).
static void configure_loopback(const struct CIsolation_plan *plan, int control_fd) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) fail(control_fd, CIsolation_stage_loopback_up, errno, 0);
    struct ifreq request;
    set_name(&request, "lo");
    if (ioctl(sock, SIOCGIFFLAGS, &request) != 0) fail(control_fd, CIsolation_stage_loopback_up, errno, 0);
    request.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &request) != 0) fail(control_fd, CIsolation_stage_loopback_up, errno, 0);
    if (plan->loopback_alias != 0) {
        set_name(&request, "lo:0");
        set_ipv4(&request.ifr_addr, plan->loopback_alias);
        if (ioctl(sock, SIOCSIFADDR, &request) != 0) fail(control_fd, CIsolation_stage_loopback_alias, errno, 0);
        set_name(&request, "lo:0");
        set_ipv4(&request.ifr_netmask, 0xFFFFFFFFu);
        if (ioctl(sock, SIOCSIFNETMASK, &request) != 0) fail(control_fd, CIsolation_stage_loopback_alias, errno, 0);
    }
    close(sock);
}

static void open_listeners(const struct CIsolation_plan *plan, int control_fd, int *fds) {
    for (size_t i = 0; i < plan->listener_count; i++) {
        const struct CIsolation_listener *listener = &plan->listeners[i];
        int type = listener->datagram ? SOCK_DGRAM : SOCK_STREAM;
        int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
        if (fd < 0) fail(control_fd, CIsolation_stage_listener, errno, (int32_t)i);
        int one = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in address;
        memset(&address, 0, sizeof address);
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = listener->address;
        address.sin_port = htons(listener->port);
        if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) fail(control_fd, CIsolation_stage_listener, errno, (int32_t)i);
        if (!listener->datagram && listen(fd, 1024) != 0) fail(control_fd, CIsolation_stage_listener, errno, (int32_t)i);
        fds[i] = fd;
    }
}

static void make_mounts(const struct CIsolation_plan *plan, int control_fd, struct CIsolation_report *ready) {
    for (size_t i = 0; i < plan->mount_count; i++) {
        struct stat status;
        // stat follows symbolic links, as mount does: a dangling /etc/resolv.conf is skipped.
        if (stat(plan->mounts[i].target, &status) != 0) continue;
        if (mount(plan->mounts[i].source, plan->mounts[i].target, NULL, MS_BIND, NULL) != 0) {
            fail(control_fd, CIsolation_stage_bind_mount, errno, (int32_t)i);
        }
        ready->mounted |= (uint64_t)1 << i;
    }
}

static void send_ready(int control_fd, const struct CIsolation_report *ready, const int *fds, size_t count) {
    struct iovec vector = {.iov_base = (void *)ready, .iov_len = sizeof *ready};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * CIsolation_max_listeners)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    if (count > 0) {
        message.msg_control = control.buffer;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
    }
    ssize_t sent;
    do { sent = sendmsg(control_fd, &message, MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    if (sent != (ssize_t)sizeof *ready) fail(control_fd, CIsolation_stage_send, sent < 0 ? errno : EIO, 0);
}

/// Moves `fd` onto `target` unless it is -1 (inherit).
static void redirect(int fd, int target, int control_fd) {
    if (fd < 0 || fd == target) return;
    if (dup2(fd, target) < 0) fail(control_fd, CIsolation_stage_standard_io, errno, target);
}

static void run_child(const struct CIsolation_plan *plan, int control_fd) {
    reset_signal_actions();
    mark_descriptors_close_on_exec();
    if (plan->listener_count > CIsolation_max_listeners) fail(control_fd, CIsolation_stage_listener, E2BIG, 0);
    if (plan->mount_count > CIsolation_max_mounts) fail(control_fd, CIsolation_stage_bind_mount, E2BIG, 0);

    struct CIsolation_report ready;
    memset(&ready, 0, sizeof ready);
    enter_namespaces(plan, control_fd, &ready);
    // Nothing mounted here may propagate back to the host's mount namespace (shared is systemd's default).
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail(control_fd, CIsolation_stage_mount_private, errno, 0);
    configure_loopback(plan, control_fd);
    int fds[CIsolation_max_listeners];
    open_listeners(plan, control_fd, fds);
    make_mounts(plan, control_fd, &ready);
    send_ready(control_fd, &ready, fds, plan->listener_count);
    for (size_t i = 0; i < plan->listener_count; i++) close(fds[i]);

    // The go-ahead: the parent serves the sockets first. End of file means it gave up.
    char go = 0;
    ssize_t got;
    do { got = read(control_fd, &go, 1); } while (got < 0 && errno == EINTR);
    if (got != 1) _exit(125);

    redirect(plan->stdin_fd, 0, control_fd);
    redirect(plan->stdout_fd, 1, control_fd);
    redirect(plan->stderr_fd, 2, control_fd);
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    execve(plan->path, plan->argv, plan->envp);
    fail(control_fd, CIsolation_stage_exec, errno, 0);
}

pid_t CIsolation_spawn(const struct CIsolation_plan *plan, int control_fd, int parent_fd) {
    // Every signal blocked across the fork, so none runs one of the parent's handlers in the child
    // before run_child has reset them; the child unblocks everything just before execve.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t pid = fork();
    if (pid != 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
        errno = saved;
        return pid;
    }
    close(parent_fd);
    run_child(plan, control_fd);
    _exit(127);  // not reached: run_child execs or fails
}

int CIsolation_receive(int fd, struct CIsolation_report *report, int *fds, size_t max_fds, size_t *fd_count) {
    *fd_count = 0;
    if (max_fds > CIsolation_max_listeners) max_fds = CIsolation_max_listeners;
    struct iovec vector = {.iov_base = report, .iov_len = sizeof *report};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * CIsolation_max_listeners)];
        struct cmsghdr align;
    } control;
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.buffer;
    message.msg_controllen = sizeof control.buffer;
    ssize_t got;
    do { got = recvmsg(fd, &message, MSG_CMSG_CLOEXEC); } while (got < 0 && errno == EINTR);
    if (got < 0) return -1;
    if (got == 0) return 0;

    size_t received = 0;
    int all[CIsolation_max_listeners];
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header != NULL; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count && received < CIsolation_max_listeners; i++) {
            memcpy(&all[received++], CMSG_DATA(header) + i * sizeof(int), sizeof(int));
        }
    }
    if (got != (ssize_t)sizeof *report || (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || received > max_fds) {
        for (size_t i = 0; i < received; i++) close(all[i]);
        errno = EPROTO;
        return -1;
    }
    memcpy(fds, all, sizeof(int) * received);
    *fd_count = received;
    return 1;
}
