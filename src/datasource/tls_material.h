// The TLS material of one data source instance, checked and made readable
// for libpq. A static plugin has no system CA store it could trust on every
// distribution, so the CA certificate (and an optional client certificate and
// key) always come from the data source settings: as paths on the Grafana
// server (tlsConfigurationMethod file-path) or as PEM text in secureJsonData
// (file-content), which is written to private files because libpq only reads
// files.
#ifndef DORA_DATASOURCE_TLS_MATERIAL_H_
#define DORA_DATASOURCE_TLS_MATERIAL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "datasource/settings.h"

namespace dora {

class TlsMaterial {
 public:
  // Checks every configured piece (sslmode disable: nothing) and, for PEM
  // text, writes it to a fresh 0700 directory under `scratch_dir` (files
  // 0600). Errors are the settings errors of ParseSettings ("settings
  // error: <field>: <what>", see SettingsErrorField) and never quote the PEM
  // text: a file that cannot be read, text that is not a PEM certificate or
  // private key, a key readable by others (libpq refuses those), a key that
  // does not belong to its certificate.
  static absl::StatusOr<std::unique_ptr<TlsMaterial>> Prepare(const DataSourceSettings& settings,
                                                              const std::string& scratch_dir);

  // Removes the files written for PEM text.
  ~TlsMaterial();
  TlsMaterial(const TlsMaterial&) = delete;
  TlsMaterial& operator=(const TlsMaterial&) = delete;

  const TlsFilePaths& paths() const { return paths_; }

 private:
  TlsMaterial() = default;

  TlsFilePaths paths_;
  std::string owned_dir_;  // written by Prepare; removed with its files
};

}  // namespace dora

#endif  // DORA_DATASOURCE_TLS_MATERIAL_H_
