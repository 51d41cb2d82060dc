#include "image/archive/image_importer.hpp"

#include <unistd.h>

#include <chrono>

#include "base/error.hpp"
#include "base/time_format.hpp"
#include "image/archive/image_loader.hpp"
#include "image/config_change.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {

Digest import_rootfs(ImageStore& store, int fd, const std::string& source,
                     const ImportOptions& options) {
  // Validate the changes before reading anything, so bad input writes nothing.
  Json runtime_config = Json::object();
  for (const auto& change : options.changes) apply_config_change(runtime_config, change);

  auto writer = store.blobs().writer();
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read " + source);
    }
    if (n == 0) break;
    writer->write(buf.data(), static_cast<size_t>(n));
  }
  if (writer->size() == 0) throw Error("import " + source + ": the input is empty");
  Digest blob_digest = writer->commit();
  Descriptor blob{oci_layer_media_type(store.blobs(), blob_digest),
                  blob_digest,
                  store.blobs().size(blob_digest),
                  {},
                  {}};
  LayerInfo layer = with_context(
      "import " + source, [&] { return store.ensure_layer(std::nullopt, blob, std::nullopt); });

  std::string now = rfc3339_now();
  Json history_entry = {{"created", now}, {"created_by", ""}};
  if (!options.message.empty()) history_entry["comment"] = options.message;
  Json config = {
      {"architecture", options.platform_architecture},
      {"os", options.platform_os},
      {"created", now},
      {"config", runtime_config},
      {"rootfs", {{"type", "layers"}, {"diff_ids", Json::array({layer.diff_id.str()})}}},
      {"history", Json::array({history_entry})},
  };
  if (!options.message.empty()) config["comment"] = options.message;
  std::string config_bytes = config.dump();
  ImageConfig parsed = ImageConfig::parse(config_bytes);
  Digest config_digest = store.blobs().put(config_bytes);

  Manifest m;
  m.media_type = std::string(media_type::kOciManifest);
  m.config = {std::string(media_type::kOciConfig),
              config_digest,
              static_cast<int64_t>(config_bytes.size()),
              {},
              {}};
  m.layers = {blob};
  std::string manifest_bytes = serialize(m);
  Descriptor manifest{m.media_type,
                      store.blobs().put(manifest_bytes),
                      static_cast<int64_t>(manifest_bytes.size()),
                      {},
                      {}};
  std::vector<Reference> tags;
  if (options.tag) tags.push_back(*options.tag);
  ImageLayer image_layer{layer, blob};
  return store.commit_image(parsed, manifest, {image_layer}, tags);
}

}  // namespace berth::image
