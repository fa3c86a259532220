#ifndef DRYDOCK_CMICROHTTPD_SHIM_H
#define DRYDOCK_CMICROHTTPD_SHIM_H
// Typed, non-variadic wrappers around libmicrohttpd: MHD_start_daemon takes varargs options,
// MHD_get_connection_info returns a union, and a few constants are cast macros. Swift sees only these.
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <malloc.h>
#include <sys/resource.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <microhttpd.h>

typedef enum MHD_Result (*CMHD_AccessHandler)(void *cls, struct MHD_Connection *connection,
    const char *url, const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls);
typedef void (*CMHD_CompletedHandler)(void *cls, struct MHD_Connection *connection, void **con_cls,
    enum MHD_RequestTerminationCode toe);
typedef void *(*CMHD_URILogger)(void *cls, const char *uri, struct MHD_Connection *connection);
typedef void (*CMHD_ConnectionNotifier)(void *cls, struct MHD_Connection *connection, void **socket_context,
    enum MHD_ConnectionNotificationCode code);
typedef enum MHD_Result (*CMHD_KeyValueIterator)(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value);
typedef ssize_t (*CMHD_ContentReader)(void *cls, uint64_t pos, char *buf, size_t max);
typedef void (*CMHD_ContentReaderFree)(void *cls);

/// Starts a daemon with an idle timeout, a per-connection memory limit (which bounds request line and
/// header size), a connection limit, a pool of `thread_pool_size` event-loop threads (0 or 1: one), and
/// callbacks that all receive `cls`:
/// - `uri_logger` sees the raw request target (path and query, not yet unescaped); its result becomes
///   the request's `*con_cls`;
/// - `completed` runs once per request that reached `uri_logger` or the handler, to free `*con_cls`;
/// - `notifier` runs when a TCP connection starts and closes, with the connection's `*socket_context`.
/// With `listen_fd` >= 0 the daemon accepts on that already bound and listening socket (so bind errors
/// keep their errno), owns it and closes it in MHD_stop_daemon; with -1 (and MHD_USE_NO_LISTEN_SOCKET in
/// `flags`) it serves only the connections given to it with MHD_add_connection. Returns NULL on failure.
static inline struct MHD_Daemon *CMHD_start_daemon(unsigned int flags, int listen_fd,
    CMHD_AccessHandler handler, CMHD_CompletedHandler completed, CMHD_URILogger uri_logger,
    CMHD_ConnectionNotifier notifier, void *cls,
    unsigned int connection_timeout_seconds, size_t connection_memory_limit, unsigned int connection_limit,
    unsigned int thread_pool_size) {
    struct MHD_OptionItem listen[] = {
        { listen_fd >= 0 ? MHD_OPTION_LISTEN_SOCKET : MHD_OPTION_END, (intptr_t)listen_fd, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, cls,
        MHD_OPTION_ARRAY, listen,
        MHD_OPTION_NOTIFY_COMPLETED, completed, cls,
        MHD_OPTION_URI_LOG_CALLBACK, uri_logger, cls,
        MHD_OPTION_NOTIFY_CONNECTION, notifier, cls,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size > 1 ? thread_pool_size : 0,
        MHD_OPTION_END);
}

/// The epoll descriptor of a daemon started without an internal thread (MHD_USE_EPOLL), or -1.
static inline int CMHD_daemon_epoll_fd(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_EPOLL_FD);
    return info == NULL ? -1 : info->epoll_fd;
}

/// accept4(2) with SOCK_CLOEXEC | SOCK_NONBLOCK, so a connection accepted while another thread forks never
/// leaks into the child (glibc declares accept4 only under _GNU_SOURCE, which the Swift module lacks).
static inline int CMHD_accept(int listen_fd, struct sockaddr *address, socklen_t *length) {
    return (int)syscall(SYS_accept4, listen_fd, address, length, O_CLOEXEC | O_NONBLOCK); // SOCK_CLOEXEC, SOCK_NONBLOCK on Linux
}

/// The connections a daemon holds (open or suspended).
static inline int CMHD_daemon_connections(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info == NULL ? 0 : (int)info->num_connections;
}

