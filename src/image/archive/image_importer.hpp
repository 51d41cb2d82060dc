#pragma once
// `berth import`: one rootfs tarball (plain, gzip or zstd) becomes a one-layer image, the
// way `docker import` makes one.
#include <optional>
#include <string>
#include <vector>

#include "image/image_store.hpp"

namespace berth::image {

struct ImportOptions {
  std::vector<std::string> changes;  // Dockerfile instructions (see config_change.hpp)
  std::string message;               // recorded as the history comment
  std::optional<Reference> tag;
  std::string platform_os = "linux";
  std::string platform_architecture = "amd64";
};

Digest import_rootfs(ImageStore& store, int fd, const std::string& source,
                     const ImportOptions& options);

}  // namespace berth::image
