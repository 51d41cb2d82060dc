#pragma once
// `berth pull`: a reference's manifest (an index resolved to linux/amd64), config and layers
// fetched into the image store, every digest verified, and the image recorded with its tag and
// repo digest only once all of it is stored, so a pull killed at any moment lists nothing
// incomplete and the next pull reuses the blobs that finished.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/digest.hpp"
#include "image/image_store.hpp"
#include "image/reference/reference.hpp"

namespace berth::registry {

struct PullResult {
  Digest image_id;
  Digest manifest_digest;
  bool changed = false;  // false: the tag already named this image ("Image is up to date")
};

// Docker's progress lines ("<layer>: Pulling fs layer", "…: Pull complete", "Digest: …").
using PullProgress = std::function<void(const std::string& line)>;
// A layer's download so far (id: the digest's first 12 hex), from the download threads.
using PullBytes = std::function<void(const std::string& id, int64_t current, int64_t total)>;

struct PullPolicy {
  // A pull on a tenant's behalf (a Space build's FROM): the registry, its token server and
  // its redirects must be at public addresses, as a Space build's ADD.
  bool public_addresses_only = false;
  // The most a pull may download: the manifest's declared sizes (config and layers) are
  // checked before anything is fetched, and a registry cannot send more than it declared.
  // 0: no limit.
  int64_t max_image_bytes = 0;
};

// Throws Error with Docker's wording ("manifest for X not found: …", "pull access denied for
// X, …"); nothing is recorded on failure.
PullResult pull_image(image::ImageStore& store, const image::Reference& ref,
                      const PullProgress& progress = {}, const PullPolicy& policy = {},
                      const PullBytes& on_bytes = {});

// `pull -a`: the tags of `name`'s repository, in the registry's order (mirrors first, as
// pull_image). Throws Error in Docker's words.
std::vector<std::string> list_tags(const image::Reference& name, const PullPolicy& policy = {});

}  // namespace berth::registry
