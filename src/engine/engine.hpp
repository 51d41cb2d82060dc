#pragma once
// The engine library: the composition root of Berth's container engine over one root (image
// store, containers, volumes, networks, the lifecycle), shared by the CLI's commands and the
// Spaces server, which call it in-process. Parts open on first use, so a command that needs
// only the image store never opens the rest. One SQLite connection, shared by every store
// (one per CLI process). Not thread-safe: a thread that needs the engine uses its own Engine
// (SQLite and the stores' file locks keep concurrent users of one root consistent, as
// concurrent `berth` processes are).
#include <filesystem>
#include <memory>
#include <vector>

#include "image/image_store.hpp"
#include "network/network_backend.hpp"
#include "network/network_manager.hpp"
#include "runtime/container_engine.hpp"
#include "runtime/container_store.hpp"
#include "store/schema.hpp"
#include "volume/volume_store.hpp"

namespace berth::engine {

struct EngineConfig {
  std::filesystem::path root;        // absolute
  std::filesystem::path shim_path;   // berth-shim
  std::filesystem::path berth_path;  // the binary the shim runs as its exit command
  std::filesystem::path run_dir = "/run/berth";

  // `root` (BERTH_ROOT or /var/lib/berth when empty), the shim next to this process's binary
  // (or $BERTH_SHIM), this binary as the exit command.
  static EngineConfig for_this_process(const std::filesystem::path& root = {});
};

// The root a command or server uses when none is given: $BERTH_ROOT, else /var/lib/berth.
std::filesystem::path default_root();

// The schemas of the engine's stores (images, containers, volumes, networks, build cache).
const std::vector<const store::Schema*>& engine_schemas();

class Engine {
 public:
  explicit Engine(EngineConfig config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineConfig& config() const { return config_; }
  const std::filesystem::path& root() const { return config_.root; }

  // <root>/berth.db, created and migrated on first use.
  store::Database& database();
  image::ImageStore& images();
  runtime::ContainerStore& containers();
  runtime::ContainerEngine& lifecycle();
  volume::VolumeStore& volumes();
  network::NetworkManager& networks();

 private:
  EngineConfig config_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<image::ImageStore> images_;
  std::unique_ptr<runtime::ContainerStore> containers_;
  std::unique_ptr<runtime::ContainerEngine> lifecycle_;
  std::unique_ptr<volume::VolumeStore> volumes_;
  std::unique_ptr<network::NetworkBackend> network_backend_;
  std::unique_ptr<network::NetworkManager> networks_;
};

}  // namespace berth::engine
