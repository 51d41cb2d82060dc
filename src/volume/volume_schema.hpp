#pragma once
// The volume store's table.
#include "store/schema.hpp"

namespace berth::volume {

const store::Schema& volume_schema();

}  // namespace berth::volume
