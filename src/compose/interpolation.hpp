#pragma once
// Compose's variable interpolation: $VAR ${VAR} ${VAR:-default} ${VAR-default}
// ${VAR:?error} ${VAR?error} ${VAR:+replacement} ${VAR+replacement}, and $$ for a literal $.
// Defaults, errors and replacements are interpolated in turn (${A:-${B:-x}}), to a bounded
// depth. Names are [_a-zA-Z][_a-zA-Z0-9]*; a $ followed by anything else is kept as it is.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "compose/node.hpp"

namespace berth::compose {

// A variable's value, or nullopt when it is not set.
using VariableLookup = std::function<std::optional<std::string>(std::string_view)>;

// Thrown (a ComposeError would lack the file): the caller adds where the value was.
struct InterpolationError {
  std::string message;
};

std::string interpolate(std::string_view text, const VariableLookup& lookup);

// Every scalar value of the tree (not the keys), in place; errors name the node and its path.
// The values together may grow to kMaxExpandedBytes (a long variable used in every value).
void interpolate_tree(Node& node, const VariableLookup& lookup);
// The same with a budget shared by several trees (the documents of one file).
void interpolate_tree(Node& node, const VariableLookup& lookup, size_t& budget);

}  // namespace berth::compose
