#pragma once
// The JSON objects `inspect` prints, in Docker's shape.
#include "base/json.hpp"
#include "cli/context.hpp"

namespace berth::cli {

OrderedJson inspect_image_json(Context& ctx, const image::ImageRecord& image);
// with_size: SizeRw and SizeRootFs too (`inspect --size`), which walk the writable layer.
OrderedJson inspect_container_json(Context& ctx, const runtime::ContainerRecord& c,
                                   bool with_size = false);

}  // namespace berth::cli
