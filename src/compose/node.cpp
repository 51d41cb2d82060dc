#include "compose/node.hpp"

namespace berth::compose {

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node& Node::set(std::string key, Node value) {
  for (auto& e : entries) {
    if (e.key == key) {
      e.value = std::move(value);
      return e.value;
    }
  }
  int line = value.line;
  entries.push_back(NodeEntry{std::move(key), line, std::move(value)});
  return entries.back().value;
}

bool Node::erase(std::string_view key) {
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (it->key == key) {
      entries.erase(it);
      return true;
    }
  }
  return false;
}

Node Node::make_scalar(std::string text, std::string file, int line) {
  Node n;
  n.kind = Kind::kScalar;
  n.scalar = std::move(text);
  n.file = std::move(file);
  n.line = line;
  return n;
}

Node Node::make_mapping(std::string file, int line) {
  Node n;
  n.kind = Kind::kMapping;
  n.file = std::move(file);
  n.line = line;
  return n;
}

Node Node::make_sequence(std::string file, int line) {
  Node n;
  n.kind = Kind::kSequence;
  n.file = std::move(file);
  n.line = line;
  return n;
}

namespace {

void count_into(const Node& node, size_t limit, size_t& n) {
  if (++n > limit) return;
  for (const auto& item : node.items) {
    count_into(item, limit, n);
    if (n > limit) return;
  }
  for (const auto& e : node.entries) {
    count_into(e.value, limit, n);
    if (n > limit) return;
  }
}

}  // namespace

size_t count_nodes(const Node& node, size_t limit) {
  size_t n = 0;
  count_into(node, limit, n);
  return n;
}

std::string kind_name(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kScalar:
      return "a string";
    case Node::Kind::kSequence:
      return "a list";
    case Node::Kind::kMapping:
      return "a mapping";
  }
  return "a value";
}

}  // namespace berth::compose
