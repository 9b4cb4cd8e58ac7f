#include "demo/demo_data.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace dora {
namespace {

// splitmix64: small, fast, and identical on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Chance(double p) { return Uniform() < p; }
  double Normal() {
    double u1 = std::max(Uniform(), 1e-300), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }
  double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }
  int Poisson(double lambda) {
    if (lambda > 30) return std::max(0, static_cast<int>(std::lround(lambda + std::sqrt(lambda) * Normal())));
    double l = std::exp(-lambda), p = 1;
    int k = 0;
    do {
      ++k;
      p *= Uniform();
    } while (p > l);
    return k - 1;
  }
  std::string Hex(int chars) {
    std::string s;
    while (static_cast<int>(s.size()) < chars) s += absl::StrFormat("%016x", Next());
    return s.substr(0, chars);
  }

 private:
  uint64_t state_;
};

const char* const kTeams[] = {"payments", "platform", "growth", "identity", "data"};
const char* const kServiceNames[] = {"checkout",        "ledger",    "billing",       "api-gateway",     "auth",
                                     "search",          "catalog",   "notifications", "recommendations", "inventory",
                                     "shipping",        "reporting", "pricing",       "orders",          "accounts",
                                     "fraud-detection", "email",     "media",         "analytics",       "profile"};

struct Profile {
  std::string service;
  std::string team;
  double deploys_per_day;
  double lead_median_h;
  double lead_sigma;
  double fail_p;  // failed production deploys per deploy
  double recovery_median_min;
};

// A uniform draw's range.
struct Range {
  double lo;
  double hi;
};

// One delivery tier's figures, each drawn per service from its range.
struct TierFigures {
  Range deploys_per_day;
  Range lead_median_h;
  Range fail_p;
  Range recovery_median_min;
};

// Each tier's figures sit inside one band of the dora-2024 profile
// (metrics/bands.cc) for lead time p50, change failure rate (the reference
// rule counts failed deploys and rollbacks) and recovery time p50, with room
// for the spread of the samples. Deploy frequency: Elite, High, High, and
// Medium for Low services, which still deploy at least 10 times in 90 days.
constexpr TierFigures kElite{{1.5, 4}, {2, 12}, {0.015, 0.025}, {15, 35}};
constexpr TierFigures kHigh{{0.4, 0.9}, {32, 96}, {0.045, 0.055}, {120, 600}};
constexpr TierFigures kMedium{{0.22, 0.35}, {12 * 24, 19 * 24}, {0.1, 0.115}, {2 * 1440, 3.5 * 1440}};
constexpr TierFigures kLow{{0.15, 0.16}, {45 * 24, 65 * 24}, {0.3, 0.4}, {11 * 1440, 15 * 1440}};

// Services take the tiers in this order (12 services: 3 Elite, 4 High, 3
// Medium, 2 Low), so every run with four or more services spans the bands.
constexpr const TierFigures* kTierCycle[] = {&kElite,  &kHigh, &kMedium, &kLow,   &kHigh, &kElite,
                                             &kMedium, &kHigh, &kLow,    &kElite, &kHigh, &kMedium};

Profile MakeProfile(Rng& rng, int index) {
  constexpr int kNames = sizeof(kServiceNames) / sizeof(kServiceNames[0]);
  constexpr int kTiers = sizeof(kTierCycle) / sizeof(kTierCycle[0]);
  Profile p;
  p.service = kServiceNames[index % kNames];
  if (index >= kNames) absl::StrAppend(&p.service, "-", index / kNames + 1);
  p.team = kTeams[index % 5];
  p.lead_sigma = 0.7;
  const TierFigures& tier = *kTierCycle[index % kTiers];
  const auto draw = [&rng](const Range& r) { return rng.Uniform(r.lo, r.hi); };
  // In this order: the draws decide every later event of the seed.
  p.deploys_per_day = draw(tier.deploys_per_day);
  p.lead_median_h = draw(tier.lead_median_h);
  p.fail_p = draw(tier.fail_p);
  p.recovery_median_min = draw(tier.recovery_median_min);
  return p;
}

// Deploy-linked incidents per 90 days a service gets besides those its failed
// deploys cause (a "successful" deploy that broke something), so that recovery
// time has a sample in every tier.
constexpr double kLinkedIncidentsPer90Days = 10;

class Emitter {
 public:
  Emitter(const DemoOptions& o, const std::function<absl::Status(DeliveryEvent)>& sink)
      : opts_(o), sink_(sink), key_prefix_(DemoLoadKeyPrefix(o)) {}

