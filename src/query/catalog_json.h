// The catalog document: everything an editor needs to know about the query
// language, built from the engine's own tables (metrics/catalog.h,
// metrics/bands.h, query/language.h and the parser and binder limits). The
// plugin's `catalog` resource answers with it, `dora catalog --json` prints
// it, and the build writes it into the frontend as
// plugin/frontend/src/generated/catalog.json. The frontend's `Catalog` type
// (plugin/frontend/src/types.ts) describes the same document.
#ifndef DORA_QUERY_CATALOG_JSON_H_
#define DORA_QUERY_CATALOG_JSON_H_

#include <string>

namespace dora {

// Compact JSON, keys in a fixed order; the same bytes on every call.
//
//   metrics               [{name, aliases, unit, kind, takesStat, takesSamples, description}]
//   stats, defaultStat    the documented stat names and the default
//   statWords             {word: canonical stat} for the words besides pN
//   percentile            {prefix, exclusiveMin, exclusiveMax}: the pN rule
//   dimensions, operators, intervals, intervalUnits, keywords, clauseKeywords
//   forms                 [{name, word, clauses, description}]
//   annotationKinds       [{name, events, description}], defaultAnnotationKinds
//   samples               {defaultLimit, maxLimit}
//   limits                {maxQueryBytes, maxListValues}
//   bands, bandProfiles   [{id, description, metrics, cutoffs: {metric: {lowerIsBetter,
//                          inclusive, Elite, High, Medium}}}], defaultBandProfile
//   variableQuery         {heads, clauses, description, refusal, example}: a
//                         dashboard variable's query (query/language.h)
std::string CatalogJson();

}  // namespace dora

#endif  // DORA_QUERY_CATALOG_JSON_H_
