// Numbers and durations for humans (CLI tables, annotation texts).
#ifndef DORA_COMMON_HUMAN_NUMBER_H_
#define DORA_COMMON_HUMAN_NUMBER_H_

#include <string>

namespace dora {

// At most three decimals, trailing zeros dropped: "1.5", "2", "0.333".
std::string HumanNumber(double value);

// "3.2h", "2.5d", "45m", "12s" — for humans only.
std::string HumanDuration(double seconds);

}  // namespace dora

#endif  // DORA_COMMON_HUMAN_NUMBER_H_
