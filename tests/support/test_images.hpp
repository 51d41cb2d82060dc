#pragma once
// Images for tests that need one in an ImageStore, made without root, registry or archive.
#include <string>
#include <utility>
#include <vector>

#include "base/digest.hpp"
#include "base/json.hpp"
#include "image/image_store.hpp"

namespace berth::test_support {

// A small uncompressed layer tar holding the given files (path, content).
std::string make_layer(const std::vector<std::pair<std::string, std::string>>& files);

struct TestImage {
  std::vector<std::string> layer_tars;
  std::vector<std::string> tags;
  std::string created = "2024-01-01T00:00:00Z";
  Json runtime_config = Json::object();  // the config's "config" object: Cmd, Env, …
};

// Stores the image (blobs, manifest, unpacked layers, tags) and returns its ID.
Digest add_image(image::ImageStore& store, const TestImage& image);

}  // namespace berth::test_support
