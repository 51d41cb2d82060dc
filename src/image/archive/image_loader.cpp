#include "image/archive/image_loader.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "base/error.hpp"
#include "base/parallel_for.hpp"
#include "image/archive/archive_reader.hpp"
#include "image/layer/compression.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {
namespace {

std::vector<Reference> parse_tags(const std::vector<std::string>& names, const std::string& where) {
  std::vector<Reference> out;
  for (const auto& n : names) {
    out.push_back(with_context(where + ": tag \"" + n + "\"", [&] { return Reference::parse(n); }));
  }
  return out;
}

std::vector<LoadedImage> load_docker_archive(ImageStore& store, const ArchiveContents& archive) {
  const std::string& src = archive.source();
  Json manifest;
  try {
    manifest = Json::parse(archive.text("manifest.json"));
  } catch (const Json::parse_error& e) {
    throw Error(src + ": manifest.json is not valid JSON: " + e.what());
  }
  if (!manifest.is_array()) throw Error(src + ": manifest.json is not a JSON array");
  std::vector<LoadedImage> loaded;
  for (size_t i = 0; i < manifest.size(); ++i) {
    const auto& item = manifest[i];
    std::string where = src + ": manifest.json[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("Config") || !item["Config"].is_string()) {
      throw Error(where + ": no Config");
    }
    std::vector<std::string> layer_paths;
    if (item.contains("Layers")) {
      for (const auto& l : item["Layers"]) {
        if (!l.is_string()) throw Error(where + ": Layers holds a non-string");
        layer_paths.push_back(l.get<std::string>());
      }
    }
    std::vector<std::string> tag_names;
    if (item.contains("RepoTags") && item["RepoTags"].is_array()) {
      for (const auto& t : item["RepoTags"]) {
        if (t.is_string()) tag_names.push_back(t.get<std::string>());
      }
    }
    auto tags = parse_tags(tag_names, where);
    std::string config_bytes = archive.text(item["Config"].get<std::string>());
    ImageConfig config = with_context(where, [&] { return ImageConfig::parse(config_bytes); });
    if (config.diff_ids().size() != layer_paths.size()) {
      throw Error(where + ": the config lists " + std::to_string(config.diff_ids().size()) +
                  " layers but the archive has " + std::to_string(layer_paths.size()));
    }
    Digest config_digest = store.blobs().put(config_bytes);
    std::vector<Descriptor> layers;
    for (const auto& path : layer_paths) {
      Digest d = with_context(where, [&] { return archive.blob(path); });
      layers.push_back({oci_layer_media_type(store.blobs(), d), d, store.blobs().size(d), {}, {}});
    }
    Manifest m;
    m.media_type = std::string(media_type::kOciManifest);
    m.config = {std::string(media_type::kOciConfig),
                config_digest,
                static_cast<int64_t>(config_bytes.size()),
                {},
                {}};
    m.layers = layers;
    std::string manifest_bytes = serialize(m);
    Digest manifest_digest = store.blobs().put(manifest_bytes);
    Descriptor manifest_desc{
        m.media_type, manifest_digest, static_cast<int64_t>(manifest_bytes.size()), {}, {}};
    Digest id = with_context(
        where, [&] { return store_image(store, config, manifest_desc, layers, tags); });
    loaded.push_back({id, tags});
  }
  return loaded;
}

// The manifests an OCI layout's index names, following nested indexes to this host's platform.
void collect_manifests(
    const ArchiveContents& archive, const Index& index,
    const std::map<std::string, std::string>& inherited,
    std::vector<std::pair<Descriptor, std::map<std::string, std::string>>>& out) {
  for (const auto& d : index.manifests) {
    auto annotations = inherited;
    for (const auto& [k, v] : d.annotations) annotations[k] = v;
    std::string bytes = archive.text("blobs/" + d.digest.algorithm() + "/" + d.digest.hex());
    if (Digest::sha256_of(bytes) != d.digest) {
      throw Error(archive.source() + ": blob " + d.digest.str() + " does not match its digest");
    }
    if (media_type::is_index(d.media_type) || media_type::is_index(declared_media_type(bytes))) {
      Index nested = parse_index(bytes);
      // Keep only this host's platform (linux/amd64) from a multi-platform index.
      Index chosen = nested;
      chosen.manifests.clear();
      for (const auto& m : nested.manifests) {
        if (!m.platform || (m.platform->os == "linux" && m.platform->architecture == "amd64")) {
          chosen.manifests.push_back(m);
          break;
        }
      }
      if (chosen.manifests.empty()) {
        throw Error(archive.source() + ": no linux/amd64 image in index " + d.digest.str());
      }
      collect_manifests(archive, chosen, annotations, out);
    } else {
      out.push_back({d, annotations});
    }
  }
}

