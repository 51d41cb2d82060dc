#pragma once
// The parsed form of a Go text/template (the subset Docker's --format uses). Internal to
// cli/format: the parser builds it, GoTemplate executes it.
#include <memory>
#include <string>
#include <vector>

#include "base/json.hpp"

namespace berth::cli::tmpl {

struct Pipeline;

// One operand of a command: ".A.B", ".", "$x.A", "func", a literal or "(pipeline).A".
struct Operand {
  enum class Kind { kDot, kField, kVariable, kFunction, kLiteral, kPipeline };
  Kind kind = Kind::kDot;
  size_t pos = 0;                    // byte offset in the template, for error positions
  std::string text;                  // source text, for "at <…>" in execution errors
  std::string name;                  // variable name ("$x", "$") or function name
  std::vector<std::string> fields;   // field chain applied to the base value
  Json literal;                      // kLiteral
  std::shared_ptr<Pipeline> nested;  // kPipeline
};

// Operands separated by spaces: a function call when the first is a function.
struct Command {
  size_t pos = 0;
  std::string text;
  std::vector<Operand> args;
};

// "$a, $b := cmd | cmd | …", or "$a = …" to assign to an existing variable.
struct Pipeline {
  size_t pos = 0;
  std::string text;
  std::vector<std::string> variables;
  bool is_assignment = false;
  std::vector<Command> commands;
};

struct Node;
using NodeList = std::vector<Node>;

struct Node {
  enum class Kind { kText, kAction, kIf, kRange, kWith, kBreak, kContinue };
  Kind kind = Kind::kText;
  size_t pos = 0;
  std::string text;  // kText
  Pipeline pipeline;
  NodeList body;
  NodeList else_body;
};

// Whether a function name is defined; the parser rejects unknown names as Go's does.
using FunctionLookup = bool (*)(const std::string& name);

// Parses the whole template; throws InvalidArgumentError("template: :LINE: …") as Go words it.
NodeList parse(std::string_view text, FunctionLookup is_function);

// "template: :LINE:COL: " for an offset in the template, as Go's errors begin.
std::string location(std::string_view text, size_t pos, bool with_column);

}  // namespace berth::cli::tmpl