  absl::Status Emit(DeliveryEvent e) {
    e.source = e.event_type == EventType::kChange ? "github" : e.event_type == EventType::kDeploy ? "ci" : "pagerduty";
    e.dedupe_key = absl::StrCat(key_prefix_, counter_++);
    e.payload = absl::StrCat("{\"demo\": true, \"seed\": ", opts_.seed, "}");
    return sink_(std::move(e));
  }
  uint64_t counter() const { return counter_; }

 private:
  const DemoOptions& opts_;
  const std::function<absl::Status(DeliveryEvent)>& sink_;
  const std::string key_prefix_;
  uint64_t counter_ = 0;
};

DeliveryEvent Deploy(const Profile& p, absl::Time at, absl::Time first_commit, const std::string& sha, const char* env,
                     uint64_t run) {
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  e.service = p.service;
  e.team = p.team;
  e.environment = env;
  e.commit_sha = sha;
  e.first_commit_ts = first_commit;
  e.occurred_at = at;
  e.success = true;
  e.url = absl::StrCat("https://ci.example.com/acme/", p.service, "/runs/", run);
  return e;
}

// Production deploy times, oldest first, on working hours. Frequent deployers
// follow a Poisson count per day (fewer at weekends); the others deploy every
// 1/rate days with a jitter, so a 90-day window holds close to 90 * rate.
std::vector<absl::Time> DeployTimes(const DemoOptions& o, const Profile& p, Rng& rng) {
  const absl::Time start = o.end - absl::Hours(24) * o.days;
  const double rate = p.deploys_per_day * o.deploy_rate_scale;
  std::vector<absl::Time> times;
  if (rate >= 1) {
    for (int day = 0; day < o.days; ++day) {
      absl::Time midnight = start + absl::Hours(24) * day;
      int weekday = static_cast<int>((absl::ToUnixSeconds(midnight) / 86400 + 3) % 7);  // 0 = Monday
      int deploys = rng.Poisson(rate * (weekday >= 5 ? 0.2 : 1.3));
      std::vector<absl::Time> today;
      for (int k = 0; k < deploys; ++k) today.push_back(midnight + absl::Seconds(rng.Uniform(7 * 3600, 20 * 3600)));
      std::sort(today.begin(), today.end());
      times.insert(times.end(), today.begin(), today.end());
    }
    return times;
  }
  double t_days = rng.Uniform(0, 1 / rate);
  while (t_days < o.days) {
    absl::Time midnight = start + absl::Hours(24) * static_cast<int>(t_days);
    int weekday = static_cast<int>((absl::ToUnixSeconds(midnight) / 86400 + 3) % 7);
    if (weekday >= 5 && rng.Chance(0.8)) midnight += absl::Hours(24) * (7 - weekday);  // to Monday
    absl::Time at = midnight + absl::Seconds(rng.Uniform(7 * 3600, 20 * 3600));
    if (at >= o.end) break;
    if (times.empty() || at > times.back()) times.push_back(at);
    t_days += rng.Uniform(0.7, 1.3) / rate;
  }
  return times;
}

