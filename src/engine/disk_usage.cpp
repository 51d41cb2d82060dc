#include "engine/disk_usage.hpp"

#include <map>
#include <set>
#include <vector>

#include "base/directory_size.hpp"
#include "build/executor/build_cache.hpp"
#include "build/executor/cache_scope.hpp"

namespace berth::engine {
DiskUsage disk_usage(Engine& engine) {
  DiskUsage usage;
  auto& lifecycle = engine.lifecycle();
  auto containers = lifecycle.list();
  auto images = engine.images().list();

  std::map<std::string, int> users_of_image;  // image ID -> containers
  for (const auto& c : containers) {
    ++users_of_image[c.image_id.str()];
    uint64_t rw = lifecycle.writable_layer_size(c);
    ++usage.containers.total;
    usage.containers.size += rw;
    if (runtime::is_alive(c.state)) {
      ++usage.containers.active;
    } else {
      usage.containers.reclaimable += rw;
    }
  }

  // Each image's layers once (an image may list one twice), and how many images use each.
  std::vector<std::set<std::string>> layers_of(images.size());
  std::map<std::string, int> images_of_layer;  // chain ID -> images
  std::map<std::string, uint64_t> layer_size;
  for (size_t i = 0; i < images.size(); ++i) {
    for (const auto& l : images[i].layers) {
      auto chain = l.layer.chain_id.str();
      if (!layers_of[i].insert(chain).second) continue;
      ++images_of_layer[chain];
      layer_size[chain] = static_cast<uint64_t>(l.layer.unpacked_size);
    }
  }
  for (const auto& [chain, size] : layer_size) usage.images.size += size;
  uint64_t used = 0;
  for (size_t i = 0; i < images.size(); ++i) {
    ++usage.images.total;
    if (!users_of_image.contains(images[i].id.str())) continue;
    ++usage.images.active;
    uint64_t shared = 0;
    for (const auto& chain : layers_of[i]) {
      if (images_of_layer[chain] > 1) shared += layer_size[chain];
    }
    used += static_cast<uint64_t>(images[i].size) - shared;
  }
  usage.images.reclaimable = usage.images.size > used ? usage.images.size - used : 0;

  for (const auto& v : engine.volumes().list()) {
    uint64_t size = directory_size(v.mountpoint);
    ++usage.volumes.total;
    usage.volumes.size += size;
    if (lifecycle.volume_users(v.name).empty()) {
      usage.volumes.reclaimable += size;
    } else {
      ++usage.volumes.active;
    }
  }

  build::BuildCache cache(engine.database());
  usage.build_cache.total = cache.count();
  usage.build_cache.size = static_cast<uint64_t>(engine.images().unreferenced_layer_bytes());
  auto mounts = build::cache_mounts_dir(engine.root());
  std::error_code ec;
  if (std::filesystem::is_directory(mounts, ec)) {
    for (const auto& scope : std::filesystem::directory_iterator(mounts)) {
      if (!scope.is_directory()) continue;
      for (const auto& mount : std::filesystem::directory_iterator(scope.path())) {
        if (!mount.is_directory()) continue;
        ++usage.build_cache.total;
        usage.build_cache.size += directory_size(mount.path());
      }
    }
  }
  usage.build_cache.reclaimable = usage.build_cache.size;
  return usage;
}

}  // namespace berth::engine
