#pragma once
// The build cache's table.
#include "store/schema.hpp"

namespace berth::build {

const store::Schema& build_cache_schema();

}  // namespace berth::build
