#include "image/layer/tar_policy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "base/error.hpp"
#include "image/layer/whiteout.hpp"

namespace berth::image {

void chown_from_header(int dir_fd, const char* name, uint32_t uid, uint32_t gid) {
  if (::fchownat(dir_fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
    throw_errno(std::string("chown ") + name);
  }
}

TarPolicy TarPolicy::layer(bool privileged, std::string opaque_xattr) {
  TarPolicy p;
  p.confinement = Confinement::kBeneath;
  p.whiteouts = Whiteouts::kOverlay;
  p.opaque_xattr = !opaque_xattr.empty() ? std::move(opaque_xattr)
                   : privileged          ? std::string(kTrustedOpaqueXattr)
                                         : std::string(kUserOpaqueXattr);
  // Unprivileged, device nodes are skipped and files stay the caller's (rootless Podman's way).
  p.devices = privileged ? Devices::kCreate : Devices::kSkip;
  p.absolute_names = true;
  p.xattrs = privileged ? Xattrs::kAll : Xattrs::kUnprivileged;
  if (privileged) p.set_owner = chown_from_header;
  p.root_entry_sets_owner = true;
  return p;
}

TarPolicy TarPolicy::build_context() {
  TarPolicy p;
  p.noun = "archive";
  p.root_name = "the destination";
  p.confinement = Confinement::kInRoot;
  p.whiteouts = Whiteouts::kPlainFiles;
  p.devices = Devices::kRefuse;
  p.absolute_names = false;
  p.xattrs = Xattrs::kDrop;
  p.root_entry_sets_owner = false;
  p.limits = kArchiveLimits;
  return p;
}

TarPolicy TarPolicy::add_archive(bool privileged, decltype(set_owner) set_owner) {
  TarPolicy p = build_context();
  p.devices = privileged ? Devices::kCreate : Devices::kSkip;
  p.absolute_names = true;  // Docker strips the leading '/'
  p.set_owner = std::move(set_owner);
  return p;
}

}  // namespace berth::image
