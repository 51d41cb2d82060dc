#pragma once
// The normalized model as `docker compose config` (v2) prints it: keys in compose's order,
// the defaults it fills in, durations as Go prints them, sizes as strings. The same tree is
// printed as YAML (yaml_emitter.hpp) or JSON, and hashed for a service's config hash.
#include "base/json.hpp"
#include "compose/project.hpp"

namespace berth::compose {

// The two differ where compose-go's YAML and JSON marshalling do (types/types.go,
// types/project.go): JSON has `command` and `entrypoint` as null when unset (no omitempty),
// struct fields never left out (a network's `ipam`, deploy's `placement`), a ulimit's zero
// soft or hard left out, and the top-level keys sorted (Project.MarshalJSON builds a Go map).
enum class ModelFormat { yaml, json };

OrderedJson project_json(const Project& project, ModelFormat format = ModelFormat::yaml);
// As YAML for the config hash (whose value must not change with the output format).
OrderedJson service_json(const ServiceConfig& service, ModelFormat format = ModelFormat::yaml);

// `config --format json`'s text, as Go's json.MarshalIndent writes it: two-space indent, <, >
// and & escaped as \u003c, \u003e, \u0026 (and U+2028, U+2029), no newline at the end.
std::string json_text(const OrderedJson& model);

}  // namespace berth::compose
