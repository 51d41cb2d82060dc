#pragma once
// One JSON type for the whole project (nlohmann-json from Debian).
#include <nlohmann/json.hpp>

namespace berth {
using Json = nlohmann::json;
// Keeps insertion order: used where output should follow Docker's field order.
using OrderedJson = nlohmann::ordered_json;
}  // namespace berth
