#include "http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <thread>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "http/content_coding.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

constexpr uint64_t kListenerId = 0;
constexpr uint64_t kWakeId = 1;
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerEvent = 4;  // fairness: then back to the other sockets
constexpr size_t kMaxLingerBytes = 4 << 20;
constexpr absl::Duration kLingerTime = absl::Seconds(2);

HttpResponse ErrorResponse(int status, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.body = nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

int StatusForDecodeError(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kUnimplemented:
      return 415;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    default:
      return 500;
  }
}

std::string PeerAddress(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, text, sizeof(text));
  } else if (addr.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, text, sizeof(text));
  }
  return text;
}

}  // namespace

const char* HttpServer::Reason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Status";
  }
}

std::string SerializeResponse(const HttpResponse& r, bool close) {
  std::string out = absl::StrCat("HTTP/1.1 ", r.status, " ", HttpServer::Reason(r.status), "\r\n");
  const bool bodyless = r.status == 204 || r.status == 304 || r.status < 200;
  if (!bodyless) {
    if (!r.content_type.empty()) absl::StrAppend(&out, "Content-Type: ", r.content_type, "\r\n");
    absl::StrAppend(&out, "Content-Length: ", r.body.size(), "\r\n");
  }
  for (const auto& [k, v] : r.headers) absl::StrAppend(&out, k, ": ", v, "\r\n");
  absl::StrAppend(&out, close ? "Connection: close\r\n" : "Connection: keep-alive\r\n", "\r\n");
  if (!bodyless) out += r.body;
  return out;
}

struct HttpServer::Impl {
  // kLingering: the response that ends the connection is sent and the write
  // side shut; what the client still sends is read and dropped for a moment,
  // so closing does not reset the connection before the client reads the
  // answer.
  enum class State { kReading, kProcessing, kWriting, kLingering };
  struct Connection {
    Connection(uint64_t id, int fd, std::string client, RequestLimits limits, absl::Time now)
        : id(id), fd(fd), client(std::move(client)), parser(limits), accepted(now), activity(now) {}
    uint64_t id;
    int fd;
    std::string client;
    RequestParser parser;
    std::string in;  // read, not yet fed to the parser (only while a request is being answered)
    std::string out;
    size_t out_offset = 0;
    State state = State::kReading;
    uint32_t interest = 0;  // epoll events registered; 0: not in the epoll set
    bool keep_alive = true;
    bool close_after_write = false;
    bool served_any = false;
    bool request_in_progress = false;
    size_t discarded = 0;
    absl::Time accepted, activity, request_started, write_started;
    bool Idle() const {
      return (state == State::kReading && !request_in_progress && in.empty()) || state == State::kLingering;
    }
  };
  struct Job {
    uint64_t id;
    HttpRequest request;
  };

  HttpServerOptions options;
  HttpHandler handler;
  HttpHeadCheck head_check;
  int listen_fd = -1, epoll_fd = -1, wake_fd = -1, spare_fd = -1;
  uint64_t next_id = 2;
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections;
  std::unordered_map<std::string, int> per_client;
  std::atomic<bool> stop_requested{false};

  absl::Mutex jobs_mu;
  std::deque<Job> jobs ABSL_GUARDED_BY(jobs_mu);
  bool workers_stop ABSL_GUARDED_BY(jobs_mu) = false;
  absl::Mutex done_mu;
  std::vector<std::pair<uint64_t, HttpResponse>> done ABSL_GUARDED_BY(done_mu);
  std::vector<std::thread> workers;

  mutable absl::Mutex stats_mu;
  std::map<std::string, int64_t> counters ABSL_GUARDED_BY(stats_mu);
  std::atomic<int64_t> open_connections{0};

  void Count(const std::string& key) {
    absl::MutexLock lock(&stats_mu);
    ++counters[key];
  }

  void Wake() {
    uint64_t one = 1;
    ssize_t ignored = write(wake_fd, &one, sizeof(one));
    (void)ignored;
  }

