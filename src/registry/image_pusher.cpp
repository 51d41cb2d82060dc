#include "registry/image_pusher.hpp"

#include "base/error.hpp"
#include "image/oci/descriptor.hpp"
#include "registry/credentials.hpp"
#include "registry/registry_client.hpp"
#include "registry/registry_config.hpp"

namespace berth::registry {

namespace {

// Repositories of the same registry the image came from or went to (its repo digests): the
// registry has its blobs there, and can link them instead of taking an upload.
std::vector<std::string> mount_sources(const image::ImageRecord& record,
                                       const image::Reference& ref) {
  std::vector<std::string> sources;
  for (const auto& text : record.repo_digests) {
    auto other = image::Reference::try_parse(text);
    if (other && other->domain() == ref.domain() && other->path() != ref.path())
      sources.push_back(other->path());
  }
  return sources;
}

// "Mounted from …" or "Pushed".
std::string push_blob(RegistryClient& client, image::BlobStore& blobs, const Digest& digest,
                      const std::vector<std::string>& sources) {
  if (!blobs.has(digest)) throw Error("blob " + digest.str() + " of the image is not stored");
  for (const auto& source : sources) {
    if (client.mount_blob(digest, source)) return "Mounted from " + source;
  }
  auto fd = blobs.open(digest);
  client.upload_blob(digest, fd.get(), blobs.size(digest));
  return "Pushed";
}

}  // namespace

PushResult push_image(image::ImageStore& store, const image::Reference& ref,
                      const PushProgress& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  auto record = store.try_resolve(ref.str());
  if (!record) {
    throw NotFoundError("An image does not exist locally with the tag: " + ref.familiar_name());
  }
  std::string tag = ref.tag().value_or("latest");
  auto endpoint = endpoint_for(ref.domain(), RegistryConfig::load(RegistryConfig::default_path()));
  RegistryClient client(endpoint, ref.path(), find_credentials(endpoint), false, "pull,push");
  auto sources = mount_sources(*record, ref);
  for (const auto& source : sources) client.add_pull_scope(source);
  say("The push refers to repository [" + ref.name() + "]");
  std::string manifest_bytes = store.blobs().read(record->manifest_digest);
  auto manifest = with_context("manifest " + record->manifest_digest.str(),
                               [&] { return image::parse_manifest(manifest_bytes); });
  // Top layer first, as docker lists them.
  for (auto it = manifest.layers.rbegin(); it != manifest.layers.rend(); ++it) {
    say(it->digest.hex().substr(0, 12) + ": Preparing");
  }
  for (auto it = manifest.layers.rbegin(); it != manifest.layers.rend(); ++it) {
    std::string id = it->digest.hex().substr(0, 12);
    if (client.has_blob(it->digest)) {
      say(id + ": Layer already exists");
      continue;
    }
    say(id + ": " + push_blob(client, store.blobs(), it->digest, sources));
  }
  if (!client.has_blob(manifest.config.digest))
    push_blob(client, store.blobs(), manifest.config.digest, sources);
  Digest digest = client.put_manifest(tag, record->manifest_media_type, manifest_bytes);
  store.add_repo_digest(record->id, image::Reference::parse(ref.name() + "@" + digest.str()));
  say(tag + ": digest: " + digest.str() + " size: " + std::to_string(manifest_bytes.size()));
  return PushResult{digest, static_cast<int64_t>(manifest_bytes.size())};
}

}  // namespace berth::registry
