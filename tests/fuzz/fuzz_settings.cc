// Data source settings (url, user, jsonData, secureJsonData). Invariants: no
// crash; for accepted settings the libpq connection string parses back
// (PQconninfoParse) to exactly the host, port, user, database and password.
#include <libpq-fe.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "datasource/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  // Fields separated by \x01: url, user, password, jsonData.
  std::string parts[4];
  size_t k = 0;
  for (char c : in) {
    if (c == '\x01' && k < 3) {
      ++k;
    } else {
      parts[k] += c;
    }
  }
  dora::RawDataSourceSettings raw;
  raw.url = parts[0];
  raw.user = parts[1];
  raw.database = "dora";
  raw.secure["password"] = parts[2];
  raw.json_data = parts[3];
  auto s = dora::ParseSettings(raw);
  if (!s.ok()) return 0;
  const std::string conninfo = s->ConnectionString();
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (opts == nullptr) __builtin_trap();  // our string must always parse
  std::map<std::string, std::string> got;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val != nullptr) got[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  if (got["host"] != s->host || got["port"] != absl::StrCat(s->port) || got["user"] != s->user ||
      got["dbname"] != s->database || got["password"] != s->password) {
    __builtin_trap();
  }
  return 0;
}
