#pragma once
// What every command shares: the global options and, opened on first use, the stores.
#include <filesystem>
#include <memory>
#include <string>

#include "image/image_store.hpp"

namespace berth::cli {

struct GlobalOptions {
  std::string root;  // --root, $BERTH_ROOT, or /var/lib/berth
};

class Context {
 public:
  GlobalOptions options;

  std::filesystem::path root() const;
  image::ImageStore& images();

 private:
  std::unique_ptr<image::ImageStore> images_;
};

}  // namespace berth::cli
