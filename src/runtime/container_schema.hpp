#pragma once
// The container store's table (a container names its image: images first).
#include "store/schema.hpp"

namespace berth::runtime {

const store::Schema& container_schema();

}  // namespace berth::runtime
