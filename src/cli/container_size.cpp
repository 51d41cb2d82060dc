#include "cli/container_size.hpp"

#include "base/human_format.hpp"

namespace berth::cli {

ContainerSize container_size(Context& ctx, const runtime::ContainerRecord& c) {
  ContainerSize size;
  size.rw = ctx.engine().writable_layer_size(c);
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
