#pragma once
// What every command shares: the global options and, opened on first use, the stores.
#include <filesystem>
#include <memory>
#include <string>

#include "image/image_store.hpp"
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

 private:
  std::unique_ptr<image::ImageStore> images_;
  std::unique_ptr<runtime::ContainerStore> containers_;
  std::unique_ptr<runtime::ContainerEngine> engine_;
};

}  // namespace berth::cli