absl::Status GenerateService(const DemoOptions& o, const Profile& p, Rng& rng, Emitter& out, int* incident_counter) {
  const std::vector<absl::Time> deploys = DeployTimes(o, p, rng);
  // Failures and extra incidents are spread evenly (error diffusion from a
  // random phase), so a window's rates stay close to the profile's.
  double fail_acc = rng.Uniform(), incident_acc = rng.Uniform();
  const double incident_p =
      std::min(0.9, kLinkedIncidentsPer90Days / std::max(1.0, 90 * p.deploys_per_day * o.deploy_rate_scale));
  bool roll_back_next = rng.Chance(0.5);
  for (const absl::Time at : deploys) {
    double lead_h = rng.LogNormal(p.lead_median_h, p.lead_sigma);
    absl::Time first_commit = at - absl::Seconds(lead_h * 3600);
    std::string sha = rng.Hex(40);
    // The push that carried the change, then staging, then production.
    DeliveryEvent change;
    change.event_type = EventType::kChange;
    change.service = p.service;
    change.team = p.team;
    change.commit_sha = sha;
    change.first_commit_ts = first_commit;
    change.occurred_at = first_commit + (at - first_commit) * rng.Uniform(0.3, 0.8);
    change.url = absl::StrCat("https://github.example.com/acme/", p.service, "/commit/", sha);
    DORA_RETURN_IF_ERROR(out.Emit(change));
    DORA_RETURN_IF_ERROR(
        out.Emit(Deploy(p, at - absl::Minutes(rng.Uniform(20, 90)), first_commit, sha, "staging", out.counter())));

    DeliveryEvent prod = Deploy(p, at, first_commit, sha, "prod", out.counter());
    if (rng.Chance(0.008)) {
      // A runner with a fast clock: first commit "after" the deploy.
      prod.first_commit_ts = at + absl::Hours(rng.Uniform(2, 10));
    } else if (rng.Chance(0.01)) {
      prod.first_commit_ts.reset();  // a pipeline that could not compute it
    }
    prod.hotfix = rng.Chance(0.04);
    fail_acc += p.fail_p * rng.Uniform(0.6, 1.4);
    const bool failed = fail_acc >= 1;
    if (failed) fail_acc -= 1;
    prod.success = !failed;
    DORA_RETURN_IF_ERROR(out.Emit(prod));

    if (failed && roll_back_next) {
      DeliveryEvent rollback =
          Deploy(p, at + absl::Minutes(rng.Uniform(8, 45)), first_commit, rng.Hex(40), "prod", out.counter());
      rollback.is_rollback = true;
      rollback.first_commit_ts.reset();
      DORA_RETURN_IF_ERROR(out.Emit(rollback));
    }
    if (failed) roll_back_next = !roll_back_next;  // every other failure is rolled back
    bool incident = false;
    if (failed) {
      incident = rng.Chance(0.7);
    } else {
      incident_acc += incident_p;
      incident = incident_acc >= 1;
      if (incident) incident_acc -= 1;
    }
    if (!incident) continue;
    std::string id = absl::StrFormat("PD%06d", ++*incident_counter);
    DeliveryEvent open;
    open.event_type = EventType::kIncidentOpen;
    open.service = p.service;
    open.environment = "prod";
    open.incident_id = id;
    open.occurred_at = at + absl::Minutes(rng.Uniform(3, 120));
    open.url = absl::StrCat("https://acme.pagerduty.example.com/incidents/", id);
    DORA_RETURN_IF_ERROR(out.Emit(open));
    absl::Time resolved_at = open.occurred_at + absl::Minutes(rng.LogNormal(p.recovery_median_min, 0.8));
    if (resolved_at >= o.end || (o.end - open.occurred_at < absl::Hours(72) && rng.Chance(0.3))) {
      continue;  // still open
    }
    DeliveryEvent resolved = open;
    resolved.event_type = EventType::kIncidentResolved;
    resolved.occurred_at = resolved_at;
    DORA_RETURN_IF_ERROR(out.Emit(resolved));
  }
  // Now and then an incident no deploy explains (infrastructure, not
  // delivery): before the working day, on days without a deploy.
  const absl::Time start = o.end - absl::Hours(24) * o.days;
  for (int day = 0; day < o.days; ++day) {
    if (!rng.Chance(0.01)) continue;
    absl::Time midnight = start + absl::Hours(24) * day;
    const bool deployed = std::any_of(deploys.begin(), deploys.end(), [&](absl::Time t) {
      return t > midnight - absl::Hours(48) && t < midnight + absl::Hours(24);
    });
    if (deployed) continue;
    DeliveryEvent open;
    open.event_type = EventType::kIncidentOpen;
    open.service = p.service;
    open.environment = "prod";
    open.incident_id = absl::StrFormat("PD%06d", ++*incident_counter);
    open.occurred_at = midnight + absl::Minutes(rng.Uniform(0, 400));
    open.url = absl::StrCat("https://acme.pagerduty.example.com/incidents/", *open.incident_id);
    DORA_RETURN_IF_ERROR(out.Emit(open));
    DeliveryEvent resolved = open;
    resolved.event_type = EventType::kIncidentResolved;
    resolved.occurred_at = open.occurred_at + absl::Minutes(rng.Uniform(30, 300));
    if (resolved.occurred_at < o.end) DORA_RETURN_IF_ERROR(out.Emit(resolved));
  }
  return absl::OkStatus();
}

}  // namespace

std::string DemoSeedKeyPrefix(uint64_t seed) { return absl::StrCat("demo-", seed, "-"); }

std::string DemoLoadKeyPrefix(const DemoOptions& o) {
  return absl::StrCat(DemoSeedKeyPrefix(o.seed), absl::FormatTime("%Y%m%dT%H%M%S", o.end, absl::UTCTimeZone()), "-",
                      o.services, "x", o.days, "x", absl::StrFormat("%g", o.deploy_rate_scale), "-");
}

absl::Status GenerateDemoEvents(const DemoOptions& o, const std::function<absl::Status(DeliveryEvent)>& sink) {
  if (o.services < 1 || o.days < 1) {
    return absl::InvalidArgumentError("demo: --services and --days must be at least 1");
  }
  Rng profiles(o.seed);
  Emitter out(o, sink);
  int incidents = 0;
  for (int i = 0; i < o.services; ++i) {
    Profile p = MakeProfile(profiles, i);
    Rng rng(o.seed * 1000003ULL + static_cast<uint64_t>(i));
    DORA_RETURN_IF_ERROR(GenerateService(o, p, rng, out, &incidents));
  }
  return absl::OkStatus();
}

}  // namespace dora
