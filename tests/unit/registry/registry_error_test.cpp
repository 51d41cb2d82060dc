#include <gtest/gtest.h>

#include "registry/registry_client.hpp"

namespace berth::registry {
namespace {

TEST(RegistryError, DockersWordingOfTheErrorDocument) {
  HttpResponse r;
  r.status = 404;
  r.body = R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]})";
  auto e = registry_error(r);
  EXPECT_STREQ(e.what(), "manifest unknown: manifest unknown");
  EXPECT_EQ(e.code(), "MANIFEST_UNKNOWN");
  EXPECT_EQ(e.status(), 404);
  r.status = 401;
  r.body = "<html>proxy says no</html>";
  e = registry_error(r);
  EXPECT_STREQ(e.what(), "unauthorized: authentication required");
  EXPECT_EQ(e.code(), "");
}

}  // namespace
}  // namespace berth::registry
