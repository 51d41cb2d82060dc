#include "image/blob_store.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::image {
namespace {

TEST(BlobStore, StoresByDigestAndVerifiesOnRead) {
  TempDir root;
  BlobStore blobs(root.path());
  Digest d = blobs.put("hello");
  EXPECT_EQ(d, Digest::sha256_of("hello"));
  EXPECT_TRUE(blobs.has(d));
  EXPECT_EQ(blobs.read(d), "hello");
  EXPECT_EQ(blobs.size(d), 5);
  // Corrupt the stored content: reading must notice.
  write_file_atomic(blobs.path(d), "jello");
  EXPECT_THROW(blobs.read(d), Error);
}

TEST(BlobStore, WrongExpectedDigestPublishesNothing) {
  TempDir root;
  BlobStore blobs(root.path());
  EXPECT_THROW(blobs.put("hello", Digest::sha256_of("other")), Error);
  EXPECT_FALSE(blobs.has(Digest::sha256_of("hello")));
  EXPECT_TRUE(fs::is_empty(blobs.ingest_dir()));
}

TEST(BlobStore, AbandonedWriterLeavesNoTrace) {
  TempDir root;
  BlobStore blobs(root.path());
  {
    auto w = blobs.writer();
    w->write("abc", 3);
  }
  EXPECT_TRUE(fs::is_empty(blobs.ingest_dir()));
  EXPECT_TRUE(blobs.list().empty());
}

TEST(BlobStore, MissingBlobIsNotFound) {
  TempDir root;
  BlobStore blobs(root.path());
  EXPECT_THROW(blobs.read(Digest::sha256_of("x")), NotFoundError);
  EXPECT_THROW(blobs.open(Digest::sha256_of("x")), NotFoundError);
}

}  // namespace
}  // namespace berth::image
