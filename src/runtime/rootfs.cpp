#include "runtime/rootfs.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <string>

#include "base/error.hpp"
#include "base/fs.hpp"

namespace berth::runtime {

RootfsLayout RootfsLayout::in(const std::filesystem::path& dir, int64_t size_cap_bytes) {
  if (size_cap_bytes <= 0) return {dir / "upper", dir / "work", dir / "merged", std::nullopt};
  // overlayfs wants upper and work on one filesystem: both inside the capped one.
  auto rw = dir / "rw";
  return {
      rw / "upper", rw / "work", dir / "merged",
      CappedFilesystem{.image = dir / "rw.img", .mount_point = rw, .size_bytes = size_cap_bytes}};
}

namespace {

bool listed_in_mountinfo(const std::filesystem::path& path) {
  std::ifstream mounts("/proc/self/mountinfo");
  std::string line;
  std::string wanted = " " + path.string() + " ";
  while (std::getline(mounts, line)) {
    // Field 5 is the mount point.
    size_t pos = 0;
    for (int field = 0; field < 4 && pos != std::string::npos; ++field)
      pos = line.find(' ', pos + 1);
    if (pos != std::string::npos && line.compare(pos, wanted.size(), wanted) == 0) return true;
  }
  return false;
}

}  // namespace

bool is_mounted(const std::filesystem::path& path) {
  // The kernel says whether a path is the root of a mount (Linux 5.8): one statx, where
  // mountinfo is a listing of every mount, a line longer than a page for each overlay, that
  // grows with every running container.
  struct statx st {};
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, 0, &st) != 0) return false;
  if (st.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) {
    return (st.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
  }
  return listed_in_mountinfo(path);
}

namespace {

// Mount points in mountinfo escape ' ', '\t', '\n' and '\\' as octal "\ooo".
std::string unescape_mount_point(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(field.substr(i + 1, 3)), nullptr, 8)));
      i += 3;
    } else {
      out.push_back(field[i]);
    }
  }
  return out;
}

}  // namespace

void unmount_all_under(const std::filesystem::path& dir) {
  std::string prefix = dir.lexically_normal().string();
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  std::vector<std::string> found;
  std::ifstream mounts("/proc/self/mountinfo");
  std::string line;
  while (std::getline(mounts, line)) {
    size_t start = 0;
    for (int field = 0; field < 4 && start != std::string::npos; ++field)
      start = line.find(' ', start + 1);
    if (start == std::string::npos) continue;
    size_t end = line.find(' ', start + 1);
    std::string point = unescape_mount_point(
        std::string_view(line).substr(start + 1, end == std::string::npos ? end : end - start - 1));
    if (point == prefix || point.starts_with(prefix + "/")) found.push_back(std::move(point));
  }
  // Deepest first, so a mount is never detached from under one still inside it.
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a > b; });
  for (const auto& point : found) {
    if (::umount2(point.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT) {
      throw_errno("unmount " + point);
    }
  }
}

void mount_rootfs(const RootfsLayout& layout, const std::vector<std::filesystem::path>& lowers,
                  bool disposable) {
  if (layout.capped) mount_capped(*layout.capped);
  ensure_directory(layout.upper, 0755);
  ensure_directory(layout.work, 0700);
  ensure_directory(layout.merged, 0755);
  if (is_mounted(layout.merged)) return;
  std::string lowerdir;
  for (auto it = lowers.rbegin(); it != lowers.rend(); ++it) {
    if (!lowerdir.empty()) lowerdir += ":";
    lowerdir += it->string();
  }
  if (lowerdir.empty()) {
    auto empty = layout.merged.parent_path() / "empty-lower";
    ensure_directory(empty, 0755);
    lowerdir = empty.string();
  }
  std::string options = "lowerdir=" + lowerdir + ",upperdir=" + layout.upper.string() +
                        ",workdir=" + layout.work.string() + (disposable ? ",volatile" : "");
  if (options.size() >= static_cast<size_t>(getpagesize())) {
    throw Error("the image has too many layers for one overlay mount (" +
                std::to_string(lowers.size()) + "); not supported yet");
  }
  if (::mount("overlay", layout.merged.c_str(), "overlay", 0, options.c_str()) != 0) {
    throw_errno("mount overlay rootfs at " + layout.merged.string());
  }
}

void unmount_rootfs(const RootfsLayout& layout) {
  // Not mounted is EINVAL: no need to look first.
  if (::umount2(layout.merged.c_str(), 0) != 0) {
    if (errno == EBUSY) {
      ::umount2(layout.merged.c_str(), MNT_DETACH);
    } else if (errno != EINVAL && errno != ENOENT) {
      throw_errno("unmount " + layout.merged.string());
    }
  }
  if (layout.capped) unmount_capped(layout.capped->mount_point);
}

}  // namespace berth::runtime
