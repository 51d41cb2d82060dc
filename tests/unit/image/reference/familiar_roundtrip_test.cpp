// familiar() must parse back to the same reference: save/load stores familiar names, and
// "docker.io/localhost/x" came back as "localhost/x", another registry's image.
#include <gtest/gtest.h>

#include "image/reference/reference.hpp"

namespace berth::image {
namespace {

TEST(ReferenceFamiliar, ParsesBackToTheSameReference) {
  for (const char* text :
       {"docker.io/localhost/x", "docker.io/localhost/x:1", "docker.io/a.b/c", "docker.io/a.b/c/d",
        "python", "user/app:v1", "localhost/x", "localhost:5000/a/b", "docker.io/library/a/b",
        "docker.io/localhostx/y"}) {
    SCOPED_TRACE(text);
    Reference ref = Reference::parse(text);
    EXPECT_EQ(Reference::parse(ref.familiar()), ref);
  }
  EXPECT_EQ(Reference::parse("docker.io/localhost/x").familiar(), "docker.io/localhost/x:latest");
  EXPECT_EQ(Reference::parse("user/app").familiar(), "user/app:latest");
}

}  // namespace
}  // namespace berth::image
