#include "base/capped_filesystem.hpp"

#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/process.hpp"
#include "base/unique_fd.hpp"

namespace berth {

namespace fs = std::filesystem;

namespace {

void run_e2fs_tool(const std::vector<std::string>& argv, const fs::path& image,
                   int highest_success = 0) {
  auto result = run_process(argv, {.search_path = true});
  if (result.exit_code == 127) {
    throw Error(argv[0] + " is not installed (Debian's e2fsprogs); it makes the filesystem of " +
                image.string());
  }
  if (result.exit_code > highest_success) {
    throw Error(argv[0] + " " + image.string() + " failed (exit " +
                std::to_string(result.exit_code) + "): " + result.output);
  }
}

// Grown offline: resize2fs wants a clean, recently checked filesystem (e2fsck exit 1 means it
// fixed something, which is still a success).
void grow_image(const CappedFilesystem& cap) {
  run_e2fs_tool({"e2fsck", "-f", "-p", cap.image.string()}, cap.image, 1);
  if (::truncate(cap.image.c_str(), cap.size_bytes) != 0) throw_errno("grow " + cap.image.string());
  run_e2fs_tool({"resize2fs", cap.image.string()}, cap.image);
}

// A free loop device bound to `backing`. LO_FLAGS_AUTOCLEAR detaches it when the filesystem
// on it is unmounted and this descriptor closed: no loop device outlives its mount.
UniqueFd attach_loop_device(const fs::path& backing, std::string& device) {
  UniqueFd file(::open(backing.c_str(), O_RDWR | O_CLOEXEC));
  if (!file.valid()) throw_errno("open " + backing.string());
  UniqueFd control(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
  if (!control.valid())
    throw_errno("open /dev/loop-control (loop devices are needed to cap a directory's size)");
  // Another process can take the device between GET_FREE and CONFIGURE: try the next one.
  for (int attempt = 0; attempt < 16; ++attempt) {
    int number = ::ioctl(control.get(), LOOP_CTL_GET_FREE);
    if (number < 0) throw_errno("find a free loop device");
    device = "/dev/loop" + std::to_string(number);
    UniqueFd loop(::open(device.c_str(), O_RDWR | O_CLOEXEC));
    if (!loop.valid()) throw_errno("open " + device);
    loop_config config{};
    config.fd = static_cast<uint32_t>(file.get());
    config.info.lo_flags = LO_FLAGS_AUTOCLEAR;
    std::strncpy(reinterpret_cast<char*>(config.info.lo_file_name), backing.c_str(),
                 LO_NAME_SIZE - 1);
    if (::ioctl(loop.get(), LOOP_CONFIGURE, &config) == 0) return loop;
    if (errno != EBUSY) throw_errno("attach " + backing.string() + " to " + device);
  }
  throw Error("attach " + backing.string() + ": every free loop device was taken meanwhile");
}

std::string loop_backing_file(const std::string& name) {
  std::ifstream file("/sys/block/" + name + "/loop/backing_file");
  std::string backing;
  std::getline(file, backing);
  return backing;
}

// The loop device `image` is attached to already, opened: an earlier mount of it that was
// detached lazily while a process (a container with it bind-mounted) still used it. Mounting
// that device again shares its superblock; attaching a second loop device would mount one
// ext4 twice and corrupt it, and so would resizing it under a mount. The open descriptor keeps
// AUTOCLEAR from detaching the device (and a later attach from reusing it for another image)
// before our mount holds it; the backing file is checked again once it is open.
std::optional<UniqueFd> open_attached_loop_device(const fs::path& image, std::string& device) {
  auto wanted = fs::canonical(image).string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/sys/block", ec)) {
    auto name = entry.path().filename().string();
    if (!name.starts_with("loop") || loop_backing_file(name) != wanted) continue;
    UniqueFd loop(::open(("/dev/" + name).c_str(), O_RDWR | O_CLOEXEC));
    if (!loop.valid() || loop_backing_file(name) != wanted) continue;
    device = "/dev/" + name;
    return loop;
  }
  return std::nullopt;
}

// Copies `source`'s files, with owners, modes and links, into the filesystem in `image`.
void copy_into_image(const fs::path& image, const fs::path& source) {
  auto staging = source;
  staging += ".adopting";
  ensure_directory(staging, 0700);
  std::string device;
  auto loop = attach_loop_device(image, device);
  if (::mount(device.c_str(), staging.c_str(), "ext4", 0, "") != 0) {
    throw_errno("mount " + image.string() + " at " + staging.string());
  }
  auto copied = run_process({"cp", "-a", "--", source.string() + "/.", staging.string() + "/"},
                            {.search_path = true});
  if (::umount2(staging.c_str(), 0) != 0) throw_errno("unmount " + staging.string());
  fs::remove(staging);
  if (copied.exit_code != 0) {
    throw Error("moving the files of " + source.string() +
                " into its capped filesystem: " + copied.output);
  }
}

// mkfs.ext4 into a temporary file renamed into place, so a crash leaves no half-made image.
// Files already in the mount point (a directory from before it was capped) are copied in
// first: a crash before the rename leaves them where they were.
// Lazy initialisation keeps a 50 GiB image from writing its inode tables and journal up front;
// the kernel zeroes them later through the loop device, which punches holes (discard).
void make_image(const CappedFilesystem& cap) {
  auto partial = cap.image;
  partial += ".partial";
  fs::remove(partial);
  bool adopt = fs::is_directory(cap.mount_point) && !fs::is_empty(cap.mount_point);
  try {
    UniqueFd fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid()) throw_errno("create " + partial.string());
    if (::ftruncate(fd.get(), cap.size_bytes) != 0) throw_errno("size " + partial.string());
    fd.reset();
    run_e2fs_tool({"mkfs.ext4", "-q", "-F", "-m", "0", "-E",
                   "nodiscard,lazy_itable_init=1,lazy_journal_init=1,root_owner=" +
                       std::to_string(cap.owner_uid) + ":" + std::to_string(cap.owner_gid),
                   partial.string()},
                  cap.image);
    if (adopt) copy_into_image(partial, cap.mount_point);
  } catch (...) {
    std::error_code ignored;  // a half-made image helps nobody; the error says what failed
    fs::remove(partial, ignored);
    throw;
  }
  fs::rename(partial, cap.image);
  if (adopt) {
    // The copies are in the image now: the originals would only hide under the mount.
    for (const auto& entry : fs::directory_iterator(cap.mount_point)) fs::remove_all(entry.path());
  }
}

}  // namespace

