#include "demo/demo_data.h"

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
  double fail_p;
  double recovery_median_min;
};

// Delivery tiers roughly spanning the DORA bands.
Profile MakeProfile(Rng& rng, int index) {
  constexpr int kNames = sizeof(kServiceNames) / sizeof(kServiceNames[0]);
  Profile p;
  p.service = kServiceNames[index % kNames];
  if (index >= kNames) absl::StrAppend(&p.service, "-", index / kNames + 1);
  p.team = kTeams[index % 5];
  double tier = rng.Uniform();
  if (tier < 0.35) {  // elite-ish
    p.deploys_per_day = rng.Uniform(1.5, 5);
    p.lead_median_h = rng.Uniform(2, 12);
    p.fail_p = rng.Uniform(0.01, 0.06);
    p.recovery_median_min = rng.Uniform(15, 50);
  } else if (tier < 0.7) {  // high
    p.deploys_per_day = rng.Uniform(0.2, 0.9);
    p.lead_median_h = rng.Uniform(20, 100);
    p.fail_p = rng.Uniform(0.05, 0.12);
    p.recovery_median_min = rng.Uniform(60, 600);
  } else if (tier < 0.9) {  // medium
    p.deploys_per_day = rng.Uniform(0.05, 0.15);
    p.lead_median_h = rng.Uniform(200, 500);
    p.fail_p = rng.Uniform(0.1, 0.2);
    p.recovery_median_min = rng.Uniform(1500, 5000);
  } else {  // low
    p.deploys_per_day = rng.Uniform(0.02, 0.04);
    p.lead_median_h = rng.Uniform(800, 1500);
    p.fail_p = rng.Uniform(0.2, 0.35);
    p.recovery_median_min = rng.Uniform(8000, 15000);
  }
  return p;
}

class Emitter {
 public:
  Emitter(const DemoOptions& o, const std::function<absl::Status(DeliveryEvent)>& sink) : opts_(o), sink_(sink) {}

  absl::Status Emit(DeliveryEvent e) {
    e.source = e.event_type == EventType::kChange ? "github" : e.event_type == EventType::kDeploy ? "ci" : "pagerduty";
    e.dedupe_key = absl::StrCat("demo-", opts_.seed, "-", counter_++);
    e.payload = absl::StrCat("{\"demo\": true, \"seed\": ", opts_.seed, "}");
    return sink_(std::move(e));
  }

 private:
  const DemoOptions& opts_;
  const std::function<absl::Status(DeliveryEvent)>& sink_;
  uint64_t counter_ = 0;
};

DeliveryEvent Deploy(const Profile& p, absl::Time at, absl::Time first_commit, const std::string& sha,
                     const char* env) {
  DeliveryEvent e;
  e.event_type = EventType::kDeploy;
  e.service = p.service;
  e.team = p.team;
  e.environment = env;
  e.commit_sha = sha;
  e.first_commit_ts = first_commit;
  e.occurred_at = at;
  e.success = true;
  return e;
}

absl::Status GenerateService(const DemoOptions& o, const Profile& p, Rng& rng, Emitter& out, int* incident_counter) {
  const absl::Time start = o.end - absl::Hours(24) * o.days;
  for (int day = 0; day < o.days; ++day) {
    absl::Time midnight = start + absl::Hours(24) * day;
    int weekday = static_cast<int>((absl::ToUnixSeconds(midnight) / 86400 + 3) % 7);  // 0 = Monday
    double rate = p.deploys_per_day * o.deploy_rate_scale * (weekday >= 5 ? 0.2 : 1.3);
    int deploys = rng.Poisson(rate);
    for (int k = 0; k < deploys; ++k) {
      absl::Time at = midnight + absl::Seconds(rng.Uniform(7 * 3600, 20 * 3600));
      double lead_h = rng.LogNormal(p.lead_median_h, 0.9);
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
      DORA_RETURN_IF_ERROR(out.Emit(change));
      DORA_RETURN_IF_ERROR(out.Emit(Deploy(p, at - absl::Minutes(rng.Uniform(20, 90)), first_commit, sha, "staging")));

      DeliveryEvent prod = Deploy(p, at, first_commit, sha, "prod");
      if (rng.Chance(0.008)) {
        // A runner with a fast clock: first commit "after" the deploy.
        prod.first_commit_ts = at + absl::Hours(rng.Uniform(2, 10));
      } else if (rng.Chance(0.01)) {
        prod.first_commit_ts.reset();  // a pipeline that could not compute it
      }
      prod.hotfix = rng.Chance(0.04);
      bool failed = rng.Chance(p.fail_p);
      prod.success = !failed;
      DORA_RETURN_IF_ERROR(out.Emit(prod));

      if (failed && rng.Chance(0.5)) {
        DeliveryEvent rollback = Deploy(p, at + absl::Minutes(rng.Uniform(8, 45)), first_commit, sha, "prod");
        rollback.is_rollback = true;
        rollback.first_commit_ts.reset();
        rollback.commit_sha = rng.Hex(40);
        DORA_RETURN_IF_ERROR(out.Emit(rollback));
      }
      bool incident = failed ? rng.Chance(0.7) : rng.Chance(0.01);
      if (!incident) continue;
      std::string id = absl::StrFormat("PD%06d", ++*incident_counter);
      DeliveryEvent open;
      open.event_type = EventType::kIncidentOpen;
      open.service = p.service;
      open.environment = "prod";
      open.incident_id = id;
      open.occurred_at = at + absl::Minutes(rng.Uniform(3, 120));
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
    // Now and then an incident no deploy explains (infrastructure, not delivery).
    if (rng.Chance(0.01)) {
      DeliveryEvent open;
      open.event_type = EventType::kIncidentOpen;
      open.service = p.service;
      open.environment = "prod";
      open.incident_id = absl::StrFormat("PD%06d", ++*incident_counter);
      open.occurred_at = midnight + absl::Minutes(rng.Uniform(0, 400));  // before the working day
      DORA_RETURN_IF_ERROR(out.Emit(open));
      DeliveryEvent resolved = open;
      resolved.event_type = EventType::kIncidentResolved;
      resolved.occurred_at = open.occurred_at + absl::Minutes(rng.Uniform(30, 300));
      if (resolved.occurred_at < o.end) DORA_RETURN_IF_ERROR(out.Emit(resolved));
    }
  }
  return absl::OkStatus();
}

}  // namespace

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
