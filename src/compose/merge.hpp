#pragma once
// Merging compose trees (several -f files, extends) by the Compose Specification's rules:
// mappings merge key by key, sequences append, scalars are replaced; command, entrypoint and
// healthcheck.test are replaced whole; logging merges only for the same driver; `!reset`
// removes a value and `!override` replaces it without merging. A value taken whole leaves its
// tags behind (entries tagged `!reset` dropped), as compose-go's reset processor leaves a
// document, so later trees merge over it as over any other. Both trees are expected in the
// per-file canonical form (file_tree.hpp): list forms of environment, labels, depends_on and
// networks already turned into mappings, volumes into their long form.
#include <string>

#include "compose/node.hpp"

namespace berth::compose {

// Merges `over` into `base`. `path` is base's key path ("" for a whole file,
// "services.web" for one service) and selects the special rules.
void merge_into(Node& base, const Node& over, const std::string& path = "");

}  // namespace berth::compose