bool is_mount_point(const fs::path& path) {
  struct statx info {};
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info) != 0) {
    if (errno == ENOENT) return false;
    throw_errno("stat " + path.string());
  }
  return (info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0 &&
         (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

void mount_capped(const CappedFilesystem& cap) {
  if (cap.size_bytes < kMinimumCappedSize) {
    throw InvalidArgumentError("a size cap of " + std::to_string(cap.size_bytes) +
                               " bytes is too small: the minimum is 16MiB");
  }
  ensure_directory(cap.mount_point, 0755);
  if (is_mount_point(cap.mount_point)) return;
  std::string device;
  // Held until mounted: AUTOCLEAR detaches a device nothing holds.
  std::optional<UniqueFd> loop;
  struct stat image {};
  if (::stat(cap.image.c_str(), &image) != 0) {
    if (errno != ENOENT) throw_errno("stat " + cap.image.string());
    make_image(cap);
  } else {
    loop = open_attached_loop_device(cap.image, device);
    // Grown only when nothing has it mounted; else at a later mount.
    if (!loop && image.st_size < cap.size_bytes) grow_image(cap);
  }
  if (!loop) loop = attach_loop_device(cap.image, device);
  if (::mount(device.c_str(), cap.mount_point.c_str(), "ext4", 0, "discard") != 0) {
    throw_errno("mount " + cap.image.string() + " (" + device + ") at " + cap.mount_point.string());
  }
}

void unmount_capped(const fs::path& mount_point) {
  if (!is_mount_point(mount_point)) return;
  if (::umount2(mount_point.c_str(), 0) == 0) return;
  if (errno == EBUSY && ::umount2(mount_point.c_str(), MNT_DETACH) == 0) return;
  if (errno != EINVAL && errno != ENOENT) throw_errno("unmount " + mount_point.string());
}

}  // namespace berth
