// Parser for the DORA query language.
//
//   query     := metric [stat | 'samples'] clause*   (each clause at most once)
//              | 'annotations' [kind (',' kind)*] clause*
//              | 'data_quality' clause*
//   clause    := 'by' name (',' name)*
//              | 'where' condition ('and' condition)*
//              | 'every' (number-with-unit | 'auto')
//              | 'band' 'distribution'
//              | 'limit' number
//   condition := name ('=' | '!=' | '<>') value
//              | name ['not'] 'in' '(' value (',' value)* ')'
//   value     := 'single-quoted string' | bare-word | number | '*'   (* = any value)
//
// Keywords are case-insensitive. The parser checks syntax only; names, and
// which clauses a form accepts, are resolved by the binder.
#ifndef DORA_QUERY_PARSER_H_
#define DORA_QUERY_PARSER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "query/parsed_query.h"

namespace dora {

// Errors are InvalidArgument statuses built with MakePositionedError(Phase::kParse).
absl::StatusOr<ParsedQuery> ParseQuery(absl::string_view text);

}  // namespace dora

#endif  // DORA_QUERY_PARSER_H_
