#pragma once
// `berth push`: an image's blobs (those the registry lacks, each checked with HEAD first) and
// its manifest, as stored, under the reference's tag; the pushed digest becomes a repo digest.
#include <functional>
#include <string>

#include "base/digest.hpp"
#include "image/image_store.hpp"
#include "image/reference/reference.hpp"

namespace berth::registry {

struct PushResult {
  Digest manifest_digest;
  int64_t manifest_size = 0;
};

// Docker's lines ("<layer>: Preparing", "…: Pushed", "…: Layer already exists").
using PushProgress = std::function<void(const std::string& line)>;

// Throws Error in Docker's words ("An image does not exist locally with the tag: X", the
// registry's "denied: …").
PushResult push_image(image::ImageStore& store, const image::Reference& ref,
                      const PushProgress& progress = {});

}  // namespace berth::registry
