// Deterministic, realistic demo events: several teams, services with very
// different delivery profiles, lognormal lead times, failures, rollbacks,
// hotfixes, incidents linked to deploys (and a few that are not), and a few
// deploys from runners with skewed clocks. Changes, deploys and incidents
// carry links (example.com hosts) like those providers send.
//
// Services cycle through four delivery tiers (Elite, High, Medium, Low on
// lead time p50, change failure rate and recovery time p50 under the
// default policy). At the default rate scale, over the last 90 days of the
// default 180-day span every service has at least 10 production deploys and
// enough resolved, deploy-linked incidents that every metric reaches the
// default minimum sample (tests/integration/demo_data_integration_test.cc),
// and the 90 days before them are a full previous period for `vs previous`.
//
// The same options always produce the same events, byte for byte: the
// generator uses its own PRNG and distributions, not <random>'s.
#ifndef DORA_DEMO_DEMO_DATA_H_
#define DORA_DEMO_DEMO_DATA_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "store/delivery_event.h"

namespace dora {

struct DemoOptions {
  int services = 12;
  int days = 180;
  uint64_t seed = 42;
  absl::Time end;                  // exclusive end of the generated span
  double deploy_rate_scale = 1.0;  // multiplies every service's deploy rate (benchmarks)
};

// "demo-<seed>-": what every dedupe key of the seed's events starts with.
std::string DemoSeedKeyPrefix(uint64_t seed);
// What every dedupe key of the events `options` generate starts with: the
// seed's prefix, then the span's end, services, days and rate scale
// ("demo-42-20261204T000000-12x180x1-"). Two loads of one seed with other
// options share no key, so `dora demo` can replace the earlier one's events.
std::string DemoLoadKeyPrefix(const DemoOptions& options);

// Calls `sink` once per event, in generation order. Stops early and returns
// the sink's error if it fails. Sources are the realistic ones (github, ci,
// pagerduty); every dedupe key starts with DemoLoadKeyPrefix and every
// payload is {"demo": true, ...}, so loading the same data twice stores it
// once and demo rows are easy to find and delete.
absl::Status GenerateDemoEvents(const DemoOptions& options, const std::function<absl::Status(DeliveryEvent)>& sink);

}  // namespace dora

#endif  // DORA_DEMO_DEMO_DATA_H_
