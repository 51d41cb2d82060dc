#include "engine/engine.hpp"

#include <cstdlib>

#include "base/fs.hpp"
#include "build/executor/build_cache_schema.hpp"
#include "image/image_schema.hpp"
#include "network/linux/linux_bridge_backend.hpp"
#include "network/network_schema.hpp"
#include "runtime/container_schema.hpp"
#include "volume/volume_schema.hpp"

namespace berth::engine {

std::filesystem::path default_root() {
  if (const char* env = std::getenv("BERTH_ROOT"); env && *env) return env;
  return "/var/lib/berth";
}

const std::vector<const store::Schema*>& engine_schemas() {
  static const std::vector<const store::Schema*> kSchemas = {
      &image::image_schema(), &runtime::container_schema(), &volume::volume_schema(),
      &network::network_schema(), &build::build_cache_schema()};
  return kSchemas;
}

EngineConfig EngineConfig::for_this_process(const std::filesystem::path& root) {
  EngineConfig c;
  c.root = std::filesystem::absolute(root.empty() ? default_root() : root);
  // The shim sits next to the berth binary (build/bin, or /usr/local/bin after install).
  auto self = std::filesystem::read_symlink("/proc/self/exe");
  c.berth_path = self;
  const char* shim = std::getenv("BERTH_SHIM");
  c.shim_path = shim && *shim ? std::filesystem::path(shim) : self.parent_path() / "berth-shim";
  return c;
}

Engine::Engine(EngineConfig config) : config_(std::move(config)) {}

Engine::~Engine() = default;

store::Database& Engine::database() {
  if (!database_) {
    ensure_directory(config_.root / "locks", 0700);  // the root too, as the stores expect
    database_ = std::make_unique<store::Database>(config_.root / "berth.db", engine_schemas());
  }
  return *database_;
}

image::ImageStore& Engine::images() {
  if (!images_) images_ = std::make_unique<image::ImageStore>(config_.root, database());
  return *images_;
}

runtime::ContainerStore& Engine::containers() {
  if (!containers_) containers_ = std::make_unique<runtime::ContainerStore>(database());
  return *containers_;
}

volume::VolumeStore& Engine::volumes() {
  if (!volumes_) volumes_ = std::make_unique<volume::VolumeStore>(config_.root, database());
  return *volumes_;
}

runtime::ContainerEngine& Engine::lifecycle() {
  if (!lifecycle_) {
    runtime::EngineOptions options;
    options.root = config_.root;
    options.run_dir = config_.run_dir;
    options.berth_path = config_.berth_path;
    options.shim_path = config_.shim_path;
    lifecycle_ = std::make_unique<runtime::ContainerEngine>(
        options, images(), containers(), volumes(),
        [this]() -> network::NetworkManager& { return networks(); });
  }
  return *lifecycle_;
}

network::NetworkManager& Engine::networks() {
  if (!networks_) {
    network_backend_ = std::make_unique<network::LinuxBridgeBackend>(config_.run_dir);
    networks_ =
        std::make_unique<network::NetworkManager>(database(), *network_backend_, config_.run_dir);
  }
  return *networks_;
}

}  // namespace berth::engine
