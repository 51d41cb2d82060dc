#pragma once
// Making new images from directories of changes: what `commit` and `build` share.
#include <filesystem>
#include <vector>

#include "base/json.hpp"
#include "image/image_store.hpp"

namespace berth::image {

// A layer blob made from a directory of changes (an overlayfs upper dir).
struct StoredLayer {
  Descriptor blob;  // uncompressed OCI layer
  Digest diff_id;   // equal to blob.digest (uncompressed)
};

// Writes `dir` as a deterministic layer tar (write_layer_tar) straight into the blob store.
StoredLayer store_directory_as_layer(ImageStore& images, const std::filesystem::path& dir);

// Stores `config_doc` (a full image config: rootfs.diff_ids must match `layer_blobs`) and an
// OCI manifest over `layer_blobs`, unpacks missing snapshots and records the image with
// `tags`. Returns the image ID.
Digest publish_image(ImageStore& images, const Json& config_doc,
                     const std::vector<Descriptor>& layer_blobs,
                     const std::vector<Reference>& tags);

}  // namespace berth::image
