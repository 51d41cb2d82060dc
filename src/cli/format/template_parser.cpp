// A hand-written parser for the Go text/template subset Docker's --format uses: text, actions
// with {{- -}} trimming, comments, pipelines, variables, if/else if/else, range (with $i, $v and
// break/continue), with, and literals. Errors keep Go's wording so users see what Docker shows.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "base/error.hpp"
#include "cli/format/go_print.hpp"
#include "cli/format/template_ast.hpp"

namespace berth::cli::tmpl {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
bool is_keyword(std::string_view s) {
  return s == "if" || s == "else" || s == "end" || s == "range" || s == "with" || s == "break" ||
         s == "continue" || s == "define" || s == "template" || s == "block";
}

enum class Tok {
  kField,
  kDot,
  kVariable,
  kIdentifier,
  kLiteral,
  kLeftParen,
  kRightParen,
  kPipe,
  kComma,
  kDeclare,
  kAssign,
  kEnd,  // the closing delimiter
};

struct Token {
  Tok kind;
  size_t pos;
  size_t end;
  std::string text;  // field/variable/identifier name, or the source text
  Json value;        // kLiteral
  bool space_before = false;
};

class Parser {
 public:
  Parser(std::string_view src, FunctionLookup is_function) : src_(src), is_function_(is_function) {}

  NodeList parse_all() {
    Stop stop;
    NodeList nodes = parse_list(stop);
    if (stop == Stop::kEnd) fail(toks_.front().pos, "unexpected {{end}}");
    if (stop == Stop::kElse) fail(toks_.front().pos, "unexpected {{else}}");
    return nodes;
  }

 private:
  enum class Stop { kEof, kEnd, kElse };

  [[noreturn]] void fail(size_t pos, const std::string& message) const {
    throw InvalidArgumentError(location(src_, pos, false) + message);
  }

  // Text and actions up to {{end}}, {{else}} or the end of the template.
  NodeList parse_list(Stop& stop) {
    NodeList nodes;
    while (true) {
      auto open = src_.find("{{", pos_);
      std::string_view text =
          src_.substr(pos_, open == std::string_view::npos ? open : open - pos_);
      if (open == std::string_view::npos) {
        add_text(nodes, text);
        pos_ = src_.size();
        stop = Stop::kEof;
        return nodes;
      }
      // "{{- " trims the white space before the action; "{{-3}}" is a number, not a trim.
      bool trim_left = open + 3 < src_.size() && src_[open + 2] == '-' && is_space(src_[open + 3]);
      if (trim_left) {
        while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
      }
      add_text(nodes, text);
      size_t inside = open + 2 + (trim_left ? 1 : 0);
      if (skip_comment(open, inside)) continue;
      lex_action(open, inside);
      const Token& first = toks_[0];
      if (first.kind == Tok::kEnd) fail(first.pos, "missing value for command");
      if (first.kind == Tok::kIdentifier && is_keyword(first.text)) {
        ti_ = 1;
        const std::string& word = first.text;
        if (word == "end") {
          expect_end("end");
          stop = Stop::kEnd;
          return nodes;
        }
        if (word == "else") {
          stop = Stop::kElse;
          return nodes;
        }
        if (word == "if" || word == "range" || word == "with") {
          nodes.push_back(parse_control(word, first.pos));
          continue;
        }
        if (word == "break" || word == "continue") {
          if (range_depth_ == 0) fail(first.pos, "{{" + word + "}} outside {{range}}");
          expect_end(word);
          Node node;
          node.kind = word == "break" ? Node::Kind::kBreak : Node::Kind::kContinue;
          node.pos = first.pos;
          nodes.push_back(std::move(node));
          continue;
        }
        fail(first.pos, "{{" + word + "}} is not supported in --format templates");
      }
      ti_ = 0;
      Node node;
      node.kind = Node::Kind::kAction;
      node.pos = first.pos;
      node.pipeline = parse_pipeline("command", Tok::kEnd);
      nodes.push_back(std::move(node));
    }
  }