std::vector<Reference> oci_tags(const std::map<std::string, std::string>& annotations) {
  // Docker writes the full name in io.containerd.image.name and only the tag in ref.name;
  // podman and skopeo write the full reference in ref.name.
  for (const char* key : {"io.containerd.image.name", "org.opencontainers.image.ref.name"}) {
    auto it = annotations.find(key);
    if (it == annotations.end()) continue;
    if (auto ref = Reference::try_parse(it->second);
        ref &&
        (it->second.find('/') != std::string::npos || it->second.find(':') != std::string::npos)) {
      return {*ref};
    }
  }
  return {};
}

std::vector<LoadedImage> load_oci_layout(ImageStore& store, const ArchiveContents& archive) {
  const std::string& src = archive.source();
  Index index =
      with_context(src + ": index.json", [&] { return parse_index(archive.text("index.json")); });
  std::vector<std::pair<Descriptor, std::map<std::string, std::string>>> manifests;
  collect_manifests(archive, index, {}, manifests);
  std::vector<LoadedImage> loaded;
  for (const auto& [desc, annotations] : manifests) {
    std::string where = src + ": manifest " + desc.digest.str();
    auto blob_path = [](const Digest& d) { return "blobs/" + d.algorithm() + "/" + d.hex(); };
    std::string manifest_bytes = archive.text(blob_path(desc.digest));
    Manifest m = with_context(where, [&] { return parse_manifest(manifest_bytes); });
    std::string config_bytes = archive.text(blob_path(m.config.digest));
    Digest config_digest = store.blobs().put(config_bytes, m.config.digest);
    (void)config_digest;
    ImageConfig config = with_context(where, [&] { return ImageConfig::parse(config_bytes); });
    if (config.diff_ids().size() != m.layers.size()) {
      throw Error(where + ": the config lists " + std::to_string(config.diff_ids().size()) +
                  " layers but the manifest has " + std::to_string(m.layers.size()));
    }
    for (const auto& layer : m.layers) {
      Digest stored = with_context(where, [&] { return archive.blob(blob_path(layer.digest)); });
      if (stored != layer.digest) {
        throw Error(where + ": layer blob " + layer.digest.str() + " does not match its digest");
      }
    }
    Digest manifest_digest = store.blobs().put(manifest_bytes, desc.digest);
    Descriptor manifest_desc{
        m.media_type, manifest_digest, static_cast<int64_t>(manifest_bytes.size()), {}, {}};
    auto tags = oci_tags(annotations);
    Digest id = with_context(
        where, [&] { return store_image(store, config, manifest_desc, m.layers, tags); });
    loaded.push_back({id, tags});
  }
  return loaded;
}

}  // namespace

std::string oci_layer_media_type(const BlobStore& blobs, const Digest& blob) {
  UniqueFd fd = blobs.open(blob);
  unsigned char head[8] = {};
  ssize_t n = ::pread(fd.get(), head, sizeof head, 0);
  switch (detect_compression(head, n > 0 ? static_cast<size_t>(n) : 0)) {
    case Compression::kGzip:
      return std::string(media_type::kOciLayerGzip);
    case Compression::kZstd:
      return std::string(media_type::kOciLayerZstd);
    case Compression::kNone:
      break;
  }
  return std::string(media_type::kOciLayer);
}

// Layers unpack at once up to this many, more than the CPUs: each waits on the disk too (its
// syncfs), and a pull's five layers finished ~15% sooner at five than at two on two cores.
constexpr size_t kUnpackWorkers = 8;

Digest store_image(ImageStore& store, const ImageConfig& config, const Descriptor& manifest,
                   const std::vector<Descriptor>& layer_blobs, const std::vector<Reference>& tags) {
  const auto& diff_ids = config.diff_ids();
  auto chains = chain_ids(diff_ids);
  std::vector<ImageLayer> layers(layer_blobs.size());
  parallel_for(layer_blobs.size(), kUnpackWorkers, [&](size_t i) {
    std::optional<Digest> parent;
    if (i > 0) parent = chains[i - 1];
    layers[i].layer = store.ensure_layer(parent, layer_blobs[i], diff_ids[i]);
    layers[i].blob = layer_blobs[i];
  });
  return store.commit_image(config, manifest, layers, tags);
}

std::vector<LoadedImage> load_image_archive(ImageStore& store, int fd, const std::string& source) {
  ArchiveContents archive = ArchiveContents::read(fd, store.blobs(), source);
  if (archive.has("manifest.json")) return load_docker_archive(store, archive);
  if (archive.has("index.json")) return load_oci_layout(store, archive);
  throw Error(source +
              ": not an image archive: it has neither manifest.json (docker-archive) "
              "nor index.json (OCI layout)");
}

}  // namespace berth::image
