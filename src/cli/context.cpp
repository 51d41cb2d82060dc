#include "cli/context.hpp"

#include <cstdlib>

namespace berth::cli {

std::filesystem::path Context::root() const {
  if (!options.root.empty()) return options.root;
  if (const char* env = std::getenv("BERTH_ROOT"); env && *env) return env;
  return "/var/lib/berth";
}

image::ImageStore& Context::images() {
  if (!images_) images_ = std::make_unique<image::ImageStore>(root());
  return *images_;
}

}  // namespace berth::cli
