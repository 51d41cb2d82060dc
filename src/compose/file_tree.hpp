#pragma once
// One compose file's tree made ready to merge with others: the forms compose merges by key
// turned into mappings (environment, labels, build args, depends_on, a service's networks,
// extra_hosts' mapping form into a list), `build: DIR` into `build: {context: DIR}`, volumes' short
// form into the long form, and every relative path made absolute against `base_dir`, the file's own
// directory (or the project directory for the first file): build contexts, bind sources, env_file,
// extends.file, secrets' and configs' files. `x-` keys are dropped.
#include <string>

#include "compose/node.hpp"

namespace berth::compose {

void canonicalize_file_tree(Node& root, const std::string& base_dir, const std::string& home);

// A path as compose resolves it: `~` → home; relative → joined to base_dir; cleaned.
std::string resolve_path(const std::string& path, const std::string& base_dir,
                         const std::string& home);

}  // namespace berth::compose