  void add_text(NodeList& nodes, std::string_view text) {
    if (text.empty()) return;
    Node node;
    node.kind = Node::Kind::kText;
    node.text = std::string(text);
    nodes.push_back(std::move(node));
  }

  // {{/* … */}}, with optional trim markers on either side.
  bool skip_comment(size_t open, size_t inside) {
    // After "{{- " the space belongs to the trim marker.
    if (inside > open + 2 && inside < src_.size() && is_space(src_[inside])) ++inside;
    if (src_.compare(inside, 2, "/*") != 0) return false;
    auto close = src_.find("*/", inside + 2);
    if (close == std::string_view::npos) fail(open, "unclosed comment");
    size_t after = close + 2;
    if (src_.compare(after, 4, " -}}") == 0) {
      pos_ = after + 4;
      while (pos_ < src_.size() && is_space(src_[pos_])) ++pos_;
    } else if (src_.compare(after, 2, "}}") == 0) {
      pos_ = after + 2;
    } else {
      fail(open, "comment ends before closing delimiter");
    }
    return true;
  }

  void expect_end(const std::string& context) {
    if (toks_[ti_].kind != Tok::kEnd) {
      fail(toks_[ti_].pos, "unexpected " + describe(toks_[ti_]) + " in " + context);
    }
  }

  // Nesting recurses in the parser and the executor; Go's goroutine stacks grow, a thread's
  // does not (10,000 nested {{if}} overflowed it), so nesting stops at kMaxDepth levels.
  static constexpr int kMaxDepth = 1000;

  struct Nesting {
    explicit Nesting(Parser& p, size_t pos, const char* message) : parser(p) {
      if (parser.depth_ >= kMaxDepth) parser.fail(pos, message);
      ++parser.depth_;
    }
    ~Nesting() { --parser.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Parser& parser;
  };

  Node parse_control(const std::string& word, size_t pos) {
    Nesting nesting(*this, pos, "max nesting depth exceeded");
    Node node;
    node.kind = word == "if"      ? Node::Kind::kIf
                : word == "range" ? Node::Kind::kRange
                                  : Node::Kind::kWith;
    node.pos = pos;
    size_t scope = vars_.size();
    node.pipeline = parse_pipeline(word, Tok::kEnd);
    if (node.kind == Node::Kind::kRange) ++range_depth_;
    Stop stop;
    node.body = parse_list(stop);
    if (node.kind == Node::Kind::kRange) --range_depth_;
    if (stop == Stop::kEof) fail(src_.size(), "unexpected EOF");
    if (stop == Stop::kElse) {
      const Token& next = toks_[ti_];
      if (next.kind == Tok::kIdentifier && (next.text == "if" || next.text == "with")) {
        // "{{else if …}}" is an if nested in the else branch that shares the final {{end}}.
        ++ti_;
        node.else_body.push_back(parse_control(next.text, next.pos));
      } else {
        expect_end("else");
        node.else_body = parse_list(stop);
        if (stop == Stop::kEof) fail(src_.size(), "unexpected EOF");
        if (stop == Stop::kElse) fail(toks_.front().pos, "expected end; found {{else}}");
      }
    }
    vars_.resize(scope);
    return node;
  }

