#include "listen_backlog.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "gtest/gtest.h"

namespace dora {
namespace {

int ListenOnLoopback(int backlog, int* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, backlog) != 0) return -1;
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

// Opens `n` connections nobody accepts; returns how many completed the handshake.
int ConnectionsQueued(int port, int n) {
  std::vector<pollfd> fds;
  for (int i = 0; i < n; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    fds.push_back({fd, POLLOUT, 0});
  }
  // Loopback handshakes finish within milliseconds; a dropped SYN waits a second.
  int done = 0;
  for (int round = 0; round < 30 && !fds.empty(); ++round) {
    poll(fds.data(), fds.size(), 10);
    for (size_t i = 0; i < fds.size();) {
      int err = 0;
      socklen_t len = sizeof(err);
      getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if ((fds[i].revents & POLLOUT) && err == 0) {
        ++done;
        close(fds[i].fd);
        fds.erase(fds.begin() + static_cast<long>(i));
      } else {
        fds[i++].revents = 0;
      }
    }
  }
  for (pollfd& p : fds) close(p.fd);
  return done;
}

TEST(ListenBacklogTest, WidensOnlyTheSocketOnThatPort) {
  int port = 0, other_port = 0;
  int fd = ListenOnLoopback(1, &port);
  int other = ListenOnLoopback(1, &other_port);
  ASSERT_GE(fd, 0);
  ASSERT_GE(other, 0);
  EXPECT_LT(ConnectionsQueued(other_port, 20), 20);  // a backlog of 1 drops the rest
  EXPECT_EQ(WidenListenBacklog(port), 1);
  EXPECT_EQ(ConnectionsQueued(port, 20), 20);
  EXPECT_EQ(WidenListenBacklog(65535 - 1), 0);
  close(fd);
  close(other);
}

}  // namespace
}  // namespace dora
