#include "spaces/lfs_object_store.hpp"

#include <gtest/gtest.h>

#include "base/digest.hpp"
#include "base/fs.hpp"

namespace berth::spaces {
namespace {

// Every file under `dir`, temp files included.
std::size_t lfs_files_under(const std::filesystem::path& dir) {
  std::size_t count = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    count += entry.is_regular_file() ? 1 : 0;
  }
  return count;
}

TEST(LfsObjectStore, VerifiedWrites) {
  TempDir dir;
  LfsObjectStore store(dir.path());
  std::string content = "large file content";
  std::string oid = Digest::sha256_of(content).hex();
  EXPECT_EQ(store.size_of(oid), std::nullopt);
  auto writer = store.begin_write(oid, content.size());
  writer->write(content.substr(0, 5));
  writer->write(content.substr(5));
  writer->commit();
  EXPECT_EQ(store.size_of(oid), content.size());
  EXPECT_TRUE(store.contains(oid, content.size()));
  EXPECT_EQ(read_file(store.path_of(oid)), content);
  EXPECT_EQ(store.path_of(oid),
            dir.path() / "lfs" / "objects" / oid.substr(0, 2) / oid.substr(2, 2) / oid);
}

TEST(LfsObjectStore, MismatchesLeaveNothing) {
  TempDir dir;
  LfsObjectStore store(dir.path());
  std::string content = "the real content";
  std::string oid = Digest::sha256_of(content).hex();
  {
    auto wrong_content = store.begin_write(oid, content.size());
    wrong_content->write(std::string(content.size(), 'x'));
    EXPECT_THROW(wrong_content->commit(), LfsContentError);
  }
  {
    auto short_write = store.begin_write(oid, content.size());
    short_write->write(content.substr(1));
    EXPECT_THROW(short_write->commit(), LfsContentError);
  }
  {
    auto long_write = store.begin_write(oid, content.size());
    EXPECT_THROW(long_write->write(content + "!"), LfsContentError);
  }
  { auto abandoned = store.begin_write(oid, content.size()); }
  EXPECT_EQ(store.size_of(oid), std::nullopt);
  EXPECT_EQ(lfs_files_under(dir.path() / "lfs"), 0u) << "a refused object left a file behind";
  EXPECT_THROW(store.begin_write("../../etc/passwd", 1), InvalidArgumentError);
  EXPECT_THROW(store.begin_write(std::string(64, 'A'), 1), InvalidArgumentError);
  EXPECT_EQ(store.size_of("not-an-oid"), std::nullopt);
}

}  // namespace
}  // namespace berth::spaces
