#include "cli/format/go_template.hpp"

#include "base/error.hpp"
#include "cli/format/go_print.hpp"
#include "cli/format/template_ast.hpp"
#include "cli/format/template_functions.hpp"

namespace berth::cli {
namespace {

using tmpl::Command;
using tmpl::Node;
using tmpl::NodeList;
using tmpl::Operand;
using tmpl::Pipeline;

bool lookup_function(const std::string& name) {
  return tmpl::is_function(name);
}

class Executor {
 public:
  Executor(std::string_view source, bool header_mode) : source_(source), header_(header_mode) {}

  std::string run(const Json& root, const NodeList& nodes) {
    vars_.emplace_back("$", root);
    walk(root, nodes);
    return std::move(out_);
  }

 private:
  enum class Flow { kNormal, kBreak, kContinue };

  [[noreturn]] void fail(size_t pos, const std::string& context, const std::string& message) {
    throw InvalidArgumentError(tmpl::location(source_, pos, true) + "executing \"\" at <" +
                               context + ">: " + message);
  }

  Flow walk(const Json& dot, const NodeList& nodes) {
    for (const Node& node : nodes) {
      Flow flow = walk_node(dot, node);
      if (flow != Flow::kNormal) return flow;
    }
    return Flow::kNormal;
  }

  Flow walk_node(const Json& dot, const Node& node) {
    switch (node.kind) {
      case Node::Kind::kText:
        out_ += node.text;
        return Flow::kNormal;
      case Node::Kind::kAction: {
        Json value = eval_pipeline(dot, node.pipeline, true);
        if (node.pipeline.variables.empty()) print(value);
        return Flow::kNormal;
      }
      case Node::Kind::kIf:
      case Node::Kind::kWith: {
        size_t scope = vars_.size();
        Json value = eval_pipeline(dot, node.pipeline, true);
        Flow flow;
        if (go_truth(value)) {
          flow = walk(node.kind == Node::Kind::kWith ? value : dot, node.body);
        } else {
          flow = walk(dot, node.else_body);
        }
        vars_.resize(scope);
        return flow;
      }
      case Node::Kind::kRange:
        return walk_range(dot, node);
      case Node::Kind::kBreak:
        return Flow::kBreak;
      case Node::Kind::kContinue:
        return Flow::kContinue;
    }
    return Flow::kNormal;
  }

  Flow walk_range(const Json& dot, const Node& node) {
    size_t scope = vars_.size();
    Json value = eval_pipeline(dot, node.pipeline, false);
    const auto& names = node.pipeline.variables;
    // Runs the body once; returns false when the loop should stop.
    auto iterate = [&](const Json& key, const Json& element) {
      vars_.resize(scope);
      if (names.size() == 1) {
        bind(names[0], element, node.pipeline.is_assignment);
      } else if (names.size() == 2) {
        bind(names[0], key, node.pipeline.is_assignment);
        bind(names[1], element, node.pipeline.is_assignment);
      }
      return walk(element, node.body) != Flow::kBreak;
    };
    bool any = false;
    if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        any = true;
        if (!iterate(static_cast<int64_t>(i), value[i])) break;
      }
    } else if (value.is_object()) {
      // nlohmann keeps object keys sorted, the order Go ranges over maps in.
      for (const auto& [k, v] : value.items()) {
        any = true;
        if (!iterate(k, v)) break;
      }
    } else if (value.is_number_integer()) {
      for (int64_t i = 0; i < value.get<int64_t>(); ++i) {
        any = true;
        if (!iterate(i, i)) break;
      }
    } else if (!value.is_null()) {
      fail(node.pipeline.pos, node.pipeline.text,
           "range can't iterate over " + go_print_value(value));
    }
    vars_.resize(scope);
    if (!any) {
      Flow flow = walk(dot, node.else_body);
      vars_.resize(scope);
      return flow;
    }
    return Flow::kNormal;
  }

