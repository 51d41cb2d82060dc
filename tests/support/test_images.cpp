#include "support/test_images.hpp"

#include <archive.h>
#include <archive_entry.h>

#include "image/archive/image_loader.hpp"
#include "image/oci/media_types.hpp"

namespace berth::test_support {

std::string make_layer(const std::vector<LayerEntry>& entries) {
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(
      a, &out, nullptr,
      [](struct archive*, void* data, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(data)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const auto& entry : entries) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, entry.path.c_str());
    archive_entry_set_perm(e, entry.mode);
    if (entry.kind == LayerEntry::Kind::kSymlink) {
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_symlink(e, entry.content.c_str());
    } else {
      bool file = entry.kind == LayerEntry::Kind::kFile;
      archive_entry_set_filetype(e, file ? AE_IFREG : AE_IFDIR);
      archive_entry_set_size(e, file ? static_cast<la_int64_t>(entry.content.size()) : 0);
    }
    archive_write_header(a, e);
    if (entry.kind == LayerEntry::Kind::kFile && !entry.content.empty()) {
      archive_write_data(a, entry.content.data(), entry.content.size());
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string make_layer(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<LayerEntry> entries;
  for (const auto& [path, content] : files) {
    entries.push_back({LayerEntry::Kind::kFile, path, content, 0644});
  }
  return make_layer(entries);
}

Digest add_image(image::ImageStore& store, const TestImage& image) {
  using namespace image;
  std::vector<Descriptor> blobs;
  Json diff_ids = Json::array();
  for (const auto& tar : image.layer_tars) {
    Digest d = store.blobs().put(tar);
    blobs.push_back(
        {std::string(media_type::kOciLayer), d, static_cast<int64_t>(tar.size()), {}, {}});
    diff_ids.push_back(d.str());
  }
  Json config = {{"created", image.created},
                 {"architecture", "amd64"},
                 {"os", "linux"},
                 {"config", image.runtime_config},
                 {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
  std::string config_bytes = config.dump();
  Digest config_digest = store.blobs().put(config_bytes);
  Manifest m{std::string(media_type::kOciManifest),
             {std::string(media_type::kOciConfig),
              config_digest,
              static_cast<int64_t>(config_bytes.size()),
              {},
              {}},
             blobs,
             {}};
  std::string manifest = serialize(m);
  Descriptor md{
      m.media_type, store.blobs().put(manifest), static_cast<int64_t>(manifest.size()), {}, {}};
  std::vector<Reference> refs;
  for (const auto& t : image.tags) refs.push_back(Reference::parse(t));
  return store_image(store, ImageConfig::parse(config_bytes), md, blobs, refs);
}

}  // namespace berth::test_support
