#pragma once
// What every command shares: the global options and, opened on first use, the stores.
#include <filesystem>
#include <memory>
#include <string>

#include "image/image_store.hpp"
#include "network/network_backend.hpp"
#include "network/network_manager.hpp"
#include "runtime/container_engine.hpp"
#include "runtime/container_store.hpp"

namespace berth::cli {

struct GlobalOptions {
  std::string root;  // --root, $BERTH_ROOT, or /var/lib/berth
};

class Context {
 public:
  GlobalOptions options;

  std::filesystem::path root() const;
  image::ImageStore& images();
  runtime::ContainerStore& containers();
  runtime::ContainerEngine& engine();
  volume::VolumeStore& volumes();
  // Opened on first use: its own connection, and the host's bridge backend.
  network::NetworkManager& networks();

 private:
  std::unique_ptr<image::ImageStore> images_;
  std::unique_ptr<runtime::ContainerStore> containers_;
  std::unique_ptr<runtime::ContainerEngine> engine_;
  std::unique_ptr<volume::VolumeStore> volumes_;
  std::unique_ptr<store::Database> network_db_;
  std::unique_ptr<network::NetworkBackend> network_backend_;
  std::unique_ptr<network::NetworkManager> networks_;
};

}  // namespace berth::cli
