// dora: migrate the schema, load demo data, query and verify DORA metrics.
// The command line is cli_app.h's.
#include <iostream>
#include <string>
#include <vector>

#include "cli_app.h"
#include "common/clock.h"

#ifndef DORA_VERSION
#define DORA_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  return dora::RunDora(std::vector<std::string>(argv + 1, argv + argc), dora::SystemClock().Now(), DORA_VERSION,
                       std::cout, std::cerr);
}
