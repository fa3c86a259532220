// GNU extensions Swift's Glibc module does not export (it is built without _GNU_SOURCE).
#define _GNU_SOURCE
#include "CIsolation.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

int CIsolation_accept(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