  Pipeline parse_pipeline(const std::string& context, Tok end) {
    Pipeline pipe;
    pipe.pos = toks_[ti_].pos;
    // Declarations: "$x :=", "$x =", and in range "$i, $v :=".
    if (toks_[ti_].kind == Tok::kVariable) {
      size_t look = ti_;
      std::vector<std::string> names{toks_[look].text};
      if (toks_[look + 1].kind == Tok::kComma && toks_[look + 2].kind == Tok::kVariable) {
        names.push_back(toks_[look + 2].text);
        look += 2;
      }
      Tok op = toks_[look + 1].kind;
      if (op == Tok::kDeclare || op == Tok::kAssign) {
        if (names.size() > 1 && context != "range") {
          fail(toks_[ti_].pos, "too many declarations in " + context);
        }
        for (const auto& name : names) {
          if (op == Tok::kDeclare) {
            vars_.push_back(name);
          } else {
            check_variable(name, toks_[ti_].pos);
          }
        }
        pipe.variables = std::move(names);
        pipe.is_assignment = op == Tok::kAssign;
        ti_ = look + 2;
      }
    }
    while (true) {
      Command cmd = parse_command(end);
      pipe.commands.push_back(std::move(cmd));
      if (toks_[ti_].kind == Tok::kPipe) {
        ++ti_;
        continue;
      }
      break;
    }
    if (toks_[ti_].kind != end) {
      if (end == Tok::kRightParen) fail(toks_[ti_].pos, "unclosed left paren");
      fail(toks_[ti_].pos, "unexpected " + describe(toks_[ti_]) + " in " + context);
    }
    pipe.text = source(pipe.pos, toks_[ti_].pos);
    return pipe;
  }

  Command parse_command(Tok end) {
    Command cmd;
    cmd.pos = toks_[ti_].pos;
    size_t last_end = cmd.pos;
    while (true) {
      const Token& tok = toks_[ti_];
      if (tok.kind == Tok::kPipe || tok.kind == end || tok.kind == Tok::kEnd) break;
      if (tok.kind == Tok::kRightParen) fail(tok.pos, "unexpected right paren");
      cmd.args.push_back(parse_operand());
      last_end = toks_[ti_ - 1].end;
    }
    if (cmd.args.empty()) fail(toks_[ti_].pos, "missing value for command");
    cmd.text = source(cmd.pos, last_end);
    return cmd;
  }

  Operand parse_operand() {
    const Token tok = toks_[ti_++];
    Operand op;
    op.pos = tok.pos;
    switch (tok.kind) {
      case Tok::kField:
        op.kind = Operand::Kind::kField;
        op.fields.push_back(tok.text);
        break;
      case Tok::kDot:
        op.kind = Operand::Kind::kDot;
        break;
      case Tok::kVariable:
        check_variable(tok.text, tok.pos);
        op.kind = Operand::Kind::kVariable;
        op.name = tok.text;
        break;
      case Tok::kLiteral:
        op.kind = Operand::Kind::kLiteral;
        op.literal = tok.value;
        break;
      case Tok::kIdentifier:
        if (tok.text == "true" || tok.text == "false") {
          op.kind = Operand::Kind::kLiteral;
          op.literal = tok.text == "true";
        } else if (tok.text == "nil") {
          op.kind = Operand::Kind::kLiteral;
          op.literal = nullptr;
        } else if (is_keyword(tok.text)) {
          fail(tok.pos, "unexpected <" + tok.text + "> in command");
        } else {
          if (!is_function_(tok.text)) fail(tok.pos, "function \"" + tok.text + "\" not defined");
          op.kind = Operand::Kind::kFunction;
          op.name = tok.text;
        }
        break;
      case Tok::kLeftParen: {
        Nesting nesting(*this, tok.pos, "max expression depth exceeded");
        op.kind = Operand::Kind::kPipeline;
        op.nested =
            std::make_shared<Pipeline>(parse_pipeline("parenthesized pipeline", Tok::kRightParen));
        ++ti_;  // the right paren
        break;
      }
      default:
        fail(tok.pos, "unexpected " + describe(tok) + " in operand");
    }
    // Field chains bind without spaces: ".A.B", "$x.A", "(pipeline).A".
    while (toks_[ti_].kind == Tok::kField && !toks_[ti_].space_before) {
      if (op.kind == Operand::Kind::kFunction || op.kind == Operand::Kind::kLiteral) {
        fail(toks_[ti_].pos, "unexpected . after term " + source(op.pos, toks_[ti_].pos));
      }
      op.fields.push_back(toks_[ti_].text);
      ++ti_;
    }
    op.text = source(op.pos, toks_[ti_ - 1].end);
    return op;
  }

