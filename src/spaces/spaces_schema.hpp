#pragma once
// The Spaces tables: users, tokens, Spaces and their variables and secrets.
#include "store/schema.hpp"

namespace berth::spaces {

const store::Schema& spaces_schema();

}  // namespace berth::spaces
