#include "compose/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>
#include <unordered_map>

#include "base/go_quote.hpp"
#include "compose/compose_error.hpp"
#include "compose/limits.hpp"

namespace berth::compose {
namespace {

struct Counted {
  Node node;
  size_t nodes = 0;
  size_t bytes = 0;
};

// Builds the tree from the parser's events. A frame per open mapping or sequence.
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(std::string file) : file_(std::move(file)) {}

  std::optional<Node>& root() { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.file = file_;
    n.line = mark.line + 1;
    charge(mark, 1, 0);
    complete(std::move(n), anchor, 1, 0);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) fail(mark, "an alias refers to an unknown anchor");
    charge(mark, it->second.nodes, it->second.bytes);
    complete(Node(it->second.node), 0, 0, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n = Node::make_scalar(value, file_, mark.line + 1);
    // Quoted, or tagged !!str: a string even when it reads as a number or a boolean.
    n.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    if (tag != "?" && tag != "!") n.tag = tag;
    charge(mark, 1, value.size());
    complete(std::move(n), anchor, 1, value.size());
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::make_sequence(file_, mark.line + 1), mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::make_mapping(file_, mark.line + 1), mark, tag, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    size_t nodes_at_start = 0;
    size_t bytes_at_start = 0;
    std::optional<Node> key;                         // a mapping's key waiting for its value
    std::vector<Node> merges;                        // `<<` sources, in order
    std::unordered_map<std::string, int> key_lines;  // the keys so far (a mapping may be long)
  };

  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view message) const {
    fail_at(file_, mark.is_null() ? 0 : mark.line + 1, "", message);
  }
  [[noreturn]] void fail(const Node& at, std::string_view message) const {
    fail_at(file_, at.line, "", message);
  }

  void charge(const YAML::Mark& mark, size_t nodes, size_t bytes) {
    nodes_ += nodes;
    bytes_ += bytes;
    if (nodes_ > kMaxNodes) {
      fail(mark,
           fmt::format("the YAML stands for more than {} nodes (aliases included)", kMaxNodes));
    }
    if (bytes_ > kMaxExpandedBytes) {
      fail(mark, fmt::format("the YAML stands for more than {} MiB of text (aliases included)",
                             kMaxExpandedBytes / (1024 * 1024)));
    }
  }

  void open(Node n, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (stack_.size() >= static_cast<size_t>(kMaxYamlDepth)) {
      fail(mark, fmt::format("the YAML is nested more than {} levels deep", kMaxYamlDepth));
    }
    charge(mark, 1, 0);
    if (tag != "?" && tag != "!" && !tag.empty()) n.tag = tag;
    stack_.push_back(Frame{std::move(n), anchor, nodes_ - 1, bytes_, std::nullopt, {}, {}});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Node n = std::move(frame.node);
    if (n.is_mapping()) apply_merges(n, frame.merges, frame.key_lines);
    complete(std::move(n), frame.anchor, nodes_ - frame.nodes_at_start,
             bytes_ - frame.bytes_at_start);
  }

  // `<<: *a` and `<<: [*a, *b]`: keys the mapping lacks, earlier sources first.
  static void apply_merges(Node& map, std::vector<Node>& merges,
                           std::unordered_map<std::string, int>& keys) {
    for (Node& source : merges) {
      for (NodeEntry& e : source.entries) {
        if (keys.emplace(e.key, e.key_line).second) map.entries.push_back(std::move(e));
      }
    }
  }

  void complete(Node n, YAML::anchor_t anchor, size_t nodes, size_t bytes) {
    if (anchor != 0) anchors_[anchor] = Counted{n, nodes, bytes};
    if (stack_.empty()) {
      if (root_) fail(n, "a second YAML root");
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.key) {
      if (!n.is_scalar()) {
        if (n.is_null()) fail(n, "a mapping key is empty");
        fail(n, fmt::format("a mapping key must be a string, not {}", kind_name(n)));
      }
      top.key = std::move(n);
      return;
    }
    Node key = std::move(*top.key);
    top.key.reset();
    if (key.scalar == "<<" && !key.quoted) {
      if (n.is_mapping()) {
        top.merges.push_back(std::move(n));
        return;
      }
      if (n.is_sequence()) {
        for (Node& item : n.items) {
          if (!item.is_mapping()) fail(key, "a merge key (<<) takes mappings only");
          top.merges.push_back(std::move(item));
        }
        return;
      }
      fail(key, "a merge key (<<) takes a mapping or a list of mappings");
    }
    auto [seen, inserted] = top.key_lines.emplace(key.scalar, key.line);
    if (!inserted) {
      fail(key, fmt::format("mapping key {} already defined at line {}", go_quote(key.scalar),
                            seen->second));
    }
    top.node.entries.push_back(NodeEntry{std::move(key.scalar), key.line, std::move(n)});
  }

  std::string file_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Counted> anchors_;
  std::optional<Node> root_;
  size_t nodes_ = 0;
  size_t bytes_ = 0;
};

}  // namespace

std::vector<Node> read_yaml_documents(std::string_view text, const std::string& file) {
  if (text.size() > kMaxFileBytes) {
    fail_at(file, 0, "", fmt::format("the file is larger than {} MiB", kMaxFileBytes >> 20));
  }
  // YAML is Unicode: compose refuses other bytes, and so does every printer of the model.
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      line += c == '\n';
      ++i;
      continue;
    }
    size_t n = utf8_sequence_length(text, i);
    if (n == 0) fail_at(file, line, "", "invalid YAML: the file is not valid UTF-8");
    i += n;
  }
  std::istringstream in{std::string(text)};
  // One builder for every document: the node and byte budgets are the file's.
  TreeBuilder builder(file);
  std::vector<Node> documents;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      documents.push_back(builder.root() ? std::move(*builder.root())
                                         : Node{.file = file, .line = 1});
      builder.root().reset();
    }
  } catch (const YAML::Exception& e) {
    fail_at(file, e.mark.is_null() ? 0 : e.mark.line + 1, "", "invalid YAML: " + e.msg);
  }
  return documents;
}

Node read_yaml(std::string_view text, const std::string& file) {
  std::vector<Node> documents = read_yaml_documents(text, file);
  if (documents.size() > 1) {
    fail_at(documents[1].file, documents[1].line, "", "the file holds more than one YAML document");
  }
  if (documents.empty()) return Node{.file = file, .line = 1};
  return std::move(documents[0]);
}

}  // namespace berth::compose
