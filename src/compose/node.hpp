#pragma once
// A YAML tree as the compose loader works on it: every node knows its file and line, so an
// error found after interpolation, merging and extends still names where the value was written.
// Aliases are expanded and merge keys (<<) applied when the tree is read (yaml_reader.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::compose {

struct NodeEntry;

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMapping };
  Kind kind = Kind::kNull;
  std::string scalar;       // kScalar's text
  bool quoted = false;      // a quoted scalar ("80:80"): always a string, never a number or bool
  std::string tag;          // an explicit tag (!reset, !override), else empty
  std::vector<Node> items;  // kSequence
  std::vector<NodeEntry> entries;  // kMapping, in file order
  std::string file;                // the file as messages name it
  int line = 0;                    // 1-based; 0 when unknown

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }

  // The entry under `key` in a mapping, or nullptr.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // Sets (replacing or appending) `key` in a mapping.
  Node& set(std::string key, Node value);
  bool erase(std::string_view key);

  static Node make_scalar(std::string text, std::string file = {}, int line = 0);
  static Node make_mapping(std::string file = {}, int line = 0);
  static Node make_sequence(std::string file = {}, int line = 0);
};

struct NodeEntry {
  std::string key;
  int key_line = 0;
  Node value;
  // The file the key was written in: the value's (an entry merged in from another -f file
  // keeps its own), else `fallback`, the mapping's.
  const std::string& file(const std::string& fallback) const {
    return value.file.empty() ? fallback : value.file;
  }
};

// Nodes in a tree, counted up to `limit` (then `limit` + 1).
size_t count_nodes(const Node& node, size_t limit);

// "a mapping", "a list", "a string", "null": what messages call a node's kind.
std::string kind_name(const Node& node);

}  // namespace berth::compose
