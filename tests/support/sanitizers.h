// Whether this test binary runs under AddressSanitizer (the DORA_SANITIZE
// tree). Memory ceilings measure the product, not ASan's shadow memory and
// quarantine, so they apply only to normal builds.
#ifndef DORA_TESTS_SUPPORT_SANITIZERS_H_
#define DORA_TESTS_SUPPORT_SANITIZERS_H_

namespace dora::testing {

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
#elif defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_SANITIZERS_H_