  void check_variable(const std::string& name, size_t pos) const {
    for (const auto& v : vars_) {
      if (v == name) return;
    }
    fail(pos, "undefined variable \"" + name + "\"");
  }

  std::string source(size_t from, size_t to) const {
    return std::string(src_.substr(from, to > from ? to - from : 0));
  }

  std::string describe(const Token& tok) const {
    if (tok.kind == Tok::kEnd) return "\"}}\"";
    return "\"" + source(tok.pos, tok.end) + "\"";
  }

  // Splits one action into tokens, ending with kEnd; moves pos_ past the closing delimiter.
  void lex_action(size_t open, size_t i) {
    toks_.clear();
    ti_ = 0;
    while (true) {
      bool space = false;
      while (i < src_.size() && is_space(src_[i])) {
        ++i;
        space = true;
      }
      if (i >= src_.size()) fail(open, "unclosed action");
      Token tok{Tok::kEnd, i, i, {}, {}, space};
      char c = src_[i];
      if (space && src_.compare(i, 3, "-}}") == 0) {
        toks_.push_back(tok);
        pos_ = i + 3;
        while (pos_ < src_.size() && is_space(src_[pos_])) ++pos_;
        return;
      }
      if (src_.compare(i, 2, "}}") == 0) {
        toks_.push_back(tok);
        pos_ = i + 2;
        return;
      }
      if (c == '|' || c == '(' || c == ')' || c == ',' || c == '=') {
        tok.kind = c == '|'   ? Tok::kPipe
                   : c == '(' ? Tok::kLeftParen
                   : c == ')' ? Tok::kRightParen
                   : c == ',' ? Tok::kComma
                              : Tok::kAssign;
        ++i;
      } else if (c == ':') {
        if (src_.compare(i, 2, ":=") != 0) fail(i, "expected :=");
        tok.kind = Tok::kDeclare;
        i += 2;
      } else if (c == '"' || c == '`' || c == '\'') {
        tok.kind = Tok::kLiteral;
        i = lex_quoted(i, tok.value);
      } else if (c == '.' && i + 1 < src_.size() && is_alpha(src_[i + 1])) {
        size_t start = ++i;
        while (i < src_.size() && is_alnum(src_[i])) ++i;
        tok.kind = Tok::kField;
        tok.text = std::string(src_.substr(start, i - start));
      } else if (c == '$') {
        size_t start = i++;
        while (i < src_.size() && is_alnum(src_[i])) ++i;
        tok.kind = Tok::kVariable;
        tok.text = std::string(src_.substr(start, i - start));
      } else if (is_digit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < src_.size() &&
                                 is_digit(src_[i + 1]))) {
        tok.kind = Tok::kLiteral;
        i = lex_number(i, tok.value);
      } else if (c == '.') {
        tok.kind = Tok::kDot;
        ++i;
      } else if (is_alpha(c)) {
        size_t start = i;
        while (i < src_.size() && is_alnum(src_[i])) ++i;
        tok.kind = Tok::kIdentifier;
        tok.text = std::string(src_.substr(start, i - start));
      } else {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7F) fail(i, std::string("unexpected \"") + c + "\" in operand");
        char buf[64];
        std::snprintf(buf, sizeof buf, "bad character U+%04X", u);
        fail(i, buf);
      }
      tok.end = i;
      toks_.push_back(std::move(tok));
    }
  }

