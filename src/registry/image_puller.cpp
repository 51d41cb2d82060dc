#include "registry/image_puller.hpp"

#include <sys/socket.h>

#include <memory>
#include <mutex>
#include <thread>

#include "base/crash_point.hpp"
#include "base/error.hpp"
#include "base/human_format.hpp"
#include "base/parallel_for.hpp"
#include "base/unique_fd.hpp"
#include "image/archive/image_loader.hpp"
#include "image/oci/descriptor.hpp"
#include "image/oci/image_config.hpp"
#include "image/oci/media_types.hpp"
#include "registry/credentials.hpp"
#include "registry/registry_client.hpp"
#include "registry/registry_config.hpp"
#include "registry/registry_endpoint.hpp"

namespace berth::registry {

namespace {

using image::Descriptor;
using image::Reference;

constexpr size_t kConcurrentDownloads = 3;

bool is_schema1(std::string_view type) {
  return type == "application/vnd.docker.distribution.manifest.v1+json" ||
         type == "application/vnd.docker.distribution.manifest.v1+prettyjws";
}

// Docker's translation of a registry's refusal of the manifest.
Error pull_error(const RegistryError& e, const Reference& ref) {
  if (e.code() == "MANIFEST_UNKNOWN" || (e.status() == 404 && e.code().empty())) {
    return NotFoundError("manifest for " + ref.familiar() + " not found: " + e.what());
  }
  if (e.code() == "NAME_UNKNOWN") {
    return NotFoundError("repository " + ref.familiar_name() + " not found: " + e.what());
  }
  if (e.code() == "DENIED" || e.status() == 403 || (e.status() == 401 && e.code().empty())) {
    return Error("pull access denied for " + ref.familiar_name() +
                 ", repository does not exist or may require 'docker login': " + e.what());
  }
  return Error(e.what());
}

// linux/amd64 from an index (any variant): the only platform Berth runs.
Descriptor choose_platform(const image::Index& index, const Reference& ref) {
  for (const auto& m : index.manifests) {
    if (m.platform && m.platform->os == "linux" && m.platform->architecture == "amd64") return m;
  }
  throw NotFoundError("no matching manifest for linux/amd64 in the manifest list entries of " +
                      ref.familiar());
}

// Mirrors first, in order, then the registry: the client of the first whose answer to `ask`
// is not an error. What a mirror cannot give, the next is asked for; the registry's own
// failure is the one reported.
std::unique_ptr<RegistryClient> first_answering_endpoint(
    const Reference& ref, const PullPolicy& policy,
    const std::function<void(RegistryClient&)>& ask) {
  auto settings = RegistryConfig::load(RegistryConfig::default_path());
  auto endpoints = pull_endpoints(ref.domain(), settings);
  for (size_t i = 0; i < endpoints.size(); ++i) {
    bool upstream = i + 1 == endpoints.size();
    // A mirror gets its own login, never the registry's.
    auto credentials = find_credentials(upstream ? endpoints[i] : endpoint_for(endpoints[i].host));
    auto candidate = std::make_unique<RegistryClient>(endpoints[i], ref.path(), credentials,
                                                      policy.public_addresses_only);
    try {
      ask(*candidate);
      return candidate;
    } catch (const Error&) {
      if (upstream) throw;
    }
  }
  throw Error("no registry endpoint for " + ref.domain());
}

// Refuses, before any download, an image whose manifest declares more than the policy allows
// (or a negative size, which would defeat the sum).
void check_declared_size(const image::Manifest& manifest, const Reference& ref,
                         const PullPolicy& policy) {
  int64_t declared = 0;
  auto add = [&](const Descriptor& d) {
    if (d.size < 0 || d.size > (int64_t{1} << 50)) {
      throw Error("manifest for " + ref.familiar() + " declares an impossible size " +
                  std::to_string(d.size) + " for " + d.digest.str());
    }
    declared += d.size;
  };
  add(manifest.config);
  for (const auto& layer : manifest.layers) add(layer);
  if (policy.max_image_bytes > 0 && declared > policy.max_image_bytes) {
    throw Error("image " + ref.familiar() + " is " + human_size(static_cast<double>(declared)) +
                " to download, more than the " +
                human_size(static_cast<double>(policy.max_image_bytes)) +
                " a Space build may pull");
  }
}

// A small blob (an image config) into the store, verified.
void fetch_blob_into_store(RegistryClient& client, image::BlobStore& blobs, const Descriptor& d) {
  auto writer = blobs.writer();
  client.fetch_blob(d.digest, [&](const char* data, size_t size) {
    writer->write(data, size);
    return true;
  });
  with_context("filesystem layer verification failed for digest " + d.digest.str(),
               [&] { return writer->commit(d.digest); });
}

// Downloads a layer and unpacks it in the same pass (Docker and podman download to a file and
// then unpack it): a thread feeds the HTTP body into a socket pair whose other end is the
// unpacker's input, which also writes and verifies the blob. A socket rather than a pipe, so
// a writer whose reader failed gets EPIPE (MSG_NOSIGNAL) instead of SIGPIPE.
image::LayerInfo stream_layer_into_store(RegistryClient& client, image::ImageStore& store,
                                         const Descriptor& d, const std::optional<Digest>& parent,
                                         const Digest& diff_id, const PullBytes& on_bytes) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) throw_errno("socketpair");
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  std::string id = d.digest.hex().substr(0, 12);
  std::exception_ptr download_error;
  bool handoff_failed = false;  // the unpacker stopped reading: its error is the one to report
  std::thread download([&] {
    int64_t written = 0, reported = 0;
    try {
      client.fetch_blob(d.digest, [&](const char* data, size_t size) {
        // A registry cannot make us store more than the manifest declared.
        if (written + static_cast<int64_t>(size) > d.size) {
          throw Error("layer " + d.digest.str() + ": the registry sent more than the " +
                      std::to_string(d.size) + " bytes the manifest declares");
        }
        while (size > 0) {
          ssize_t n = ::send(write_end.get(), data, size, MSG_NOSIGNAL);
          if (n < 0 && errno == EINTR) continue;
          if (n < 0) {
            handoff_failed = true;
            throw_errno("layer " + d.digest.str() + ": handing the download to the unpacker");
          }
          data += n;
          size -= static_cast<size_t>(n);
          written += n;
        }
        // Every 256 KiB: often enough to move a bar, seldom enough to cost nothing.
        if (on_bytes && written - reported >= (256 << 10)) {
          reported = written;
          on_bytes(id, written, d.size);
        }
        return true;
      });
    } catch (...) {
      download_error = std::current_exception();
    }
    write_end.reset();  // EOF for the unpacker: a short download fails its checks
  });
  try {
    auto layer = store.ingest_layer(parent, d, diff_id, read_end.get());
    download.join();
    if (download_error) std::rethrow_exception(download_error);
    return layer;
  } catch (...) {
    read_end.reset();  // a download still sending gets EPIPE and stops
    download.join();
    // A failed download explains the unpacker's truncated input better than the unpacker does.
    if (download_error && !handoff_failed) std::rethrow_exception(download_error);
    throw;
  }
}

}  // namespace

