#pragma once
// The JSON objects `inspect` prints, in Docker's shape.
#include "base/json.hpp"
#include "cli/context.hpp"

namespace berth::cli {

OrderedJson inspect_image_json(Context& ctx, const image::ImageRecord& image);
OrderedJson inspect_container_json(Context& ctx, const runtime::ContainerRecord& c);

}  // namespace berth::cli
