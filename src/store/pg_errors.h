// Translation of libpqxx exceptions into statuses, in one place.
//
//   connection failures            -> Unavailable
//   statement timeout / cancel     -> DeadlineExceeded (SQLSTATE 57014)
//   bad credentials (28xxx)        -> Unauthenticated
//   insufficient privilege (42501) -> PermissionDenied
//   missing table (42P01)          -> FailedPrecondition ("run dora migrate")
//   data exceptions (22xxx)        -> InvalidArgument
//   unique violation (23505)       -> AlreadyExists
//   other integrity (23xxx)        -> InvalidArgument (a NOT NULL or CHECK the data breaks)
//   anything else                  -> Internal
#ifndef DORA_STORE_PG_ERRORS_H_
#define DORA_STORE_PG_ERRORS_H_

#include <exception>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dora {

// `doing` says what was attempted ("running query", "connecting").
absl::Status StatusFromPgException(const std::exception& e, absl::string_view doing);

}  // namespace dora

#endif  // DORA_STORE_PG_ERRORS_H_
