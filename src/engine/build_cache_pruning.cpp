#include "engine/build_cache_pruning.hpp"

#include <filesystem>

#include "base/error.hpp"
#include "build/executor/build_cache.hpp"
#include "build/executor/cache_scope.hpp"

namespace berth::engine {

BuildCachePruneReport prune_build_cache(Engine& engine, const std::optional<std::string>& tenant) {
  build::BuildCache cache(engine.database());
  BuildCachePruneReport report;
  std::error_code ec;
  if (tenant) {
    std::string scope = "space:" + *tenant;
    report.steps = cache.prune_scope(scope);
    auto dir = build::cache_mounts_of_scope(engine.root(), scope);
    if (std::filesystem::exists(dir)) {
      for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() != ".lock") ++report.cache_mounts;
      }
      std::filesystem::remove_all(dir, ec);
      if (ec) throw Error("remove " + dir.string() + ": " + ec.message());
    }
  } else {
    report.steps = cache.prune();
    auto mounts = build::cache_mounts_dir(engine.root());
    if (std::filesystem::exists(mounts)) {
      for (const auto& e : std::filesystem::directory_iterator(mounts)) {
        std::filesystem::remove_all(e.path(), ec);
        if (ec) throw Error("remove " + e.path().string() + ": " + ec.message());
        ++report.cache_mounts;
      }
    }
  }
  report.garbage = engine.images().collect_garbage();
  return report;
}

}  // namespace berth::engine
