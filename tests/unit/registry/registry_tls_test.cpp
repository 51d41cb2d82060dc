#include "registry/registry_tls.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::registry {
namespace {

TEST(RegistryTls, NothingForAHostWithoutADirectory) {
  TempDir certs;
  auto tls = registry_tls("127.0.0.1:5000", certs.path());
  EXPECT_TRUE(tls.ca_bundle.empty());
  EXPECT_TRUE(tls.client_cert.empty());
}

TEST(RegistryTls, CasAddToTheSystemsAndAClientCertNeedsItsKey) {
  TempDir certs;
  auto dir = certs.path() / "registry.example:5000";
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "ca.crt",
                    "-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n");
  write_file_atomic(dir / "client.cert", "cert");
  write_file_atomic(dir / "client.key", "key");
  auto tls = registry_tls("registry.example:5000", certs.path());
  EXPECT_NE(tls.ca_bundle.find("TESTCA"), std::string::npos);
  EXPECT_EQ(tls.client_cert, dir / "client.cert");
  EXPECT_EQ(tls.client_key, dir / "client.key");
  std::filesystem::remove(dir / "client.key");
  EXPECT_THROW(registry_tls("registry.example:5000", certs.path()), Error);
}

}  // namespace
}  // namespace berth::registry