  void bind(const std::string& name, const Json& value, bool assign) {
    if (assign) {
      for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
        if (it->first == name) {
          it->second = value;
          return;
        }
      }
    }
    vars_.emplace_back(name, value);
  }

  void print(const Json& value) {
    if (value.is_null()) {
      out_ += header_ ? "" : "<no value>";
    } else {
      out_ += go_print_value(value);
    }
  }

  Json eval_pipeline(const Json& dot, const Pipeline& pipe, bool declare) {
    Json value;
    bool have_final = false;
    for (const Command& cmd : pipe.commands) {
      value = eval_command(dot, cmd, have_final ? &value : nullptr);
      have_final = true;
    }
    if (declare && !pipe.variables.empty()) bind(pipe.variables[0], value, pipe.is_assignment);
    return value;
  }

  Json eval_command(const Json& dot, const Command& cmd, const Json* final) {
    const Operand& first = cmd.args[0];
    if (first.kind == Operand::Kind::kFunction) return call(dot, cmd, final);
    if (cmd.args.size() > 1 || final) {
      if (first.kind == Operand::Kind::kField && first.fields.size() == 1) {
        fail(first.pos, first.text, first.fields.back() + " is not a method but has arguments");
      }
      fail(first.pos, first.text, "can't give argument to non-function " + first.text);
    }
    return eval_operand(dot, first);
  }

  Json call(const Json& dot, const Command& cmd, const Json* final) {
    const std::string& name = cmd.args[0].name;
    // and/or stop at the first operand that decides the result and return that operand.
    if (name == "and" || name == "or") {
      size_t count = cmd.args.size() - 1 + (final ? 1 : 0);
      if (count == 0) {
        fail(cmd.pos, cmd.text, "wrong number of args for " + name + ": want at least 1 got 0");
      }
      Json value;
      for (size_t i = 1; i <= count; ++i) {
        value = i < cmd.args.size() ? eval_operand(dot, cmd.args[i]) : *final;
        if (go_truth(value) == (name == "or")) return value;
      }
      return value;
    }
    std::vector<Json> args;
    for (size_t i = 1; i < cmd.args.size(); ++i) args.push_back(eval_operand(dot, cmd.args[i]));
    if (final) args.push_back(*final);
    try {
      return tmpl::call_function(name, args, header_);
    } catch (const tmpl::ArgumentError& e) {
      fail(cmd.pos, cmd.text, e.what());
    } catch (const tmpl::CallError& e) {
      fail(cmd.pos, cmd.text, "error calling " + name + ": " + e.what());
    }
  }

  Json eval_operand(const Json& dot, const Operand& op) {
    switch (op.kind) {
      case Operand::Kind::kDot:
        return fields(dot, op);
      case Operand::Kind::kField:
        return fields(dot, op);
      case Operand::Kind::kVariable:
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
          if (it->first == op.name) return fields(it->second, op);
        }
        fail(op.pos, op.text, "undefined variable: " + op.name);
      case Operand::Kind::kLiteral:
        return op.literal;
      case Operand::Kind::kPipeline:
        return fields(eval_pipeline(dot, *op.nested, true), op);
      case Operand::Kind::kFunction: {
        // A function named as an argument is called with no arguments, as in Go.
        Command cmd;
        cmd.pos = op.pos;
        cmd.text = op.text;
        cmd.args.push_back(op);
        return call(dot, cmd, nullptr);
      }
    }
    return nullptr;
  }

  Json fields(const Json& base, const Operand& op) {
    const Json* current = &base;
    Json holder;
    for (const auto& name : op.fields) {
      if (current->is_object()) {
        auto it = current->find(name);
        // A missing key is the map's zero value, which prints as "<no value>".
        holder = it == current->end() ? Json(nullptr) : Json(*it);
        current = &holder;
      } else if (current->is_null()) {
        fail(op.pos, op.text, "nil pointer evaluating interface {}." + name);
      } else {
        fail(op.pos, op.text,
             "can't evaluate field " + name + " in type " + go_type_name(*current));
      }
    }
    return *current;
  }

  std::string_view source_;
  bool header_;
  std::string out_;
  std::vector<std::pair<std::string, Json>> vars_;
};

}  // namespace

GoTemplate GoTemplate::parse(std::string_view text) {
  GoTemplate t;
  t.source_ = std::string(text);
  try {
    t.nodes_ = std::make_shared<const NodeList>(tmpl::parse(t.source_, lookup_function));
  } catch (const InvalidArgumentError& e) {
    throw InvalidArgumentError(std::string("template parsing error: ") + e.what());
  }
  return t;
}

std::string GoTemplate::render(const Json& dot) const {
  return render_with(dot, false);
}

std::string GoTemplate::render_header(const Json& headers) const {
  return render_with(headers, true);
}

std::string GoTemplate::render_with(const Json& dot, bool header_mode) const {
  return Executor(source_, header_mode).run(dot, *nodes_);
}

}  // namespace berth::cli
