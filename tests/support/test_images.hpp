#pragma once
// Images for tests that need one in an ImageStore, made without root, registry or archive.
#include <string>
#include <utility>
#include <vector>

#include "base/digest.hpp"
#include "base/json.hpp"
#include "image/image_store.hpp"

namespace berth::test_support {

// One entry of a test layer: a file (with content), a directory or a symlink (to `content`).
struct LayerEntry {
  enum class Kind { kFile, kDirectory, kSymlink } kind = Kind::kFile;
  std::string path;
  std::string content;
  unsigned mode = 0644;
};

// A small uncompressed layer tar holding `entries`, in order.
std::string make_layer(const std::vector<LayerEntry>& entries);
// The same for regular files only (path, content), mode 0644.
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
