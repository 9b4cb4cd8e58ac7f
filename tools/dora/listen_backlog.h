// Widening the accept queue of a socket another library created.
#ifndef DORA_TOOLS_DORA_LISTEN_BACKLOG_H_
#define DORA_TOOLS_DORA_LISTEN_BACKLOG_H_

namespace dora {

// Finds this process's listening TCP sockets bound to `port` (through
// /proc/self/fd, Linux only) and calls listen() on them again with
// SOMAXCONN, which Linux applies to an already listening socket. Returns how
// many sockets were widened (0 if none was found; never fails otherwise).
//
// Debian's cpp-httplib listens with a backlog of 5: when dozens of clients
// connect at once the rest of their SYNs are dropped and each waits a
// one-second retransmission.
int WidenListenBacklog(int port);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_LISTEN_BACKLOG_H_
