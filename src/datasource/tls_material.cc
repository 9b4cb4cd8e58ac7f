#include "datasource/tls_material.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "absl/strings/str_cat.h"
#include "common/phase_error.h"

namespace dora {
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;

std::unique_ptr<BIO, BioDeleter> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioDeleter>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of a PEM text (a CA bundle may hold several; each
// one must parse).
absl::StatusOr<X509Ptr> ParseCertificates(const std::string& pem, absl::string_view field) {
  auto bio = MemoryBio(pem);
  X509Ptr first;
  int count = 0;
  while (true) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (cert == nullptr) break;
    if (!first) first = std::move(cert);
    ++count;
  }
  unsigned long err = ERR_peek_last_error();
  ERR_clear_error();
  bool clean_end = err == 0 || ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
  if (count == 0) {
    return SettingsFieldError(field,
                              "is not a PEM certificate (expected a block starting with -----BEGIN CERTIFICATE-----)");
  }
  if (!clean_end)
    return SettingsFieldError(field, absl::StrCat("certificate ", count + 1, " in the PEM text is damaged"));
  return first;
}

absl::StatusOr<KeyPtr> ParsePrivateKey(const std::string& pem, absl::string_view field) {
  auto bio = MemoryBio(pem);
  // No passphrase callback: an encrypted key fails instead of prompting.
  KeyPtr key(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return SettingsFieldError(field,
                              "is not an unencrypted PEM private key (expected -----BEGIN PRIVATE KEY----- or "
                              "-----BEGIN RSA/EC PRIVATE KEY-----)");
  }
  return key;
}

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view field) {
  if (path.front() != '/') return SettingsFieldError(field, absl::StrCat("'", path, "' is not an absolute path"));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return SettingsFieldError(field, absl::StrCat("cannot read '", path, "': ", std::strerror(errno)));
  std::string content;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) content.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return SettingsFieldError(field, absl::StrCat("cannot read '", path, "'"));
  return content;
}

// libpq's rule for key files: no group/world access, except group read when
// the file belongs to root.
absl::Status CheckKeyFileMode(const std::string& path, absl::string_view field) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return SettingsFieldError(field, absl::StrCat("cannot read '", path, "': ", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) return SettingsFieldError(field, absl::StrCat("'", path, "' is not a regular file"));
  const bool root_owned = st.st_uid == 0;
  const mode_t allowed = root_owned ? (S_IRWXU | S_IRGRP) : S_IRWXU;
  if ((st.st_mode & ~allowed & (S_IRWXU | S_IRWXG | S_IRWXO)) != 0) {
    return SettingsFieldError(
        field, absl::StrCat("'", path, "' is readable by others; libpq requires mode 0600 (or 0640 owned by root)"));
  }
  return absl::OkStatus();
}

absl::Status WritePrivateFile(const std::string& path, const std::string& content) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot create '", path, "': ", std::strerror(errno)));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t w = write(fd, content.data() + done, content.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int e = errno;
      close(fd);
      unlink(path.c_str());
      return absl::InternalError(absl::StrCat("cannot write '", path, "': ", std::strerror(e)));
    }
    done += static_cast<size_t>(w);
  }
  if (close(fd) != 0) {
    int e = errno;
    unlink(path.c_str());
    return absl::InternalError(absl::StrCat("cannot write '", path, "': ", std::strerror(e)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<TlsMaterial>> TlsMaterial::Prepare(const DataSourceSettings& settings,
                                                                  const std::string& scratch_dir) {
  std::unique_ptr<TlsMaterial> material(new TlsMaterial());
  if (settings.sslmode == "disable") return material;
  const TlsSettings& tls = settings.tls;
  const bool by_path = tls.method == TlsConfigurationMethod::kFilePath;

  // The PEM text of each configured piece, read from its file or taken from
  // secureJsonData.
  std::string ca = tls.ca_cert_pem, cert = tls.client_cert_pem, key = tls.client_key_pem;
  if (by_path) {
    for (auto [path, field, out] : {std::tuple{&tls.root_cert_file, tls.RootCertField(), &ca},
                                    std::tuple{&tls.cert_file, tls.ClientCertField(), &cert},
                                    std::tuple{&tls.key_file, tls.ClientKeyField(), &key}}) {
      if (path->empty()) continue;
      auto content = ReadFile(*path, field);
      if (!content.ok()) return content.status();
      *out = *std::move(content);
    }
    if (!tls.key_file.empty()) {
      if (absl::Status st = CheckKeyFileMode(tls.key_file, tls.ClientKeyField()); !st.ok()) return st;
    }
  }
  if (!ca.empty()) {
    auto parsed = ParseCertificates(ca, tls.RootCertField());
    if (!parsed.ok()) return parsed.status();
  }
  if (!cert.empty()) {
    auto parsed_cert = ParseCertificates(cert, tls.ClientCertField());
    if (!parsed_cert.ok()) return parsed_cert.status();
    auto parsed_key = ParsePrivateKey(key, tls.ClientKeyField());
    if (!parsed_key.ok()) return parsed_key.status();
    if (X509_check_private_key(parsed_cert->get(), parsed_key->get()) != 1) {
      ERR_clear_error();
      return SettingsFieldError(tls.ClientKeyField(), "does not belong to the client certificate");
    }
  }

  if (by_path) {
    material->paths_ = TlsFilePaths{tls.root_cert_file, tls.cert_file, tls.key_file};
    return material;
  }
  if (ca.empty() && cert.empty()) return material;
  std::string dir = scratch_dir + "/tls-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create a directory for TLS files under '", scratch_dir, "': ", std::strerror(errno)));
  }
  material->owned_dir_ = dir;  // from here on, the destructor cleans up
  for (auto [content, name, out] : {std::tuple{&ca, "root.crt", &material->paths_.root_cert},
                                    std::tuple{&cert, "client.crt", &material->paths_.client_cert},
                                    std::tuple{&key, "client.key", &material->paths_.client_key}}) {
    if (content->empty()) continue;
    std::string path = absl::StrCat(dir, "/", name);
    if (absl::Status st = WritePrivateFile(path, *content); !st.ok()) return st;
    *out = path;
  }
  return material;
}

TlsMaterial::~TlsMaterial() {
  if (owned_dir_.empty()) return;
  for (const std::string* path : {&paths_.root_cert, &paths_.client_cert, &paths_.client_key}) {
    if (!path->empty()) unlink(path->c_str());
  }
  rmdir(owned_dir_.c_str());
}

}  // namespace dora
