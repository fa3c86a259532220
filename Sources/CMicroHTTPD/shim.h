#ifndef DRYDOCK_CMICROHTTPD_SHIM_H
#define DRYDOCK_CMICROHTTPD_SHIM_H
// Typed, non-variadic wrappers around libmicrohttpd: MHD_start_daemon takes varargs options,
// and MHD_get_connection_info returns a union. Swift sees only these.
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <microhttpd.h>

typedef enum MHD_Result (*CMHD_AccessHandler)(void *cls, struct MHD_Connection *connection,
    const char *url, const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls);
typedef void (*CMHD_CompletedHandler)(void *cls, struct MHD_Connection *connection, void **con_cls,
    enum MHD_RequestTerminationCode toe);
typedef enum MHD_Result (*CMHD_KeyValueIterator)(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value);
typedef ssize_t (*CMHD_ContentReader)(void *cls, uint64_t pos, char *buf, size_t max);
typedef void (*CMHD_ContentReaderFree)(void *cls);

/// Starts a daemon bound to `address` (an IPv4 sockaddr_in, network order) with one thread per
/// connection, a connection timeout, a connection memory limit (which bounds header and URL size)
/// and a completion callback.
static inline struct MHD_Daemon *CMHD_start_daemon(unsigned int flags, const struct sockaddr *address,
    CMHD_AccessHandler handler, void *handler_cls, CMHD_CompletedHandler completed, void *completed_cls,
    unsigned int connection_timeout_seconds, size_t connection_memory_limit, unsigned int connection_limit) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_END);
}

/// The port the daemon actually bound (for port 0).
static inline uint16_t CMHD_daemon_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

/// The connection's socket, or -1.
static inline int CMHD_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info ? info->connect_fd : -1;
}

/// The peer address as text (IPv4 only), written into buf.
static inline int CMHD_connection_peer(struct MHD_Connection *connection, char *buf, size_t len);

static inline enum MHD_Result CMHD_get_headers(struct MHD_Connection *connection, enum MHD_ValueKind kind,
    CMHD_KeyValueIterator iterator, void *cls) {
    MHD_get_connection_values(connection, kind, iterator, cls);
    return MHD_YES;
}

/// Sets SO_LINGER {1, 0} so closing the socket sends a TCP RST (the `reset` fault).
static inline int CMHD_set_linger_zero(int fd) {
    struct linger l = { 1, 0 };
    return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}
#include <arpa/inet.h>
#include <netinet/in.h>
static inline int CMHD_connection_peer(struct MHD_Connection *connection, char *buf, size_t len) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return -1;
    if (info->client_addr->sa_family != AF_INET) return -1;
    const struct sockaddr_in *sin = (const struct sockaddr_in *)info->client_addr;
    return inet_ntop(AF_INET, &sin->sin_addr, buf, (socklen_t)len) ? 0 : -1;
}
#endif
