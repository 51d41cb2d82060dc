#pragma once
// Typed reads of tree nodes for the model readers: each names the node's file, line and key
// path when the value is not of the expected type.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "compose/node.hpp"

namespace berth::compose {

// A scalar as a string (numbers and booleans as written).
std::string read_string(const Node& n, const std::string& path);
// YAML's booleans (true/false in any case, and YAML 1.1's yes/no/on/off as compose accepts).
bool read_bool(const Node& n, const std::string& path);
int64_t read_int(const Node& n, const std::string& path, int64_t min, int64_t max);
double read_number(const Node& n, const std::string& path);
// Nanoseconds from "1m30s" (or a number of seconds).
int64_t read_duration(const Node& n, const std::string& path);
// Bytes from "512m" or a number.
int64_t read_bytes(const Node& n, const std::string& path);
// A list of strings; a lone string is a list of one when `single_ok`.
std::vector<std::string> read_string_list(const Node& n, const std::string& path, bool single_ok);
// A mapping of strings to strings (null values become "").
std::map<std::string, std::string> read_string_map(const Node& n, const std::string& path);
// A command: a string split into words, or a list of strings.
std::vector<std::string> read_command(const Node& n, const std::string& path);
// A tree as JSON for the attributes kept as written: plain scalars that read as booleans or
// numbers become those, quoted ones stay strings.
OrderedJson node_json(const Node& n);
// Fails unless `n` is a mapping.
void expect_mapping(const Node& n, const std::string& path);
// Fails on a key of `n` outside `known` (x- keys are already gone).
void expect_keys(const Node& n, const std::string& path,
                 std::initializer_list<std::string_view> known);

}  // namespace berth::compose
