#include "registry/image_pusher.hpp"

#include "base/error.hpp"
#include "image/oci/descriptor.hpp"
#include "registry/credentials.hpp"
#include "registry/registry_client.hpp"

namespace berth::registry {

namespace {

void push_blob(RegistryClient& client, image::BlobStore& blobs, const Digest& digest) {
  if (!blobs.has(digest)) throw Error("blob " + digest.str() + " of the image is not stored");
  auto fd = blobs.open(digest);
  client.upload_blob(digest, fd.get(), blobs.size(digest));
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
  auto endpoint = endpoint_for(ref.domain());
  RegistryClient client(endpoint, ref.path(), find_credentials(endpoint), false, "pull,push");
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
    push_blob(client, store.blobs(), it->digest);
    say(id + ": Pushed");
  }
  if (!client.has_blob(manifest.config.digest))
    push_blob(client, store.blobs(), manifest.config.digest);
  Digest digest = client.put_manifest(tag, record->manifest_media_type, manifest_bytes);
  store.add_repo_digest(record->id, image::Reference::parse(ref.name() + "@" + digest.str()));
  say(tag + ": digest: " + digest.str() + " size: " + std::to_string(manifest_bytes.size()));
  return PushResult{digest, static_cast<int64_t>(manifest_bytes.size())};
}

}  // namespace berth::registry