  size_t lex_number(size_t i, Json& value) {
    size_t start = i;
    if (src_[i] == '-' || src_[i] == '+') ++i;
    bool is_float = false;
    if (src_.compare(i, 2, "0x") == 0 || src_.compare(i, 2, "0X") == 0) {
      i += 2;
      while (i < src_.size() && std::isxdigit(static_cast<unsigned char>(src_[i]))) ++i;
    } else {
      while (i < src_.size() &&
             (is_digit(src_[i]) || src_[i] == '.' || src_[i] == 'e' || src_[i] == 'E' ||
              ((src_[i] == '-' || src_[i] == '+') && (src_[i - 1] == 'e' || src_[i - 1] == 'E')))) {
        if (src_[i] == '.' || src_[i] == 'e' || src_[i] == 'E') is_float = true;
        ++i;
      }
    }
    if (i < src_.size() && is_alnum(src_[i])) {
      while (i < src_.size() && is_alnum(src_[i])) ++i;
      fail(start, "bad number syntax: \"" + source(start, i) + "\"");
    }
    std::string text = source(start, i);
    char* end = nullptr;
    if (is_float) {
      value = std::strtod(text.c_str(), &end);
    } else {
      errno = 0;
      long long n = std::strtoll(text.c_str(), &end, 0);
      // Go reads integer constants in decimal even with a leading zero only when they are
      // written with "0o"; strtoll's octal for "010" matches Go's legacy octal reading.
      if (errno == ERANGE) {
        value = std::strtod(text.c_str(), &end);
      } else {
        value = static_cast<int64_t>(n);
      }
    }
    if (end != text.c_str() + text.size()) fail(start, "bad number syntax: \"" + text + "\"");
    return i;
  }

  // "…" with Go escapes, `…` raw, and '…' character constants (which are numbers in Go).
  size_t lex_quoted(size_t i, Json& value) {
    char quote = src_[i];
    size_t start = i++;
    std::string out;
    if (quote == '`') {
      auto close = src_.find('`', i);
      if (close == std::string_view::npos) fail(start, "unterminated raw quoted string");
      value = std::string(src_.substr(i, close - i));
      return close + 1;
    }
    while (true) {
      if (i >= src_.size() || src_[i] == '\n') {
        fail(start,
             quote == '"' ? "unterminated quoted string" : "unterminated character constant");
      }
      char c = src_[i++];
      if (c == quote) break;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i >= src_.size()) fail(start, "unterminated quoted string");
      char e = src_[i++];
      switch (e) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'a':
          out.push_back('\a');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'v':
          out.push_back('\v');
          break;
        case '\\':
        case '"':
        case '\'':
          out.push_back(e);
          break;
        case 'x':
        case 'u':
        case 'U': {
          size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + digits > src_.size()) fail(start, "invalid syntax");
          std::string hex(src_.substr(i, digits));
          char* end = nullptr;
          unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
          if (end != hex.c_str() + digits) fail(start, "invalid syntax");
          i += digits;
          if (e == 'x') {
            out.push_back(static_cast<char>(cp));
          } else {
            append_utf8(out, static_cast<uint32_t>(cp));
          }
          break;
        }
        default:
          fail(start, "invalid syntax");
      }
    }
    if (quote == '\'') {
      // A character constant is the code point's number.
      uint32_t cp = 0;
      if (!decode_single_rune(out, cp)) fail(start, "malformed character constant");
      value = static_cast<int64_t>(cp);
    } else {
      value = std::move(out);
    }
    return i;
  }

  static bool decode_single_rune(const std::string& s, uint32_t& cp) {
    if (s.empty()) return false;
    auto c = static_cast<unsigned char>(s[0]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || len != s.size()) return false;
    cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    return true;
  }

  std::string_view src_;
  FunctionLookup is_function_;
  size_t pos_ = 0;
  std::vector<Token> toks_;
  size_t ti_ = 0;
  std::vector<std::string> vars_{"$"};
  int range_depth_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string location(std::string_view text, size_t pos, bool with_column) {
  pos = std::min(pos, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string out = "template: :" + std::to_string(line);
  if (with_column) out += ":" + std::to_string(pos - line_start);
  return out + ": ";
}

NodeList parse(std::string_view text, FunctionLookup is_function) {
  return Parser(text, is_function).parse_all();
}

}  // namespace berth::cli::tmpl
