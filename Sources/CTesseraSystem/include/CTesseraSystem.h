#ifndef C_TESSERA_SYSTEM_H
#define C_TESSERA_SYSTEM_H
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>

/// epoll_event is packed on x86_64; these accessors keep Swift away from its layout.
int tessera_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
int tessera_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms);

/// accept4(2), which glibc only declares under _GNU_SOURCE (so Swift's Glibc module cannot see it).
int tessera_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

/// pipe2(2), declared only under _GNU_SOURCE too. With O_CLOEXEC the descriptors are
/// close-on-exec from birth: a child spawned by another thread between pipe() and fcntl()
/// can no longer inherit them.
int tessera_pipe2(int fds[2], int flags);
#endif