PullResult pull_image(image::ImageStore& store, const Reference& ref, const PullProgress& progress,
                      const PullPolicy& policy, const PullBytes& on_bytes) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  std::string wanted = ref.digest() ? ref.digest()->str() : ref.tag().value_or("latest");
  say(wanted + ": Pulling from " + ref.path());
  FetchedManifest fetched;
  try {
    std::unique_ptr<RegistryClient> client = first_answering_endpoint(
        ref, policy, [&](RegistryClient& c) { fetched = c.fetch_manifest(wanted); });
    if (is_schema1(fetched.media_type)) {
      throw Error(
          "[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, "
          "schema 1 support has been removed. Suggest the author of " +
          ref.familiar() +
          " to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. More "
          "information at https://docs.docker.com/go/deprecated-image-specs/");
    }
    // The digest Docker records is the one the reference resolved to: the index's, if any.
    Digest repo_digest = fetched.digest;
    if (image::media_type::is_index(fetched.media_type)) {
      auto index = with_context("manifest list " + fetched.digest.str(),
                                [&] { return image::parse_index(fetched.bytes); });
      Descriptor chosen = choose_platform(index, ref);
      store.blobs().put(fetched.bytes, fetched.digest);
      fetched = client->fetch_manifest(chosen.digest.str());
    } else if (!image::media_type::is_manifest(fetched.media_type)) {
      throw Error("manifest for " + ref.familiar() + " has an unsupported media type \"" +
                  fetched.media_type + "\"");
    }
    auto manifest = with_context("manifest " + fetched.digest.str(),
                                 [&] { return image::parse_manifest(fetched.bytes); });
    check_declared_size(manifest, ref, policy);
    auto guard = store.ingest_guard();  // garbage collection waits for this pull
    if (!store.blobs().has(manifest.config.digest))
      fetch_blob_into_store(*client, store.blobs(), manifest.config);
    auto config_bytes = store.blobs().read(manifest.config.digest);
    auto config = with_context("image config " + manifest.config.digest.str(),
                               [&] { return image::ImageConfig::parse(config_bytes); });
    if (config.diff_ids().size() != manifest.layers.size()) {
      throw Error("manifest " + fetched.digest.str() + " lists " +
                  std::to_string(manifest.layers.size()) + " layers but its config " +
                  std::to_string(config.diff_ids().size()));
    }
    auto chains = image::chain_ids(config.diff_ids());
    std::vector<size_t> missing;
    for (size_t i = 0; i < manifest.layers.size(); ++i) {
      std::string id = manifest.layers[i].digest.hex().substr(0, 12);
      if (store.blobs().has(manifest.layers[i].digest)) {
        say(id + ": Already exists");
        continue;
      }
      say(id + ": Pulling fs layer");
      missing.push_back(i);
    }
    // Docker's default of three downloads at once, each on its own connection, each unpacked
    // as it arrives.
    std::mutex say_mutex;
    parallel_for(missing.size(), kConcurrentDownloads, [&](size_t k) {
      size_t i = missing[k];
      const Descriptor& layer = manifest.layers[i];
      RegistryClient worker = client->fork();
      std::optional<Digest> parent;
      if (i > 0) parent = chains[i - 1];
      stream_layer_into_store(worker, store, layer, parent, config.diff_ids()[i], on_bytes);
      crash_point("pull-after-layer-blob");
      std::lock_guard lock(say_mutex);
      say(layer.digest.hex().substr(0, 12) + ": Pull complete");
    });
    store.blobs().put(fetched.bytes, fetched.digest);
    crash_point("pull-before-record");
    Descriptor manifest_desc{
        manifest.media_type, fetched.digest, static_cast<int64_t>(fetched.bytes.size()), {}, {}};
    std::optional<image::ImageRecord> before = store.try_resolve(ref.str());
    std::vector<Reference> tags;
    if (!ref.digest()) tags.push_back(ref);
    Digest id = image::store_image(store, config, manifest_desc, manifest.layers, tags);
    store.add_repo_digest(id, Reference::parse(ref.name() + "@" + repo_digest.str()));
    say("Digest: " + repo_digest.str());
    bool changed = !before || before->id != id;
    return PullResult{id, repo_digest, changed};
  } catch (const RegistryError& e) {
    throw pull_error(e, ref);
  }
}

std::vector<std::string> list_tags(const Reference& name, const PullPolicy& policy) {
  std::vector<std::string> tags;
  try {
    first_answering_endpoint(name, policy, [&](RegistryClient& c) { tags = c.list_tags(); });
  } catch (const RegistryError& e) {
    throw pull_error(e, name);
  }
  return tags;
}

}  // namespace berth::registry
