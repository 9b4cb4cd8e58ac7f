// Status propagation helpers. Debian's abseil (20220623) ships no
// RETURN_IF_ERROR / ASSIGN_OR_RETURN, so the project defines them once here.
#ifndef DORA_COMMON_STATUS_MACROS_H_
#define DORA_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define DORA_CONCAT_INNER_(a, b) a##b
#define DORA_CONCAT_(a, b) DORA_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the caller if not OK.
#define DORA_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::absl::Status dora_status_ = (expr);        \
    if (!dora_status_.ok()) return dora_status_; \
  } while (0)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from
// the caller, otherwise moves the value into `lhs` (which may be a declaration).
#define DORA_ASSIGN_OR_RETURN(lhs, rexpr) \
  DORA_ASSIGN_OR_RETURN_IMPL_(DORA_CONCAT_(dora_statusor_, __LINE__), lhs, rexpr)

#define DORA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()

#endif  // DORA_COMMON_STATUS_MACROS_H_
