#pragma once
// Reads one YAML document into a Node tree, bounded: the text's size, the tree's depth, and the
// nodes and bytes its aliases stand for (limits.hpp). Aliases are expanded; merge keys
// (`<<: *base`, `<<: [*a, *b]`) are applied, the mapping's own keys winning over merged ones.
// Errors are ComposeErrors that name `file` and the line.
#include <string>
#include <string_view>
#include <vector>

#include "compose/node.hpp"

namespace berth::compose {

Node read_yaml(std::string_view text, const std::string& file);

// Every document of a multi-document file (`---` between them), as compose reads them: each
// is processed in turn and merged over the previous ones. The bounds are the whole file's.
std::vector<Node> read_yaml_documents(std::string_view text, const std::string& file);

}  // namespace berth::compose
