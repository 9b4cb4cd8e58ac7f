#include "query/language.h"

namespace dora {

const std::vector<std::string>& ClauseKeywords() {
  static const auto* k = new std::vector<std::string>{"by", "where", "every", "band", "limit"};
  return *k;
}

const std::vector<std::string>& Keywords() {
  static const auto* k = new std::vector<std::string>{"by",   "where",        "and",  "in",      "not",  "every",
                                                      "band", "distribution", "auto", "samples", "limit"};
  return *k;
}

const std::vector<QueryFormDef>& AllQueryForms() {
  static const auto* forms = new std::vector<QueryFormDef>{
      {"metric", "", {"by", "where", "every", "band"}, "A statistic per group (and time bucket)"},
      {"samples", "samples", {"where", "limit"}, "The rows behind a metric, largest or latest first"},
      {"annotations", "annotations", {"where"}, "Deploy, rollback, failure and incident events"},
      {"data_quality", "data_quality", {"where"}, "Per event source: counts, freshness and what the metrics excluded"},
  };
  return *forms;
}

const std::vector<std::string>& ConditionOperators() {
  static const auto* ops = new std::vector<std::string>{"=", "!=", "in", "not in"};
  return *ops;
}

const std::vector<std::string>& IntervalUnits() {
  static const auto* units = new std::vector<std::string>{"h", "d", "w"};
  return *units;
}

const std::vector<std::string>& IntervalSuggestions() {
  static const auto* intervals = new std::vector<std::string>{"1h", "1d", "1w", "auto"};
  return *intervals;
}

}  // namespace dora
