#include "store/host_resolver.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace dora {
namespace {

struct Lookup {
  bool done = false;
  int status = ARES_SUCCESS;
  std::vector<std::string> addresses;
};

void OnAddrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* lookup = static_cast<Lookup*>(arg);
  lookup->done = true;
  lookup->status = status;
  if (status == ARES_SUCCESS && result != nullptr) {
    for (const ares_addrinfo_node* node = result->nodes; node != nullptr; node = node->ai_next) {
      char text[INET6_ADDRSTRLEN] = {0};
      const void* addr = nullptr;
      if (node->ai_family == AF_INET) {
        addr = &reinterpret_cast<const sockaddr_in*>(node->ai_addr)->sin_addr;
      } else if (node->ai_family == AF_INET6) {
        addr = &reinterpret_cast<const sockaddr_in6*>(node->ai_addr)->sin6_addr;
      }
      if (addr == nullptr || inet_ntop(node->ai_family, addr, text, sizeof(text)) == nullptr) continue;
      std::string address(text);
      auto& out = lookup->addresses;
      if (std::find(out.begin(), out.end(), address) == out.end()) out.push_back(std::move(address));
    }
  }
  if (result != nullptr) ares_freeaddrinfo(result);
}

// Drives the channel's sockets until the lookup finishes or the deadline
// passes (then the lookup is cancelled and reports ARES_ECANCELLED).
void RunUntilDone(ares_channel channel, Lookup* lookup, absl::Time deadline) {
  while (!lookup->done) {
    ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
    int mask = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    int n = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(mask, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(mask, i)) events |= POLLOUT;
      if (events == 0) continue;
      fds[n++] = pollfd{sockets[i], events, 0};
    }
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      ares_cancel(channel);
      return;
    }
    timeval max_wait = absl::ToTimeval(left);
    timeval wait_buf;
    timeval* wait = ares_timeout(channel, &max_wait, &wait_buf);
    int wait_ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
    int ready = poll(fds, n, wait_ms);
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts and retries
      continue;
    }
    for (int i = 0; i < n; ++i) {
      ares_socket_t readable = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) ? fds[i].fd : ARES_SOCKET_BAD;
      ares_socket_t writable = (fds[i].revents & POLLOUT) ? fds[i].fd : ARES_SOCKET_BAD;
      if (readable != ARES_SOCKET_BAD || writable != ARES_SOCKET_BAD) ares_process_fd(channel, readable, writable);
    }
  }
}

}  // namespace

HostKind ClassifyHost(absl::string_view host) {
  if (!host.empty() && (host.front() == '/' || host.front() == '@')) return HostKind::kUnixSocket;
  std::string text(host);
  unsigned char buf[sizeof(in6_addr)];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1) {
    return HostKind::kNumeric;
  }
  return HostKind::kName;
}

absl::StatusOr<std::vector<std::string>> ResolveHost(absl::string_view host, const HostResolverOptions& options) {
  switch (ClassifyHost(host)) {
    case HostKind::kUnixSocket:
      return absl::InvalidArgumentError(absl::StrCat("'", host, "' is a unix socket directory, not a host"));
    case HostKind::kNumeric:
      return std::vector<std::string>{std::string(host)};
    case HostKind::kName:
      break;
  }
  static std::once_flag library_once;
  static int library_status = ARES_SUCCESS;
  std::call_once(library_once, [] { library_status = ares_library_init(ARES_LIB_INIT_ALL); });
  auto fail = [&](absl::string_view why) {
    return absl::UnavailableError(absl::StrCat("resolving host '", host, "': ", why));
  };
  if (library_status != ARES_SUCCESS) return fail(ares_strerror(library_status));

  ares_options ares_opts{};
  int mask = 0;
  std::string lookups = options.lookups;
  if (!lookups.empty()) {
    ares_opts.lookups = lookups.data();
    mask |= ARES_OPT_LOOKUPS;
  }
  ares_channel channel = nullptr;
  int init = ares_init_options(&channel, &ares_opts, mask);
  if (init != ARES_SUCCESS) return fail(absl::StrCat("cannot start the resolver: ", ares_strerror(init)));

  Lookup lookup;
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = ARES_AI_ENVHOSTS;  // CARES_HOSTS may name another hosts file
  std::string name(host);
  ares_getaddrinfo(channel, name.c_str(), nullptr, &hints, &OnAddrinfo, &lookup);
  RunUntilDone(channel, &lookup, absl::Now() + options.timeout);
  ares_destroy(channel);

  if (lookup.status == ARES_ECANCELLED || lookup.status == ARES_ETIMEOUT) {
    return fail(absl::StrCat("no answer within ", absl::FormatDuration(options.timeout),
                             " (check /etc/resolv.conf and the DNS server)"));
  }
  if (lookup.status != ARES_SUCCESS) {
    std::string why = ares_strerror(lookup.status);
    if (lookup.status == ARES_ENOTFOUND || lookup.status == ARES_ENONAME) {
      absl::StrAppend(&why, " (not in /etc/hosts and not known to DNS)");
    } else if (lookup.status == ARES_ECONNREFUSED || lookup.status == ARES_ESERVFAIL) {
      absl::StrAppend(&why, " (not in /etc/hosts, and no DNS server of /etc/resolv.conf answered)");
    }
    return fail(why);
  }
  if (lookup.addresses.empty()) return fail("the name has no IPv4 or IPv6 address");
  return lookup.addresses;
}

}  // namespace dora
