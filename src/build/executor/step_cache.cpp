#include "build/executor/step_cache.hpp"

#include "base/error.hpp"
#include "build/executor/cache_scope.hpp"
#include "image/oci/descriptor.hpp"
#include "image/publish.hpp"

namespace berth::build {
namespace {

Json layers_json(const std::vector<image::ImageLayer>& layers) {
  Json a = Json::array();
  for (const auto& l : layers)
    a.push_back({{"blob", image::to_json(l.blob)}, {"diff_id", l.layer.diff_id.str()}});
  return a;
}

}  // namespace

StepCache::StepCache(image::ImageStore& images, std::string scope, bool no_cache)
    : images_(images), cache_(images.db()), scope_(std::move(scope)), no_cache_(no_cache) {}

std::optional<StageState> StepCache::find(const Digest& key, const StageState& current) {
  if (no_cache_) return std::nullopt;
  auto entry = cache_.find(scoped_cache_key(scope_, key));
  if (!entry) return std::nullopt;
  StageState s = current;
  s.key = key;
  s.config = (*entry)["config"];
  s.layers.clear();
  try {
    std::optional<Digest> parent;
    for (const auto& l : (*entry)["layers"]) {
      image::Descriptor blob = image::parse_descriptor(l["blob"], "build cache");
      Digest diff_id = Digest::parse(l["diff_id"].get<std::string>());
      if (!images_.blobs().has(blob.digest)) return std::nullopt;
      image::ImageLayer layer{images_.ensure_layer(parent, blob, diff_id), blob};
      parent = layer.layer.chain_id;
      s.layers.push_back(layer);
    }
  } catch (const Error&) {
    return std::nullopt;  // its layers were garbage collected: build the step again
  }
  return s;
}

void StepCache::store(const StageState& s) {
  // The scope goes into the state too, so a deleted Space's entries can be pruned.
  cache_.put(scoped_cache_key(scope_, s.key),
             {{"config", s.config}, {"layers", layers_json(s.layers)}, {"scope", scope_}});
}

void StepCache::commit_layer(StageState& s, const StepRootfs& rootfs,
                             const std::string& created_by) {
  if (!rootfs.changed()) {
    add_history(s, created_by, true);
    return;
  }
  auto stored = image::store_directory_as_layer(images_, rootfs.upper());
  std::optional<Digest> parent;
  if (!s.layers.empty()) parent = s.layers.back().layer.chain_id;
  s.layers.push_back({images_.ensure_layer(parent, stored.blob, stored.diff_id), stored.blob});
  s.config["rootfs"]["diff_ids"].push_back(stored.diff_id.str());
  add_history(s, created_by, false);
}

}  // namespace berth::build
