#include "datasource/tls_material.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "gtest/gtest.h"

namespace dora {
namespace {

// A fresh EC key and a self-signed certificate for it, as PEM text.
struct Pem {
  std::string cert;
  std::string key;
};

Pem MakeSelfSigned(const char* common_name) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  auto to_string = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<size_t>(n));
    BIO_free(bio);
    return out;
  };
  Pem pem{to_string([&](BIO* b) { PEM_write_bio_X509(b, cert); }),
          to_string([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); })};
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t Mode(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

class TlsMaterialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dora-tls-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  std::string WriteFile(const std::string& name, const std::string& content, mode_t mode) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    chmod(path.c_str(), mode);
    return path;
  }

  DataSourceSettings Settings(const std::string& sslmode, TlsConfigurationMethod method) {
    DataSourceSettings s;
    s.sslmode = sslmode;
    s.tls.method = method;
    return s;
  }

  std::string Field(const absl::StatusOr<std::unique_ptr<TlsMaterial>>& m) {
    return m.ok() ? "ok" : SettingsErrorField(m.status());
  }

  std::string dir_;
};

TEST_F(TlsMaterialTest, PemTextBecomesPrivateFilesRemovedWithTheMaterial) {
  Pem ca = MakeSelfSigned("test ca"), client = MakeSelfSigned("grafana");
  DataSourceSettings s = Settings("verify-full", TlsConfigurationMethod::kFileContent);
  s.tls.ca_cert_pem = ca.cert;
  s.tls.client_cert_pem = client.cert;
  s.tls.client_key_pem = client.key;
  auto material = TlsMaterial::Prepare(s, dir_);
  ASSERT_TRUE(material.ok()) << material.status();
  const TlsFilePaths paths = (*material)->paths();
  EXPECT_EQ(ReadAll(paths.root_cert), ca.cert);
  EXPECT_EQ(ReadAll(paths.client_cert), client.cert);
  EXPECT_EQ(ReadAll(paths.client_key), client.key);
  for (const std::string* p : {&paths.root_cert, &paths.client_cert, &paths.client_key}) {
    EXPECT_EQ(Mode(*p), 0600u) << *p;
    EXPECT_EQ(p->rfind(dir_ + "/tls-", 0), 0u) << *p;
  }
  const std::string owned = paths.root_cert.substr(0, paths.root_cert.rfind('/'));
  EXPECT_EQ(Mode(owned), 0700u);
  material->reset();
  EXPECT_NE(access(paths.root_cert.c_str(), F_OK), 0);
  EXPECT_NE(access(owned.c_str(), F_OK), 0);
}

TEST_F(TlsMaterialTest, BadPemTextNamesTheFieldWithoutQuotingIt) {
  DataSourceSettings s = Settings("verify-ca", TlsConfigurationMethod::kFileContent);
  s.tls.ca_cert_pem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";
  auto m = TlsMaterial::Prepare(s, dir_);
  EXPECT_EQ(Field(m), "secureJsonData.tlsCACert");
  EXPECT_EQ(std::string(m.status().message()).find("bm90"), std::string::npos) << m.status();

  Pem client = MakeSelfSigned("grafana"), other = MakeSelfSigned("other");
  s = Settings("require", TlsConfigurationMethod::kFileContent);
  s.tls.client_cert_pem = client.cert;
  s.tls.client_key_pem = "secret but not a key";
  m = TlsMaterial::Prepare(s, dir_);
  EXPECT_EQ(Field(m), "secureJsonData.tlsClientKey");
  EXPECT_EQ(std::string(m.status().message()).find("secret"), std::string::npos) << m.status();
  s.tls.client_key_pem = other.key;
  m = TlsMaterial::Prepare(s, dir_);
  EXPECT_EQ(Field(m), "secureJsonData.tlsClientKey");
  EXPECT_NE(std::string(m.status().message()).find("does not belong"), std::string::npos) << m.status();
  s.tls.client_cert_pem = "junk";
  s.tls.client_key_pem = client.key;
  EXPECT_EQ(Field(TlsMaterial::Prepare(s, dir_)), "secureJsonData.tlsClientCert");
}

TEST_F(TlsMaterialTest, FilePathsAreCheckedAndPassedThrough) {
  Pem ca = MakeSelfSigned("test ca"), client = MakeSelfSigned("grafana");
  DataSourceSettings s = Settings("verify-full", TlsConfigurationMethod::kFilePath);
  s.tls.root_cert_file = WriteFile("ca.pem", ca.cert + ca.cert, 0644);  // a bundle of two
  s.tls.cert_file = WriteFile("client.pem", client.cert, 0644);
  s.tls.key_file = WriteFile("client.key", client.key, 0600);
  auto m = TlsMaterial::Prepare(s, dir_);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)->paths().root_cert, s.tls.root_cert_file);
  EXPECT_EQ((*m)->paths().client_key, s.tls.key_file);

  chmod(s.tls.key_file.c_str(), 0644);  // libpq would refuse it
  m = TlsMaterial::Prepare(s, dir_);
  EXPECT_EQ(Field(m), "jsonData.sslKeyFile");
  EXPECT_NE(std::string(m.status().message()).find("0600"), std::string::npos) << m.status();
  chmod(s.tls.key_file.c_str(), 0600);

  s.tls.root_cert_file = dir_ + "/missing.pem";
  m = TlsMaterial::Prepare(s, dir_);
  EXPECT_EQ(Field(m), "jsonData.sslRootCertFile");
  EXPECT_NE(std::string(m.status().message()).find("No such file"), std::string::npos) << m.status();
  for (const char* relative : {"ca.pem", " /etc/ca.pem"}) {  // as the config editor: absolute paths only
    s.tls.root_cert_file = relative;
    m = TlsMaterial::Prepare(s, dir_);
    EXPECT_EQ(Field(m), "jsonData.sslRootCertFile");
    EXPECT_NE(std::string(m.status().message()).find("not an absolute path"), std::string::npos) << m.status();
  }
  s.tls.root_cert_file = WriteFile("not-pem.txt", "hello", 0644);
  EXPECT_EQ(Field(TlsMaterial::Prepare(s, dir_)), "jsonData.sslRootCertFile");
}

TEST_F(TlsMaterialTest, DisableIgnoresEverything) {
  DataSourceSettings s = Settings("disable", TlsConfigurationMethod::kFileContent);
  s.tls.ca_cert_pem = "junk";
  auto m = TlsMaterial::Prepare(s, dir_);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE((*m)->paths().root_cert.empty());
}

}  // namespace
}  // namespace dora
