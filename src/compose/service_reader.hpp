#pragma once
// Reads one service's (merged, extends applied) tree into a ServiceConfig, checking every key
// and value; errors name the file, line and key path.
#include <set>
#include <string>

#include "compose/interpolation.hpp"
#include "compose/limits.hpp"
#include "compose/node.hpp"
#include "compose/service_config.hpp"

namespace berth::compose {

struct ServiceReadContext {
  VariableLookup environment;             // for `environment: [FOO]` and build args without a value
  std::set<std::string> service_names;    // every service of the project, profiles aside
  mutable size_t ports_left = kMaxPorts;  // ports all services may still expand to
};

ServiceConfig read_service(const std::string& name, const Node& node,
                           const ServiceReadContext& ctx);

}  // namespace berth::compose
