#pragma once
// `berth load`: docker-archive (manifest.json) and OCI layout (index.json) tars, plain or
// compressed. Every blob is verified, every layer unpacked (in parallel) and checked against
// the config's diff_ids before the image is recorded.
#include <string>
#include <vector>

#include "image/image_store.hpp"

namespace berth::image {

struct LoadedImage {
  Digest id;
  std::vector<Reference> tags;
};

std::vector<LoadedImage> load_image_archive(ImageStore& store, int fd, const std::string& source);

// Unpacks the layers of one image (in parallel) and records it. Used by load, import and pull.
Digest store_image(ImageStore& store, const ImageConfig& config, const Descriptor& manifest,
                   const std::vector<Descriptor>& layer_blobs, const std::vector<Reference>& tags);

// Picks the layer media type matching a blob's compression.
std::string oci_layer_media_type(const BlobStore& blobs, const Digest& blob);

}  // namespace berth::image