  void SetInterest(Connection& c, uint32_t events) {
    if (events == c.interest) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = c.id;
    if (events == 0) {
      epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    } else {
      epoll_ctl(epoll_fd, c.interest == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &ev);
    }
    c.interest = events;
  }

  void Close(uint64_t id) {
    auto it = connections.find(id);
    if (it == connections.end()) return;
    Connection& c = *it->second;
    close(c.fd);  // also leaves the epoll set
    if (--per_client[c.client] == 0) per_client.erase(c.client);
    connections.erase(it);
    --open_connections;
  }

  // Sends a response that was not read (the connection never reached the
  // parser) and closes.
  void Refuse(int fd, const std::string& reason, const std::string& message) {
    Count(absl::StrCat("refused|", reason));
    std::string bytes = SerializeResponse(ErrorResponse(503, message), true);
    ssize_t ignored = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)ignored;
    close(fd);
  }

  // The oldest connection without a request in progress, from `client` (or
  // any client when empty); 0 when there is none.
  uint64_t OldestIdle(const std::string& client) const {
    uint64_t best = 0;
    absl::Time best_time = absl::InfiniteFuture();
    for (const auto& [id, c] : connections) {
      if (!c->Idle() || (!client.empty() && c->client != client)) continue;
      if (c->activity < best_time) {
        best_time = c->activity;
        best = id;
      }
    }
    return best;
  }

  void AcceptAll(absl::Time now) {
    while (true) {
      sockaddr_storage addr{};
      socklen_t len = sizeof(addr);
      int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE) {
          // Out of descriptors: take the pending connection with the spare
          // one so it is answered instead of retried forever.
          close(spare_fd);
          int taken = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
          if (taken >= 0) Refuse(taken, "fd_limit", "the server has no file descriptors left; retry later");
          spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
          continue;
        }
        return;  // EAGAIN, or an error the next readiness will repeat
      }
      std::string client = PeerAddress(addr);
      if (stop_requested.load()) {
        Refuse(fd, "stopping", "the server is shutting down");
        continue;
      }
      auto pc = per_client.find(client);
      if (pc != per_client.end() && pc->second >= options.max_connections_per_client) {
        uint64_t victim = OldestIdle(client);
        if (victim == 0) {
          Refuse(fd, "per_client", "too many connections from this address");
          continue;
        }
        Count("evicted|per_client");
        Close(victim);
      }
      if (static_cast<int>(connections.size()) >= options.max_connections) {
        uint64_t victim = OldestIdle("");
        if (victim == 0) {
          Refuse(fd, "total", "too many connections");
          continue;
        }
        Count("evicted|total");
        Close(victim);
      }
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
      auto c = std::make_unique<Connection>(next_id++, fd, client, options.limits, now);
      Connection& ref = *c;
      connections.emplace(ref.id, std::move(c));
      ++per_client[client];
      ++open_connections;
      SetInterest(ref, EPOLLIN | EPOLLRDHUP);
    }
  }

  HttpResponse Answer(HttpRequest request) {
    auto body =
        DecodeContentCoding(request.Header("content-encoding"), std::move(request.body), options.limits.max_body_bytes);
    if (!body.ok()) return ErrorResponse(StatusForDecodeError(body.status()), std::string(body.status().message()));
    request.body = *std::move(body);
    try {
      return handler(request);
    } catch (const std::exception& e) {
      Log(LogLevel::kError, "request handler failed", {{"path", request.path}, {"error", e.what()}});
    } catch (...) {
      Log(LogLevel::kError, "request handler failed", {{"path", request.path}});
    }
    return ErrorResponse(500, "internal error; see the server log");
  }

  void Respond(Connection& c, const HttpResponse& r, bool close, absl::Time now) {
    if (r.status >= 400) Count(absl::StrCat("answered|", r.status));
    c.close_after_write = close || !c.keep_alive || stop_requested.load();
    c.out = SerializeResponse(r, c.close_after_write);
    c.out_offset = 0;
    c.state = State::kWriting;
    c.write_started = now;
    Flush(c, now);
  }

  // Writes what the socket takes. A finished keep-alive response puts the
  // connection back to reading and returns true: the caller then parses any
  // pipelined bytes. False: still writing, closed, or lingering.
  bool Flush(Connection& c, absl::Time now) {
    while (c.out_offset < c.out.size()) {
      ssize_t n = send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_offset += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        SetInterest(c, EPOLLOUT);
        return false;
      }
      Close(c.id);
      return false;
    }
    if (c.close_after_write) {
      shutdown(c.fd, SHUT_WR);
      c.state = State::kLingering;
      c.write_started = now;
      c.in.clear();
      SetInterest(c, EPOLLIN | EPOLLRDHUP);
      return false;
    }
    c.out.clear();
    c.out.shrink_to_fit();
    c.parser.Reset();
    c.state = State::kReading;
    c.request_in_progress = false;
    c.served_any = true;
    c.activity = now;
    SetInterest(c, EPOLLIN | EPOLLRDHUP);
    return true;
  }

  void Dispatch(Connection& c, HttpRequest request, absl::Time now) {
    c.keep_alive = request.keep_alive;
    c.state = State::kProcessing;
    SetInterest(c, 0);
    if (options.inline_paths.count(request.path) != 0) {
      Respond(c, Answer(std::move(request)), false, now);
      return;
    }
    {
      absl::MutexLock lock(&jobs_mu);
      if (static_cast<int>(jobs.size()) < options.max_queued_requests) {
        jobs.push_back(Job{c.id, std::move(request)});
        return;
      }
    }
    Count("refused|queue");
    Respond(c, ErrorResponse(503, "too many requests waiting; retry later"), true, now);
  }

  // Feeds buffered bytes to the parser while the connection is reading.
  // Returns false when the connection was closed.
  bool Parse(uint64_t id, absl::Time now) {
    while (true) {
      auto it = connections.find(id);
      if (it == connections.end()) return false;
      Connection& c = *it->second;
      if (c.state != State::kReading) return true;
      size_t used = 0;
      RequestParser::Progress p = c.parser.Feed(c.in, &used);
      c.in.erase(0, used);
      if (c.parser.started() && !c.request_in_progress) {
        c.request_in_progress = true;
        c.request_started = now;
      }
      switch (p) {
        case RequestParser::Progress::kNeedMore:
          return true;
        case RequestParser::Progress::kError:
          Respond(c, ErrorResponse(c.parser.error().status, c.parser.error().message), true, now);
          return connections.count(id) != 0;
        case RequestParser::Progress::kHeadComplete: {
          if (head_check) {
            std::optional<HttpResponse> refused = head_check(c.parser.request());
            if (refused.has_value()) {
              Respond(c, *refused, true, now);
              return connections.count(id) != 0;
            }
          }
          if (c.parser.request().expects_continue) {
            static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
            ssize_t ignored = send(c.fd, kContinue, sizeof(kContinue) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            (void)ignored;
          }
          continue;
        }
        case RequestParser::Progress::kComplete:
          Dispatch(c, c.parser.TakeRequest(), now);
          continue;  // an inline answer may have finished: parse what is pipelined
      }
    }
  }

  void Read(Connection& c, absl::Time now) {
    const uint64_t id = c.id;
    char buffer[kReadChunk];
    for (int i = 0; i < kReadsPerEvent; ++i) {
      auto it = connections.find(id);
      if (it == connections.end()) return;
      Connection& conn = *it->second;
      if (conn.state != State::kReading && conn.state != State::kLingering) return;
      ssize_t n = recv(conn.fd, buffer, sizeof(buffer), 0);
      if (n > 0 && conn.state == State::kLingering) {
        conn.discarded += static_cast<size_t>(n);
        if (conn.discarded > kMaxLingerBytes) {
          Close(id);
          return;
        }
        continue;
      }
      if (n > 0) {
        conn.in.append(buffer, static_cast<size_t>(n));
        if (!Parse(id, now)) return;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      Close(id);  // end of stream or a socket error; nothing to answer
      return;
    }
  }

  void DeliverCompleted(absl::Time now) {
    std::vector<std::pair<uint64_t, HttpResponse>> ready;
    {
      absl::MutexLock lock(&done_mu);
      ready.swap(done);
    }
    for (auto& [id, response] : ready) {
      auto it = connections.find(id);
      if (it == connections.end()) continue;
      Respond(*it->second, response, false, now);
      Parse(id, now);
    }
  }

  void Sweep(absl::Time now) {
    std::vector<uint64_t> expired_requests, expired_idle, expired_writes, expired_lingering;
    for (const auto& [id, c] : connections) {
      if (c->state == State::kReading) {
        if (c->request_in_progress && now - c->request_started > options.request_timeout) {
          expired_requests.push_back(id);
        } else if (!c->request_in_progress) {
          absl::Time deadline =
              c->served_any ? c->activity + options.idle_timeout : c->accepted + options.request_timeout;
          if (now > deadline) expired_idle.push_back(id);
        }
      } else if (c->state == State::kWriting && now - c->write_started > options.write_timeout) {
        expired_writes.push_back(id);
      } else if (c->state == State::kLingering && now - c->write_started > kLingerTime) {
        expired_lingering.push_back(id);
      }
    }
    for (uint64_t id : expired_requests) {
      Count("timeout|request");
      Respond(*connections[id], ErrorResponse(408, "the request did not arrive completely in time"), true, now);
    }
    for (uint64_t id : expired_idle) {
      Count("timeout|idle");
      Close(id);
    }
    for (uint64_t id : expired_writes) {
      Count("timeout|write");
      Close(id);
    }
    for (uint64_t id : expired_lingering) Close(id);
  }

  void Work() {
    while (true) {
      Job job;
      {
        absl::MutexLock lock(&jobs_mu);
        auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(jobs_mu) { return !jobs.empty() || workers_stop; };
        jobs_mu.Await(absl::Condition(&ready));
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      HttpResponse response = Answer(std::move(job.request));
      {
        absl::MutexLock lock(&done_mu);
        done.emplace_back(job.id, std::move(response));
      }
      Wake();
    }
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}

HttpServer::~HttpServer() {
  if (impl_ == nullptr) return;
  for (auto& [id, c] : impl_->connections) close(c->fd);
  for (int fd : {impl_->listen_fd, impl_->epoll_fd, impl_->wake_fd, impl_->spare_fd}) {
    if (fd >= 0) close(fd);
  }
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Bind(HttpServerOptions options, HttpHandler handler,
                                                             HttpHeadCheck head_check) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  const rlim_t needed = static_cast<rlim_t>(options.max_connections) + 64;
  if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < needed) {
    return absl::InvalidArgumentError(absl::StrCat("max connections ", options.max_connections,
                                                   " does not fit the open-file limit of ", files.rlim_cur,
                                                   " (raise `ulimit -n` or lower the connection cap)"));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  impl->head_check = std::move(head_check);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = absl::StrCat(impl->options.port);
  const std::string& host = impl->options.host;
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port_text.c_str(), &hints, &found);
  if (rc != 0) return absl::InvalidArgumentError(absl::StrCat("cannot resolve '", host, "': ", gai_strerror(rc)));
  std::string last_error = "no address";
  for (addrinfo* a = found; a != nullptr && impl->listen_fd < 0; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    // SO_REUSEADDR only: SO_REUSEPORT would let a second server share the port silently.
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0) {
      impl->listen_fd = fd;
    } else {
      last_error = std::strerror(errno);
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (impl->listen_fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host, ":", impl->options.port, ": ", last_error));
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(impl->listen_fd, reinterpret_cast<sockaddr*>(&bound), &len);
  int port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);

  impl->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  impl->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  impl->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (impl->epoll_fd < 0 || impl->wake_fd < 0) return absl::InternalError("epoll or eventfd creation failed");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenerId;
  epoll_ctl(impl->epoll_fd, EPOLL_CTL_ADD, impl->listen_fd, &ev);
  ev.data.u64 = kWakeId;
  epoll_ctl(impl->epoll_fd, EPOLL_CTL_ADD, impl->wake_fd, &ev);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), port));
}

