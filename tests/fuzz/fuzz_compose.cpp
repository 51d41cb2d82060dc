// A compose file: from a cloned repository or a downloaded example, read by `berth compose`.
// The in-memory pipeline: YAML (bounded; anchors, aliases, merge keys), interpolation,
// canonical forms, merge, the typed model, dependency order, output and config hash. Refusals
// are ComposeErrors (InvalidArgumentError); nothing else may escape.
#include "base/error.hpp"
#include "compose/config_hash.hpp"
#include "compose/dependency_order.hpp"
#include "compose/file_tree.hpp"
#include "compose/interpolation.hpp"
#include "compose/merge.hpp"
#include "compose/model_json.hpp"
#include "compose/project_reader.hpp"
#include "compose/yaml_emitter.hpp"
#include "compose/yaml_reader.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth::compose;
  VariableLookup env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "SET") return std::string("value");
    if (name == "EMPTY") return std::string();
    return std::nullopt;
  };
  try {
    Node tree = read_yaml(berth::fuzz::text_of(data, size), "compose.yaml");
    interpolate_tree(tree, env);
    // Paths resolve below a directory that does not exist: env_file reads find nothing.
    canonicalize_file_tree(tree, "/nonexistent/berth-fuzz", "/nonexistent/home");
    Node merged = Node::make_mapping("compose.yaml", 1);
    merge_into(merged, tree);
    merge_into(merged, tree);  // a second -f file: the merge rules over the same tree
    Project project = read_project(merged, ProjectReadOptions{"fuzz", {"*"}, env});
    dependency_levels(project);
    (void)to_yaml(project_json(project));
    for (const auto& [name, service] : project.services) (void)config_hash(service);
  } catch (const berth::InvalidArgumentError&) {
  }
  return 0;
}
