#include "compose/colon_fields.hpp"

namespace berth::compose {

std::vector<std::string_view> colon_fields(std::string_view spec) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t colon = spec.find(':', start);
    fields.push_back(spec.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) return fields;
    start = colon + 1;
  }
}

}  // namespace berth::compose
