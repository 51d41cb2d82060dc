#pragma once
// The normalized model as `docker compose config` (v2) prints it: keys in compose's order,
// the defaults it fills in, durations as Go prints them, sizes as strings. The same tree is
// printed as YAML (yaml_emitter.hpp) or JSON, and hashed for a service's config hash.
#include "base/json.hpp"
#include "compose/project.hpp"

namespace berth::compose {

OrderedJson project_json(const Project& project);
OrderedJson service_json(const ServiceConfig& service);

}  // namespace berth::compose
