#pragma once
// What unpacking a hostile tar does with each kind of entry. One writer (tar_writer.hpp)
// unpacks every tar Berth is handed; the policies below are the only differences between an
// image layer, a build context sent as a tar, and a local archive that ADD unpacks.
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <string>

#include "base/safe_fs/confined_open.hpp"

namespace berth::image {

struct TarLimits {
  uint64_t max_total_bytes = 256ull << 30;  // sum of regular file sizes
  uint64_t max_entry_bytes = 64ull << 30;
  uint64_t max_entries = 4'000'000;
  uint64_t max_depth = 1024;  // components of an entry's path
};

// Build contexts and ADD archives: smaller than a layer may be.
inline constexpr TarLimits kArchiveLimits{.max_total_bytes = 64ull << 30,
                                          .max_entry_bytes = 32ull << 30,
                                          .max_entries = 2'000'000,
                                          .max_depth = 1024};

struct TarPolicy {
  // Errors read "<noun> entry \"NAME\": …" and "… escapes <root_name>".
  std::string noun = "layer";
  std::string root_name = "the layer root";

  // How a symlink already on an entry's path is treated. kBeneath (layers): a path that a
  // symlink leads out of the destination fails. kInRoot (archives, as Docker's chroot'ed
  // untar): the destination is "/", so the link is followed and stays inside.
  Confinement confinement = Confinement::kBeneath;

  // `.wh.NAME` and `.wh..wh..opq`: overlayfs's form (a 0/0 char device, the opaque xattr)
  // for layers; ordinary files anywhere else.
  enum class Whiteouts { kOverlay, kPlainFiles };
  Whiteouts whiteouts = Whiteouts::kOverlay;
  std::string opaque_xattr = "trusted.overlay.opaque";

  enum class Devices { kRefuse, kSkip, kCreate };  // character and block nodes (FIFOs are made)
  Devices devices = Devices::kSkip;

  // "/etc/passwd": stripped to "etc/passwd" (layers, ADD, as Docker), or refused (contexts).
  // A ".." that climbs above the destination is refused in every policy.
  bool absolute_names = true;

  // Extended attributes: none, those an unprivileged process may set (no trusted.*, EPERM
  // skipped), or all. overlayfs's own attributes never come from a tar.
  enum class Xattrs { kDrop, kUnprivileged, kAll };
  Xattrs xattrs = Xattrs::kDrop;

  // Applies an owner to a created entry (never following a symlink), given the tar header's
  // ids (0, 0 for parents the tar does not list). Empty: entries stay the caller's.
  std::function<void(int dir_fd, const char* name, uint32_t uid, uint32_t gid)> set_owner;
  // Whether a "./" entry sets the destination's own owner and xattrs (a layer's root is its
  // own; an archive's destination belongs to the rootfs it is unpacked into).
  bool root_entry_sets_owner = true;

  TarLimits limits;

  // An image layer, unpacked as overlayfs lower dir: owners, devices and trusted.* xattrs
  // only when `privileged`; `opaque_xattr` empty picks trusted.* or user.* by privilege.
  static TarPolicy layer(bool privileged, std::string opaque_xattr = {});
  // A build context sent as a tar: no device nodes, no absolute names, owners not kept.
  static TarPolicy build_context();
  // A local tar that ADD unpacks into a rootfs: owners through `set_owner`, device nodes when
  // `privileged` (skipped otherwise, as rootless Docker does).
  static TarPolicy add_archive(bool privileged, decltype(set_owner) set_owner);
};

// chown from the tar header, without following symlinks (a privileged layer).
void chown_from_header(int dir_fd, const char* name, uint32_t uid, uint32_t gid);

}  // namespace berth::image
