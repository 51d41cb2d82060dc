#include "image/blob_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <random>

#include "base/crash_point.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::image {

BlobStore::BlobStore(const std::filesystem::path& root)
    : dir_(root / "blobs" / "sha256"), ingest_(root / "blobs" / "ingest") {
  ensure_directory(dir_, 0700);
  ensure_directory(ingest_, 0700);
}

std::filesystem::path BlobStore::path(const Digest& d) const {
  if (d.algorithm() != "sha256") throw Error("unsupported digest algorithm: " + d.str());
  return dir_ / d.hex();
}

bool BlobStore::has(const Digest& d) const {
  struct stat st {};
  return ::stat(path(d).c_str(), &st) == 0;
}

int64_t BlobStore::size(const Digest& d) const {
  struct stat st {};
  if (::stat(path(d).c_str(), &st) != 0) throw NotFoundError("blob " + d.str() + " not found");
  return st.st_size;
}

Digest BlobStore::put(std::string_view bytes, const std::optional<Digest>& expected) {
  BlobWriter w(*this);
  w.write(bytes.data(), bytes.size());
  return w.commit(expected);
}

std::string BlobStore::read(const Digest& d) const {
  std::string data;
  try {
    data = read_file(path(d));
  } catch (const NotFoundError&) {
    throw NotFoundError("blob " + d.str() + " not found in the store");
  }
  if (Digest::sha256_of(data) != d) {
    throw Error("blob " + d.str() + " is corrupt: its content does not match its digest");
  }
  return data;
}

UniqueFd BlobStore::open(const Digest& d) const {
  UniqueFd fd(::open(path(d).c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) throw NotFoundError("blob " + d.str() + " not found in the store");
    throw_errno("open blob " + d.str());
  }
  return fd;
}

void BlobStore::remove(const Digest& d) const {
  if (::unlink(path(d).c_str()) != 0 && errno != ENOENT) throw_errno("remove blob " + d.str());
}

std::vector<Digest> BlobStore::list() const {
  std::vector<Digest> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    auto name = entry.path().filename().string();
    if (Digest::is_valid("sha256:" + name)) out.push_back(Digest::from_sha256_hex(name));
  }
  return out;
}

BlobWriter::BlobWriter(const BlobStore& store) : store_(store) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  temp_ = store.ingest_dir() / fmt::format("{:016x}", rng());
  fd_.reset(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd_.valid()) throw_errno("create " + temp_.string());
}

BlobWriter::~BlobWriter() {
  if (!done_) ::unlink(temp_.c_str());
}

void BlobWriter::write(const void* data, size_t size) {
  hash_.update(data, size);
  write_all(fd_.get(), data, size, temp_.string());
  size_ += static_cast<int64_t>(size);
}

Digest BlobWriter::commit(const std::optional<Digest>& expected) {
  Digest actual = hash_.finish();
  if (expected && *expected != actual) {
    throw Error("blob digest mismatch: expected " + expected->str() + ", content has " +
                actual.str());
  }
  if (::fsync(fd_.get()) != 0) throw_errno("fsync " + temp_.string());
  fd_.reset();
  crash_point("before-blob-publish");
  auto target = store_.path(actual);
  if (::rename(temp_.c_str(), target.c_str()) != 0) throw_errno("publish blob " + actual.str());
  done_ = true;
  fsync_directory(target.parent_path());
  return actual;
}

Digest BlobWriter::abandon() {
  Digest actual = hash_.finish();
  fd_.reset();
  ::unlink(temp_.c_str());
  done_ = true;
  return actual;
}

}  // namespace berth::image