/// Milliseconds until the daemon has work of its own (a connection timeout, or data it already read and
/// has not processed: 0), or -1 when it has none and may wait for its epoll descriptor indefinitely.
static inline long long CMHD_daemon_timeout_ms(struct MHD_Daemon *daemon) {
    MHD_UNSIGNED_LONG_LONG milliseconds = 0;
    if (MHD_get_timeout(daemon, &milliseconds) != MHD_YES) return -1;
    return milliseconds > (MHD_UNSIGNED_LONG_LONG)INT32_MAX ? INT32_MAX : (long long)milliseconds;
}

/// The daemon serving `connection`.
static inline struct MHD_Daemon *CMHD_connection_daemon(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_DAEMON);
    return info == NULL ? NULL : info->daemon;
}

/// The `*socket_context` the connection notifier stored for this connection, or NULL.
static inline void *CMHD_connection_socket_context(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/// The connection's socket, or -1.
static inline int CMHD_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info ? (int)info->connect_fd : -1;
}

/// The peer's IP address as text (IPv4 or IPv6) written into `buf`; 0 on success, -1 otherwise.
static inline int CMHD_connection_peer(struct MHD_Connection *connection, char *buf, size_t len) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return -1;
    const struct sockaddr *addr = info->client_addr;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)addr;
        return inet_ntop(AF_INET, &sin->sin_addr, buf, (socklen_t)len) ? 0 : -1;
    }
    if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)addr;
        return inet_ntop(AF_INET6, &sin6->sin6_addr, buf, (socklen_t)len) ? 0 : -1;
    }
    return -1;
}

/// Calls `iterator` for each value of `kind` in the order received; returns how many there were.
static inline int CMHD_get_values(struct MHD_Connection *connection, enum MHD_ValueKind kind,
    CMHD_KeyValueIterator iterator, void *cls) {
    return MHD_get_connection_values(connection, kind, iterator, cls);
}

/// Sets SO_LINGER {1, 0} so closing the socket sends a TCP RST (the `reset` fault).
static inline int CMHD_set_linger_zero(int fd) {
    struct linger l = { 1, 0 };
    return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}

/// Aborts a connected TCP socket now: with linger zero, disconnecting (connect to AF_UNSPEC) makes
/// Linux send a RST immediately, before MHD's own close path gets to shut the socket down gracefully
/// with a FIN (which a client would see as an empty reply rather than a reset).
static inline int CMHD_abort_socket(int fd) {
    if (CMHD_set_linger_zero(fd) != 0) return -1;
    struct sockaddr unspec;
    memset(&unspec, 0, sizeof(unspec));
    unspec.sa_family = AF_UNSPEC;
    return connect(fd, &unspec, sizeof(unspec));
}

/// poll(2)'s "peer closed its end" flag, which glibc only exposes under _GNU_SOURCE.
static inline short CMHD_POLLRDHUP(void) {
#ifdef POLLRDHUP
    return POLLRDHUP;
#else
    return 0x2000;
#endif
}

/// Milliseconds since data last arrived on a TCP socket (`tcpi_last_data_recv`, kernel-tick granular),
/// or -1 when the kernel cannot tell.
static inline long long CMHD_tcp_milliseconds_since_data(int fd) {
    struct tcp_info info;
    socklen_t length = sizeof(info);
    memset(&info, 0, sizeof(info));
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0
        || length < offsetof(struct tcp_info, tcpi_last_data_recv) + sizeof(info.tcpi_last_data_recv)) return -1;
    return (long long)info.tcpi_last_data_recv;
}

/// Raises the soft limit on open files toward `wanted` (at most the hard limit); returns the soft
/// limit in force afterwards, or -1 if it cannot be read.
static inline long long CMHD_raise_open_file_limit(unsigned long long wanted) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
        rlim_t target = (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > wanted) ? (rlim_t)wanted : limit.rlim_max;
        if (target > limit.rlim_cur) {
            struct rlimit raised = { target, limit.rlim_max };
            if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = target;
        }
    }
    return limit.rlim_cur == RLIM_INFINITY ? (long long)wanted : (long long)limit.rlim_cur;
}

/// A content reader's "stop and close the connection" result.
static inline ssize_t CMHD_CONTENT_READER_END_WITH_ERROR(void) { return MHD_CONTENT_READER_END_WITH_ERROR; }
#endif
