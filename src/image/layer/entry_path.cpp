#include "image/layer/entry_path.hpp"

#include <fmt/format.h>

#include "base/error.hpp"
#include "base/safe_fs/path_clean.hpp"

namespace berth::image {

std::string entry_message(std::string_view entry, std::string_view message) {
  return fmt::format("layer entry \"{}\": {}", entry, message);
}

std::string clean_entry_path(std::string_view name, std::string_view entry_for_errors) {
  auto clean = clean_beneath(name);
  if (!clean) throw Error(entry_message(entry_for_errors, "path escapes the layer root"));
  return *std::move(clean);
}

}  // namespace berth::image