void HttpServer::Stop() {
  impl_->stop_requested.store(true);
  impl_->Wake();
}

void HttpServer::Run() {
  Impl& s = *impl_;
  for (int i = 0; i < std::max(1, s.options.workers); ++i) s.workers.emplace_back([&s] { s.Work(); });
  epoll_event events[256];
  absl::Time next_sweep = absl::Now();
  bool draining = false;
  while (true) {
    int n = epoll_wait(s.epoll_fd, events, 256, 200);
    const absl::Time now = absl::Now();
    for (int i = 0; i < n; ++i) {
      const uint64_t id = events[i].data.u64;
      if (id == kListenerId) {
        s.AcceptAll(now);
        continue;
      }
      if (id == kWakeId) {
        uint64_t count;
        while (read(s.wake_fd, &count, sizeof(count)) > 0) {
        }
        s.DeliverCompleted(now);
        continue;
      }
      auto it = s.connections.find(id);
      if (it == s.connections.end()) continue;
      Impl::Connection& c = *it->second;
      if (c.state == Impl::State::kWriting && (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        if (s.Flush(c, now)) s.Parse(id, now);
      } else if (c.state == Impl::State::kReading || c.state == Impl::State::kLingering) {
        s.Read(c, now);
      }
    }
    if (s.stop_requested.load() && !draining) {
      draining = true;
      epoll_ctl(s.epoll_fd, EPOLL_CTL_DEL, s.listen_fd, nullptr);
      close(s.listen_fd);
      s.listen_fd = -1;
    }
    if (draining) {
      // Connections not being answered are closed; the rest finish first.
      std::vector<uint64_t> reading;
      for (const auto& [id, c] : s.connections) {
        if (c->state == Impl::State::kReading || c->state == Impl::State::kLingering) reading.push_back(id);
      }
      for (uint64_t id : reading) s.Close(id);
      if (s.connections.empty()) break;
    }
    if (now >= next_sweep) {
      s.Sweep(now);
      next_sweep = now + absl::Milliseconds(200);
    }
  }
  {
    absl::MutexLock lock(&s.jobs_mu);
    s.workers_stop = true;
  }
  for (std::thread& t : s.workers) t.join();
  s.workers.clear();
}

void HttpServer::AppendPrometheus(std::string* out) const {
  const Impl& s = *impl_;
  absl::StrAppend(out, "# HELP dora_http_connections_open Client connections open now.\n",
                  "# TYPE dora_http_connections_open gauge\n", "dora_http_connections_open ", s.open_connections.load(),
                  "\n");
  absl::MutexLock lock(&s.stats_mu);
  struct Family {
    const char* prefix;
    const char* name;
    const char* label;
    const char* help;
  };
  const Family families[] = {
      {"refused", "dora_http_connections_refused_total", "reason",
       "Connections or requests answered 503 by a cap (per_client, total, queue, fd_limit, stopping)."},
      {"evicted", "dora_http_idle_connections_evicted_total", "scope",
       "Idle connections closed to make room for a new one."},
      {"timeout", "dora_http_timeouts_total", "phase", "Connections closed by a deadline (request, idle, write)."},
      {"answered", "dora_http_error_responses_total", "code", "Responses with a 4xx or 5xx status."},
  };
  for (const Family& f : families) {
    absl::StrAppend(out, "# HELP ", f.name, " ", f.help, "\n# TYPE ", f.name, " counter\n");
    const std::string prefix = absl::StrCat(f.prefix, "|");
    for (const auto& [key, value] : s.counters) {
      if (key.rfind(prefix, 0) != 0) continue;
      absl::StrAppend(out, f.name, "{", f.label, "=\"", key.substr(prefix.size()), "\"} ", value, "\n");
    }
  }
}

}  // namespace dora
