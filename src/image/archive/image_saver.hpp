#pragma once
// `berth save`: writes images as a docker-archive (manifest.json + config + uncompressed layer
// tars, the format `docker load` and `podman load` read) or an OCI archive (oci-layout +
// index.json + blobs/sha256/…).
#include <optional>
#include <vector>

#include "image/image_store.hpp"

namespace berth::image {

enum class ArchiveFormat { kDockerArchive, kOciArchive };

struct SaveRequest {
  ImageRecord image;
  // The tags to record in the archive (the one the user named, or all of the image's).
  std::vector<Reference> tags;
};

void save_image_archive(ImageStore& store, const std::vector<SaveRequest>& images,
                        ArchiveFormat format, int output_fd);

}  // namespace berth::image
