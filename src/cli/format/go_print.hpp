#pragma once
// Go's fmt package as Docker's --format output shows it, over JSON values: what "{{.X}}",
// print, println and printf write for strings, numbers, booleans, null, maps and lists.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"

namespace berth::cli {

// Appends code point `cp` as UTF-8 (U+FFFD for invalid code points, as Go does).
void append_utf8(std::string& out, uint32_t cp);

// The Go type a JSON value stands for in messages ("string", "int", "float64", "bool",
// "map[string]interface {}", "[]interface {}", "<nil>").
std::string go_type_name(const Json& value);

// A float64 as %v prints it: shortest round-trip digits, exponent form outside [1e-4, 1e6).
std::string go_format_float(double value);

// fmt's %v: strings raw, integers without ".0", map[k:v] with sorted keys, [a b], <nil>.
std::string go_print_value(const Json& value);

// fmt.Sprint: spaces between operands when neither side is a string.
std::string go_sprint(const std::vector<Json>& args);
// fmt.Sprintln: spaces between all operands and a trailing newline.
std::string go_sprintln(const std::vector<Json>& args);
// fmt.Sprintf for the verbs templates use (%v %s %d %q %x %X %o %b %c %t %f %e %g %%), with
// flags, width and precision; mismatches print Go's "%!d(string=x)" markers.
std::string go_sprintf(std::string_view format, const std::vector<Json>& args);

// Go template truth: false, 0, null and empty strings, lists and maps are false.
bool go_truth(const Json& value);

}  // namespace berth::cli
