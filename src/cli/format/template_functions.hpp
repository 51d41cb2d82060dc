#pragma once
// The functions a --format template can call: Docker's additions (json, split, join, title,
// lower, upper, pad, truncate) and Go's builtins (index, len, print, printf, println, not, eq,
// ne, lt, le, gt, ge; and/or live in the executor because they short-circuit).
#include <stdexcept>
#include <string>
#include <vector>

#include "base/json.hpp"

namespace berth::cli::tmpl {

// A call that failed at run time; the executor words it "error calling NAME: MESSAGE".
class CallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Arguments of the wrong number or type; reported as is, as Go does.
class ArgumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

bool is_function(const std::string& name);

// Calls a function (not and/or). In header mode Docker's own functions pass their first
// argument through (json gives ""), since the header row is rendered from column titles.
Json call_function(const std::string& name, const std::vector<Json>& args, bool header_mode);

}  // namespace berth::cli::tmpl
