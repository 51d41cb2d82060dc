#pragma once
// The image store's tables: layers, images, their layers, tags and repo digests.
#include "store/schema.hpp"

namespace berth::image {

const store::Schema& image_schema();

}  // namespace berth::image
