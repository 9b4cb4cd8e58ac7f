// Turns the host of a PostgreSQL connection into numeric addresses without
// glibc's NSS: the static plugin cannot load NSS modules (and must not load
// a host's libnss_*.so of another glibc), so names are resolved with c-ares,
// which reads /etc/hosts (or the file named by $CARES_HOSTS),
// /etc/resolv.conf and /etc/nsswitch.conf itself.
// libpq then gets `hostaddr` for connecting and keeps `host` for TLS
// certificate name checks.
#ifndef DORA_STORE_HOST_RESOLVER_H_
#define DORA_STORE_HOST_RESOLVER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace dora {

enum class HostKind {
  kUnixSocket,  // a directory starting with '/' (or '@' for an abstract socket)
  kNumeric,     // an IPv4 or IPv6 literal
  kName,        // anything else: needs resolving
};

HostKind ClassifyHost(absl::string_view host);

struct HostResolverOptions {
  absl::Duration timeout = absl::Seconds(10);
  // c-ares lookup order: "f" hosts file, "b" DNS. Empty: what the system's
  // resolv.conf / nsswitch.conf say (c-ares' default "fb").
  std::string lookups;
};

// Addresses of `host` (IPv4 and IPv6, duplicates removed, in c-ares' order),
// as text libpq accepts in `hostaddr`. A numeric host is returned as is; a
// unix socket directory is an InvalidArgument error (nothing to resolve).
// Errors: Unavailable "resolving host '<name>': <why>" (unknown name, no DNS
// server reachable, timeout). Thread-safe: every call has its own channel,
// so a changed /etc/hosts or resolv.conf is seen by the next call.
absl::StatusOr<std::vector<std::string>> ResolveHost(absl::string_view host, const HostResolverOptions& options = {});

}  // namespace dora

#endif  // DORA_STORE_HOST_RESOLVER_H_
