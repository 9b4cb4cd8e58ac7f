// Link-time stand-ins for the Kerberos (GSSAPI) and LDAP functions that
// Debian's libpq.a calls. Debian ships no static archives of libgssapi_krb5
// or libldap, so the static plugin (DORA_STATIC) links these instead: every
// call fails the way libpq expects an unavailable mechanism to fail.
//
// Consequences, documented in the README: GSSAPI encryption is never
// negotiated (the plugin also sends gssencmode=disable), a server that asks
// for GSSAPI/Kerberos authentication gets "GSSAPI is not available in the
// static plugin build", and ldap:// lines of a pg_service.conf are not
// looked up. Password, SCRAM and TLS client-certificate authentication are
// unaffected.
//
// Only built and linked when DORA_STATIC is ON; the signatures follow RFC
// 2744 (GSSAPI C bindings) and OpenLDAP's ldap.h with opaque pointer types,
// which is all the C calling convention needs.
#include <cstddef>
#include <cstdint>

namespace {

using OmUint32 = uint32_t;
constexpr OmUint32 kGssFailure = 13u << 16;  // GSS_S_FAILURE
constexpr int kLdapNotSupported = 0x5c;      // LDAP_NOT_SUPPORTED
constexpr char kGssMessage[] = "GSSAPI is not available in the static plugin build";

struct GssBuffer {  // gss_buffer_desc
  size_t length;
  void* value;
};

}  // namespace

extern "C" {

void* GSS_C_NT_HOSTBASED_SERVICE = nullptr;

OmUint32 gss_acquire_cred(OmUint32* minor, void*, OmUint32, void*, int, void**, void**, OmUint32*) {
  if (minor != nullptr) *minor = 0;
  return kGssFailure;
}
OmUint32 gss_import_name(OmUint32* minor, void*, void*, void**) {
  if (minor != nullptr) *minor = 0;
  return kGssFailure;
}
OmUint32 gss_init_sec_context(OmUint32* minor, void*, void**, void*, void*, OmUint32, OmUint32, void*, void*, void**,
                              GssBuffer* output, OmUint32*, OmUint32*) {
  if (minor != nullptr) *minor = 0;
  if (output != nullptr) *output = GssBuffer{0, nullptr};
  return kGssFailure;
}
OmUint32 gss_wrap(OmUint32* minor, void*, int, int, void*, int*, GssBuffer* output) {
  if (minor != nullptr) *minor = 0;
  if (output != nullptr) *output = GssBuffer{0, nullptr};
  return kGssFailure;
}
OmUint32 gss_unwrap(OmUint32* minor, void*, void*, GssBuffer* output, int*, int*) {
  if (minor != nullptr) *minor = 0;
  if (output != nullptr) *output = GssBuffer{0, nullptr};
  return kGssFailure;
}
OmUint32 gss_wrap_size_limit(OmUint32* minor, void*, int, int, OmUint32, OmUint32* max_input) {
  if (minor != nullptr) *minor = 0;
  if (max_input != nullptr) *max_input = 0;
  return kGssFailure;
}
// libpq prints the message, then releases the buffer, while message_context
// is non-zero: one static message, nothing to free.
OmUint32 gss_display_status(OmUint32* minor, OmUint32, int, void*, OmUint32* message_context, GssBuffer* status) {
  if (minor != nullptr) *minor = 0;
  if (message_context != nullptr) *message_context = 0;
  if (status != nullptr) *status = GssBuffer{sizeof(kGssMessage) - 1, const_cast<char*>(kGssMessage)};
  return 0;
}
OmUint32 gss_release_buffer(OmUint32* minor, GssBuffer* buffer) {
  if (minor != nullptr) *minor = 0;
  if (buffer != nullptr) *buffer = GssBuffer{0, nullptr};
  return 0;
}
OmUint32 gss_release_cred(OmUint32* minor, void** cred) {
  if (minor != nullptr) *minor = 0;
  if (cred != nullptr) *cred = nullptr;
  return 0;
}
OmUint32 gss_release_name(OmUint32* minor, void** name) {
  if (minor != nullptr) *minor = 0;
  if (name != nullptr) *name = nullptr;
  return 0;
}
OmUint32 gss_delete_sec_context(OmUint32* minor, void** context, GssBuffer* output) {
  if (minor != nullptr) *minor = 0;
  if (context != nullptr) *context = nullptr;
  if (output != nullptr) *output = GssBuffer{0, nullptr};
  return 0;
}

// ldap_init failing makes libpq report "could not create LDAP structure";
// the others are never reached without a handle.
void* ldap_init(const char*, int) { return nullptr; }
int ldap_set_option(void*, int, const void*) { return kLdapNotSupported; }
int ldap_simple_bind(void*, const char*, const char*) { return -1; }
int ldap_search_st(void*, const char*, int, const char*, char**, int, void*, void**) { return kLdapNotSupported; }
int ldap_result(void*, int, int, void*, void**) { return -1; }
int ldap_count_entries(void*, void*) { return -1; }
void* ldap_first_entry(void*, void*) { return nullptr; }
void** ldap_get_values_len(void*, void*, const char*) { return nullptr; }
void ldap_value_free_len(void**) {}
int ldap_msgfree(void*) { return 0; }
int ldap_unbind(void*) { return 0; }
char* ldap_err2string(int) { return const_cast<char*>("LDAP is not available in the static plugin build"); }

}  // extern "C"
