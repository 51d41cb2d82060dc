#include "base/fs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <vector>

#include "base/error.hpp"

namespace berth {
namespace {

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

}  // namespace

AtomicFile::AtomicFile(fs::path target, unsigned mode) : target_(std::move(target)) {
  temp_ = target_.parent_path() / (".tmp-" + target_.filename().string() + "-" + random_suffix());
  fd_.reset(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (!fd_.valid()) throw_errno("create " + temp_.string());
  // open() applies the umask; publishing needs the exact mode asked for.
  if (::fchmod(fd_.get(), mode) != 0) throw_errno("chmod " + temp_.string());
}

AtomicFile::~AtomicFile() {
  if (!committed_) ::unlink(temp_.c_str());
}

void AtomicFile::write(const void* data, size_t size) {
  write_all(fd_.get(), data, size, temp_.string());
}

void AtomicFile::commit() {
  if (::fsync(fd_.get()) != 0) throw_errno("fsync " + temp_.string());
  fd_.reset();
  if (::rename(temp_.c_str(), target_.c_str()) != 0) throw_errno("rename to " + target_.string());
  committed_ = true;
  fsync_directory(target_.parent_path());
}

UniqueFd open_special_output(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
    return UniqueFd();
  }
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open " + path.string());
  return fd;
}

void write_output_file(const fs::path& path, std::string_view content, unsigned mode) {
  if (UniqueFd special = open_special_output(path); special.valid()) {
    write_all(special.get(), content.data(), content.size(), path.string());
    return;
  }
  write_file_atomic(path, content, mode);
}

void write_all(int fd, const void* data, size_t size, const std::string& what) {
  auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write " + what);
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

void write_file_atomic(const fs::path& path, std::string_view content, unsigned mode) {
  AtomicFile file(path, mode);
  file.write(content);
  file.commit();
}

void write_file_replace(const fs::path& path, std::string_view content, unsigned mode) {
  fs::path temp = path.parent_path() / (".tmp-" + path.filename().string() + "-" + random_suffix());
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (!fd.valid()) throw_errno("create " + temp.string());
  try {
    if (::fchmod(fd.get(), mode) != 0) throw_errno("chmod " + temp.string());
    write_all(fd.get(), content.data(), content.size(), temp.string());
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  fd.reset();
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    throw_errno("rename to " + path.string(), err);
  }
}

std::string read_file(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) throw NotFoundError("open " + path.string() + ": no such file");
    throw_errno("open " + path.string());
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read " + path.string());
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

void fsync_directory(const fs::path& dir) {
  UniqueFd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open directory " + dir.string());
  if (::fsync(fd.get()) != 0) throw_errno("fsync directory " + dir.string());
}

void ensure_directory(const fs::path& dir, unsigned mode) {
  struct stat st {};
  // Nearly every call finds the directory there: one stat. Otherwise only the missing
  // components are made, from the deepest one that exists down (a failed mkdir of every
  // component from / on each call cost a `berth run` ~60 system calls, 2 ms).
  std::vector<fs::path> missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (::stat(p.c_str(), &st) == 0) break;
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  // Only the directories made here get `mode`; an existing one (say /tmp) is never re-moded.
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), mode) == 0) {
      // mkdir applies the umask; the store's directories need the exact mode.
      if (::chmod(it->c_str(), mode) != 0) throw_errno("chmod " + it->string());
    } else if (errno != EEXIST) {  // EEXIST: made meanwhile by another process
      throw_errno("create directory " + it->string());
    }
  }
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw Error("create directory " + dir.string() + ": exists and is not a directory");
  }
}

TempDir::TempDir(const fs::path& parent, std::string_view prefix) {
  ensure_directory(parent);
  std::string templ = (parent / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) throw_errno("mkdtemp in " + parent.string());
  path_ = templ;
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace berth
