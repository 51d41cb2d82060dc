#include "build/context/copy_into_rootfs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <unordered_map>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/mkdir_all.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "base/unique_fd.hpp"
#include "image/layer/unpack_tar.hpp"

namespace berth::build {

DestinationPath destination_path(const std::string& workdir, const std::string& path) {
  DestinationPath out;
  out.directory_syntax = path.empty() || path.ends_with('/') || path == "." || path.ends_with("/.");
  std::string joined = path.starts_with('/') ? path : workdir + "/" + path;
  out.relative = clamp_to_root(joined);
  return out;
}

namespace {

struct DirMeta {
  std::string path;
  uint32_t mode;
  timespec mtime;
};

class Copier {
 public:
  Copier(const BuildContext& context, const CopyDestination& destination,
         const CopyOptions& options)
      : context_(context), options_(options) {
    root_.reset(::open(destination.rootfs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root_.valid()) throw_errno("open rootfs " + destination.rootfs.string());
    owner_ = options.chown.value_or(Ownership{});
    set_owner_ = options.set_owner;
    if (!set_owner_) {
      bool privileged = options.privileged;
      set_owner_ = [privileged](int dir_fd, const char* name, Ownership o) {
        if (!privileged) return;
        if (::fchownat(dir_fd, name, o.uid, o.gid, AT_SYMLINK_NOFOLLOW) != 0) {
          throw_errno(std::string("chown ") + name);
        }
      };
    }
  }

  void copy(const std::vector<CopySource>& sources, const CopyDestination& destination);
  CopyStats stats() const { return stats_; }

 private:
  void own(int dir_fd, const char* name) { set_owner_(dir_fd, name, owner_); }
  UniqueFd make_parents(std::string_view dir);
  bool is_directory(const std::string& path);
  bool try_unpack(const CopySource& source, const std::string& dest);
  void write_entry(const CopySource& source, const SourceEntry& e, const std::string& path);
  void write_file(const CopySource& source, const SourceEntry& e, int dir_fd, const char* name,
                  const std::string& path);
  UniqueFd open_source(const CopySource& source, const SourceEntry& e);
  void ensure_dir(const SourceEntry& e, int dir_fd, const char* name, const std::string& path);
  // What is at `name` now: 0 (nothing) or its st_mode; never follows a symlink.
  mode_t existing(int dir_fd, const char* name);
  void finish();

  const BuildContext& context_;
  const CopyOptions& options_;
  UniqueFd root_;
  Ownership owner_;
  std::function<void(int, const char*, Ownership)> set_owner_;
  std::vector<DirMeta> dirs_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> linked_;  // (dev, ino) -> first copy
  CopyStats stats_;
};

UniqueFd Copier::make_parents(std::string_view dir) {
  return make_dirs_in_root(root_.get(), dir, 0755,
                           [this](int parent, const char* name) { own(parent, name); });
}

bool Copier::is_directory(const std::string& path) {
  int fd = openat2_in_root(root_.get(), path, O_PATH | O_DIRECTORY);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

mode_t Copier::existing(int dir_fd, const char* name) {
  struct stat st;
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  return st.st_mode;
}

UniqueFd Copier::open_source(const CopySource& source, const SourceEntry& e) {
  constexpr int kFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd;
  std::string where;
  if (source.origin == CopySource::Origin::kHostFile) {
    fd = ::open(source.path.c_str(), kFlags);
    fd = fd < 0 ? -errno : fd;
    where = source.path;
  } else {
    where = "/" + join_relative(source.path, e.relative);
    fd = openat2_in_root(context_.root_fd(), join_relative(source.path, e.relative), kFlags);
  }
  if (fd < 0) throw NotFoundError("\"" + where + "\": not found (changed during the build?)");
  UniqueFd out(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    throw Error("\"" + where + "\" is no longer a regular file");
  }
  return out;
}

bool Copier::try_unpack(const CopySource& source, const std::string& dest) {
  if (!options_.unpack_archives || source.origin != CopySource::Origin::kContext ||
      source.is_directory()) {
    return false;
  }
  UniqueFd fd = open_source(source, source.entries[0]);
  if (!image::is_tar_archive(fd.get())) return false;
  auto chown = options_.chown;
  image::TarPolicy policy = image::TarPolicy::add_archive(
      options_.privileged, [this, chown](int dir_fd, const char* name, uint32_t uid, uint32_t gid) {
        set_owner_(dir_fd, name, chown.value_or(Ownership{uid, gid}));
      });
  policy.limits = options_.archive_limits;
  auto result = with_context("ADD " + source.written, [&] {
    // Missing directories of the destination are made as tar makes them: 0755, root's.
    UniqueFd dest_dir =
        make_dirs_in_root(root_.get(), clamp_to_root(dest), 0755,
                          [&](int dir, const char* name) { policy.set_owner(dir, name, 0, 0); });
    return image::unpack_tar(fd.get(), dest_dir.get(), policy);
  });
  ++stats_.archives;
  stats_.bytes += result.bytes;
  return true;
}

void Copier::ensure_dir(const SourceEntry& e, int dir_fd, const char* name,
                        const std::string& path) {
  mode_t now = existing(dir_fd, name);
  if (now != 0) {
    // An existing directory (or a symlink to one, followed inside the rootfs) is merged into
    // and keeps its own metadata.
    if (is_directory(path)) return;
    throw InvalidArgumentError("cannot overwrite non-directory \"/" + path + "\" with a directory");
  }
  if (::mkdirat(dir_fd, name, 0700) != 0) throw_errno("create directory \"/" + path + "\"");
  own(dir_fd, name);
  dirs_.push_back({path, options_.chmod.value_or(e.mode), e.mtime});
  ++stats_.directories;
}

void Copier::write_file(const CopySource& source, const SourceEntry& e, int dir_fd,
                        const char* name, const std::string& path) {
  if (e.links > 1 && source.origin == CopySource::Origin::kContext) {
    auto key = std::make_pair(e.device, e.inode);
    if (auto it = linked_.find(key); it != linked_.end()) {
      auto [first_parent, first_name] = split_last(it->second);
      UniqueFd first_dir = open_dir_in_root(root_.get(), first_parent, "/" + it->second);
      std::string first(first_name);
      if (::unlinkat(dir_fd, name, 0) != 0 && errno != ENOENT) {
        throw_errno("replace \"/" + path + "\"");
      }
      if (::linkat(first_dir.get(), first.c_str(), dir_fd, name, 0) != 0) {
        throw_errno("hardlink \"/" + path + "\"");
      }
      ++stats_.hardlinks;
      return;
    }
    linked_.emplace(key, path);
  }
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd out(::openat(dir_fd, name, kFlags, 0600));
  if (!out.valid()) throw_errno("create \"/" + path + "\"");
  if (source.origin == CopySource::Origin::kInline) {
    write_all(out.get(), source.content.data(), source.content.size(), "write /" + path);
    stats_.bytes += source.content.size();
  } else {
    UniqueFd in = open_source(source, e);
    std::vector<char> buf(1 << 20);
    for (;;) {
      ssize_t n = ::read(in.get(), buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno("read " + source.written);
      if (n == 0) break;
      write_all(out.get(), buf.data(), static_cast<size_t>(n), "write /" + path);
      stats_.bytes += static_cast<uint64_t>(n);
    }
  }
  own(dir_fd, name);
  // After chown, which clears setuid/setgid.
  if (::fchmod(out.get(), options_.chmod.value_or(e.mode)) != 0) {
    throw_errno("chmod \"/" + path + "\"");
  }
  timespec times[2] = {e.mtime, e.mtime};
  if (::futimens(out.get(), times) != 0) throw_errno("set times of \"/" + path + "\"");
  ++stats_.files;
}

void Copier::write_entry(const CopySource& source, const SourceEntry& e, const std::string& path) {
  auto [parent, base] = split_last(path);
  if (base.empty()) {
    // The rootfs root itself: a directory source copied to "/" only merges into it.
    if (e.type != EntryType::kDirectory) {
      throw InvalidArgumentError("cannot overwrite directory \"/\" with a non-directory");
    }
    return;
  }
  UniqueFd dir = make_parents(parent);
  std::string name(base);
  if (e.type == EntryType::kDirectory) {
    ensure_dir(e, dir.get(), name.c_str(), path);
    return;
  }
  mode_t now = existing(dir.get(), name.c_str());
  if (S_ISDIR(now)) {
    throw InvalidArgumentError("cannot overwrite directory \"/" + path +
                               "\" with non-directory \"" +
                               join_relative(source.written, e.relative) + "\"");
  }
  if (now != 0 && ::unlinkat(dir.get(), name.c_str(), 0) != 0 && errno != ENOENT) {
    throw_errno("replace \"/" + path + "\"");
  }
  if (e.type == EntryType::kSymlink) {
    if (::symlinkat(e.link_target.c_str(), dir.get(), name.c_str()) != 0) {
      throw_errno("create symlink \"/" + path + "\"");
    }
    own(dir.get(), name.c_str());
    timespec times[2] = {e.mtime, e.mtime};
    if (::utimensat(dir.get(), name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
      throw_errno("set times of \"/" + path + "\"");
    }
    ++stats_.symlinks;
    return;
  }
  write_file(source, e, dir.get(), name.c_str(), path);
}

void Copier::copy(const std::vector<CopySource>& sources, const CopyDestination& destination) {
  DestinationPath dest = destination_path(destination.workdir, destination.path);
  bool keep_parents = std::any_of(sources.begin(), sources.end(),
                                  [](const CopySource& s) { return s.keep_parents; });
  bool dest_is_dir =
      dest.directory_syntax || sources.size() > 1 || keep_parents || is_directory(dest.relative);
  for (const auto& source : sources) {
    if (source.entries.empty()) continue;
    if (try_unpack(source, dest.relative)) continue;
    std::string target =
        dest_is_dir ? join_relative(dest.relative, source.dest_name) : dest.relative;
    if (dest_is_dir) make_parents(dest.relative);
    for (const auto& parent : source.parent_dirs) {
      write_entry(source, parent, join_relative(dest.relative, parent.relative));
    }
    for (const auto& e : source.entries) write_entry(source, e, join_relative(target, e.relative));
  }
  finish();
}

void Copier::finish() {
  // Deepest first: a read-only directory must receive its children before its mode.
  std::stable_sort(dirs_.begin(), dirs_.end(), [](const DirMeta& x, const DirMeta& y) {
    return std::count(x.path.begin(), x.path.end(), '/') >
           std::count(y.path.begin(), y.path.end(), '/');
  });
  for (const auto& d : dirs_) {
    int raw = openat2_in_root(root_.get(), d.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (raw < 0) throw_errno("open \"/" + d.path + "\"", -raw);
    UniqueFd fd(raw);
    if (::fchmod(fd.get(), d.mode) != 0) throw_errno("chmod \"/" + d.path + "\"");
    timespec times[2] = {d.mtime, d.mtime};
    if (::futimens(fd.get(), times) != 0) throw_errno("set times of \"/" + d.path + "\"");
  }
}

}  // namespace

CopyStats copy_into_rootfs(const BuildContext& context, const std::vector<CopySource>& sources,
                           const CopyDestination& destination, const CopyOptions& options) {
  Copier copier(context, destination, options);
  copier.copy(sources, destination);
  return copier.stats();
}

}  // namespace berth::build
