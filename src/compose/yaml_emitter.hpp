#pragma once
// Prints a JSON tree as YAML the way compose's Go encoder does (go-yaml v3, indent 2): block
// mappings and sequences, sequences indented under their key, strings quoted only when plain
// would read back as something else, multi-line strings as literal blocks.
#include <string>

#include "base/json.hpp"

namespace berth::compose {

std::string to_yaml(const OrderedJson& value);

// Whether a string can be printed plain (unquoted) and read back as the same string.
bool yaml_plain_ok(const std::string& s);

}  // namespace berth::compose
