#include "cli/container_size.hpp"

#include "base/directory_size.hpp"
#include "base/human_format.hpp"

namespace berth::cli {

ContainerSize container_size(Context& ctx, const runtime::ContainerRecord& c) {
  ContainerSize size;
  ctx.engine().with_writable_layer(
      c, [&](const std::filesystem::path& upper) { size.rw = directory_size(upper); });
  std::uint64_t image = 0;
  if (auto record = ctx.images().find(c.image_id)) image = static_cast<std::uint64_t>(record->size);
  size.root_fs = image + size.rw;
  return size;
}

std::string size_text(const ContainerSize& size) {
  std::string text = human_size(static_cast<double>(size.rw));
  if (size.root_fs > 0) text += " (virtual " + human_size(static_cast<double>(size.root_fs)) + ")";
  return text;
}

}  // namespace berth::cli
