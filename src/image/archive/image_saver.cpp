#include "image/archive/image_saver.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <set>

#include "base/error.hpp"
#include "image/archive/blob_decompress.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {
namespace {

constexpr size_t kCopyBlock = 1 << 20;

// A tar being written to the output; entries get fixed metadata so saves are reproducible.
class SaveArchiveWriter {
 public:
  explicit SaveArchiveWriter(int fd) : a_(archive_write_new(), archive_write_free) {
    archive_write_set_format_pax_restricted(a_.get());
    archive_write_set_bytes_in_last_block(a_.get(), 1);
    if (archive_write_open_fd(a_.get(), fd) != ARCHIVE_OK) fail("open output");
  }

  void add_file(const std::string& path, std::string_view data) {
    begin(path, static_cast<int64_t>(data.size()));
    write(data.data(), data.size());
  }

  void add_directory(const std::string& path) {
    auto entry = make_entry(path, AE_IFDIR, 0755, 0);
    if (archive_write_header(a_.get(), entry.get()) != ARCHIVE_OK) fail("write " + path);
  }

  void begin(const std::string& path, int64_t size) {
    auto entry = make_entry(path, AE_IFREG, 0644, size);
    if (archive_write_header(a_.get(), entry.get()) != ARCHIVE_OK) fail("write " + path);
  }

  void write(const void* data, size_t size) {
    if (archive_write_data(a_.get(), data, size) < 0) fail("write data");
  }

  void close() {
    if (archive_write_close(a_.get()) != ARCHIVE_OK) fail("finish archive");
  }

 private:
  using EntryPtr = std::unique_ptr<archive_entry, void (*)(archive_entry*)>;
  static EntryPtr make_entry(const std::string& path, unsigned type, unsigned mode, int64_t size) {
    EntryPtr e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), mode);
    archive_entry_set_size(e.get(), size);
    archive_entry_set_mtime(e.get(), 0, 0);
    return e;
  }
  [[noreturn]] void fail(const std::string& what) {
    const char* msg = archive_error_string(a_.get());
    throw Error("save: " + what + ": " + (msg ? msg : "error"));
  }
  std::unique_ptr<struct archive, int (*)(struct archive*)> a_;
};

// Copies a stored blob into the open tar entry, verifying its digest on the way.
void copy_blob(BlobStore& blobs, const Digest& digest, SaveArchiveWriter& out) {
  UniqueFd fd = blobs.open(digest);
  Sha256 hash;
  std::vector<char> buf(kCopyBlock);
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0) throw_errno("read blob " + digest.str());
    if (n == 0) break;
    hash.update(buf.data(), static_cast<size_t>(n));
    out.write(buf.data(), static_cast<size_t>(n));
  }
  if (hash.finish() != digest) throw Error("blob " + digest.str() + " is corrupt");
}

// Writes a layer as an uncompressed tar (docker-archive layers are diff tars).
void copy_layer_uncompressed(BlobStore& blobs, const ImageLayer& layer, SaveArchiveWriter& out) {
  if (layer.blob.digest == layer.layer.diff_id) {
    copy_blob(blobs, layer.blob.digest, out);
    return;
  }
  UniqueFd fd = blobs.open(layer.blob.digest);
  Sha256 hash;
  int64_t written = 0;
  decompress_stream(fd.get(), [&](const void* data, size_t size) {
    hash.update(data, size);
    written += static_cast<int64_t>(size);
    out.write(data, size);
  });
  if (written != layer.layer.tar_size || hash.finish() != layer.layer.diff_id) {
    throw Error("layer " + layer.layer.diff_id.str() +
                " is corrupt: its blob does not "
                "decompress to the recorded content");
  }
}

void save_docker_archive(ImageStore& store, const std::vector<SaveRequest>& images, int fd) {
  SaveArchiveWriter tar(fd);
  std::set<std::string> written;
  Json manifest = Json::array();
  for (const auto& req : images) {
    const auto& image = req.image;
    std::string config_name = image.id.hex() + ".json";
    if (written.insert(config_name).second) {
      tar.begin(config_name, store.blobs().size(image.id));
      copy_blob(store.blobs(), image.id, tar);
    }
    Json layers = Json::array();
    for (const auto& layer : image.layers) {
      std::string name = layer.layer.diff_id.hex() + ".tar";
      if (written.insert(name).second) {
        tar.begin(name, layer.layer.tar_size);
        copy_layer_uncompressed(store.blobs(), layer, tar);
      }
      layers.push_back(name);
    }
    Json tags = Json::array();
    for (const auto& t : req.tags) tags.push_back(t.familiar());
    manifest.push_back({{"Config", config_name}, {"RepoTags", tags}, {"Layers", layers}});
  }
  tar.add_file("manifest.json", manifest.dump());
  tar.close();
}

// The image's manifest in OCI media types (Docker schema 2 manifests are converted).
std::string oci_manifest_bytes(ImageStore& store, const ImageRecord& image) {
  std::string bytes = store.blobs().read(image.manifest_digest);
  if (image.manifest_media_type == media_type::kOciManifest) return bytes;
  Manifest m = parse_manifest(bytes);
  m.media_type = std::string(media_type::kOciManifest);
  m.config.media_type = std::string(media_type::kOciConfig);
  for (auto& l : m.layers) {
    if (l.media_type == media_type::kDockerLayerGzip)
      l.media_type = std::string(media_type::kOciLayerGzip);
    if (l.media_type == media_type::kDockerLayer) l.media_type = std::string(media_type::kOciLayer);
  }
  return serialize(m);
}

void save_oci_archive(ImageStore& store, const std::vector<SaveRequest>& images, int fd) {
  SaveArchiveWriter tar(fd);
  std::set<std::string> written;
  tar.add_file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  tar.add_directory("blobs");
  tar.add_directory("blobs/sha256");
  auto add_blob = [&](const Digest& d) {
    std::string name = "blobs/sha256/" + d.hex();
    if (!written.insert(name).second) return;
    tar.begin(name, store.blobs().size(d));
    copy_blob(store.blobs(), d, tar);
  };
  Index index;
  index.media_type = std::string(media_type::kOciIndex);
  for (const auto& req : images) {
    std::string manifest = oci_manifest_bytes(store, req.image);
    Digest manifest_digest = Digest::sha256_of(manifest);
    add_blob(req.image.id);
    for (const auto& layer : req.image.layers) add_blob(layer.blob.digest);
    std::string manifest_name = "blobs/sha256/" + manifest_digest.hex();
    if (written.insert(manifest_name).second) tar.add_file(manifest_name, manifest);
    Descriptor d{std::string(media_type::kOciManifest),
                 manifest_digest,
                 static_cast<int64_t>(manifest.size()),
                 {},
                 {}};
    if (req.tags.empty()) {
      index.manifests.push_back(d);
    }
    for (const auto& tag : req.tags) {
      d.annotations = {{"org.opencontainers.image.ref.name", tag.str()},
                       {"io.containerd.image.name", tag.str()}};
      index.manifests.push_back(d);
    }
  }
  tar.add_file("index.json", serialize(index));
  tar.close();
}

}  // namespace

void save_image_archive(ImageStore& store, const std::vector<SaveRequest>& images,
                        ArchiveFormat format, int output_fd) {
  if (format == ArchiveFormat::kDockerArchive) {
    save_docker_archive(store, images, output_fd);
  } else {
    save_oci_archive(store, images, output_fd);
  }
}

}  // namespace berth::image
