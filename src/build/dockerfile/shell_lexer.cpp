#include "build/dockerfile/shell_lexer.hpp"

#include "base/error.hpp"
#include "base/go_quote.hpp"
#include "build/dockerfile/shell_pattern.hpp"

namespace berth::build {

namespace {

constexpr int kEnd = -1;

bool is_space(int ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}
bool is_digit(int ch) {
  return ch >= '0' && ch <= '9';
}
// Bytes of multi-byte UTF-8 sequences count as letters, as Go's unicode.IsLetter mostly would.
bool is_name_char(int ch) {
  return is_digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
         ch >= 0x80;
}
// POSIX special parameters ($@, $?, ...): a one-character name that is never set here.
bool is_special_parameter(int ch) {
  switch (ch) {
    case '@':
    case '*':
    case '#':
    case '?':
    case '-':
    case '$':
    case '!':
    case '0':
      return true;
    default:
      return false;
  }
}

// An error inside the lexer, before the "failed to process" wrapping.
struct LexFailure {
  std::string message;
};

// Collects the fields of a word: whitespace from expansions splits, quoted text does not.
class FieldCollector {
 public:
  void add_char(char ch) {
    if (is_space(static_cast<unsigned char>(ch))) {
      if (in_word_ && !word_.empty()) {
        fields_.push_back(std::move(word_));
        word_.clear();
        in_word_ = false;
      }
    } else {
      add_raw_char(ch);
    }
  }
  void add_raw_char(char ch) {
    word_ += ch;
    in_word_ = true;
  }
  void add_string(std::string_view s) {
    for (char ch : s) add_char(ch);
  }
  void add_raw_string(std::string_view s) {
    word_ += s;
    in_word_ = true;
  }
  std::vector<std::string> finish() {
    if (!word_.empty()) fields_.push_back(std::move(word_));
    word_.clear();
    in_word_ = false;
    return std::move(fields_);
  }

 private:
  std::string word_;
  std::vector<std::string> fields_;
  bool in_word_ = false;
};

class Lexer {
 public:
  Lexer(std::string_view input, const VariableLookup& lookup, const ShellLexerOptions& options)
      : input_(input), lookup_(lookup), options_(options), raw_escapes_(options.raw_escapes) {}

  ShellWords run() { return process_until(kEnd, options_.raw_escapes); }

 private:
  int peek() const {
    return pos_ < input_.size() ? static_cast<unsigned char>(input_[pos_]) : kEnd;
  }
  int next() {
    int ch = peek();
    if (ch != kEnd) ++pos_;
    return ch;
  }

  std::optional<std::string> lookup(const std::string& name) const {
    return lookup_ ? lookup_(name) : std::nullopt;
  }

  // Processes up to `stop` (consumed) or the end of input when stop is kEnd.
  ShellWords process_until(int stop, bool raw_escapes) {
    bool saved_raw_escapes = raw_escapes_;
    raw_escapes_ = raw_escapes;
    std::string result;
    FieldCollector fields;
    while (peek() != kEnd) {
      int ch = peek();
      if (stop != kEnd && ch == stop) {
        next();
        raw_escapes_ = saved_raw_escapes;
        return {std::move(result), fields.finish()};
      }
      if (ch == '$') {
        std::string value = dollar();
        result += value;
        fields.add_string(value);
      } else if (!options_.skip_process_quotes && (ch == '\'' || ch == '"')) {
        std::string value = ch == '\'' ? single_quoted() : double_quoted();
        result += value;
        fields.add_raw_string(value);
      } else {
        ch = next();
        if (ch == options_.escape) {
          if (raw_escapes_) {
            fields.add_raw_char(static_cast<char>(ch));
            result += static_cast<char>(ch);
          }
          ch = next();
          if (ch == kEnd) break;  // a lone escape at the end is dropped
          fields.add_raw_char(static_cast<char>(ch));
        } else {
          fields.add_char(static_cast<char>(ch));
        }
        result += static_cast<char>(ch);
      }
    }
    raw_escapes_ = saved_raw_escapes;
    if (stop != kEnd) {
      throw LexFailure{"unexpected end of statement while looking for matching " +
                       std::string(1, static_cast<char>(stop))};
    }
    return {std::move(result), fields.finish()};
  }

  std::string single_quoted() {
    std::string result;
    int ch = next();
    if (options_.raw_quotes) result += static_cast<char>(ch);
    for (;;) {
      ch = next();
      if (ch == kEnd) {
        throw LexFailure{"unexpected end of statement while looking for matching single-quote"};
      }
      if (ch == '\'') {
        if (options_.raw_quotes) result += static_cast<char>(ch);
        return result;
      }
      result += static_cast<char>(ch);
    }
  }

  std::string double_quoted() {
    std::string result;
    int ch = next();
    if (options_.raw_quotes) result += static_cast<char>(ch);
    for (;;) {
      switch (peek()) {
        case kEnd:
          throw LexFailure{"unexpected end of statement while looking for matching double-quote"};
        case '"':
          ch = next();
          if (options_.raw_quotes) result += static_cast<char>(ch);
          return result;
        case '$':
          result += dollar();
          break;
        default:
          ch = next();
          if (ch == options_.escape) {
            if (raw_escapes_) result += static_cast<char>(ch);
            int following = peek();
            if (following == kEnd) continue;  // an escape at the end is dropped
            // Only these can be escaped inside double quotes; elsewhere the escape stays.
            if (following == '"' || following == '$' || following == options_.escape) {
              ch = next();
            }
          }
          result += static_cast<char>(ch);
      }
    }
  }

  std::string name() {
    std::string out;
    while (peek() != kEnd) {
      int ch = peek();
      if (out.empty() && is_digit(ch)) {
        while (is_digit(peek())) out += static_cast<char>(next());
        return out;
      }
      if (out.empty() && is_special_parameter(ch)) {
        next();
        return std::string(1, static_cast<char>(ch));
      }
      if (!is_name_char(ch)) break;
      out += static_cast<char>(next());
    }
    return out;
  }

  // Reads a ${...} operand up to `stop`, turning "end of input" into BuildKit's message.
  std::string operand(int stop, bool raw_escapes, const char* missing) {
    try {
      return process_until(stop, raw_escapes).joined;
    } catch (const LexFailure&) {
      if (peek() == kEnd) throw LexFailure{missing};
      throw;
    }
  }

  std::string dollar() {
    next();  // '$'
    if (peek() != '{') {
      std::string n = name();
      if (n.empty()) return "$";
      auto value = lookup(n);
      if (!value && options_.skip_unset) return "$" + n;
      return value.value_or("");
    }
    next();  // '{'
    // Each ${ nests a level of recursion: deep nesting would overflow the stack.
    if (depth_ >= kMaxNesting) {
      throw LexFailure{"substitutions nested deeper than " + std::to_string(kMaxNesting) +
                       " levels"};
    }
    ++depth_;
    std::string value = braced();
    --depth_;
    return value;
  }

  std::string braced() {
    switch (peek()) {
      case kEnd:
        throw LexFailure{"syntax error: missing '}'"};
      case '{':
      case '}':
      case ':':
        throw LexFailure{"syntax error: bad substitution"};
      default:
        break;
    }
    std::string n = name();
    int ch = next();
    if (ch == kEnd) throw LexFailure{"syntax error: missing '}'"};
    std::string op(1, static_cast<char>(ch));
    bool null_is_unset = false;

    if (ch == '}') {
      auto value = lookup(n);
      if (!value && options_.skip_unset) return "${" + n + "}";
      return value.value_or("");
    }
    if (ch == '/') return replace(n);
    if (ch == ':') {
      null_is_unset = true;
      ch = next();
      if (ch == kEnd) throw LexFailure{"syntax error: missing '}'"};
      op += static_cast<char>(ch);
    }
    if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
      operand('}', false, "syntax error: missing '}'");
      throw LexFailure{"unsupported modifier (" + op + ") in substitution"};
    }
    // Patterns keep their escapes so that \* stays a literal star.
    std::string word = operand('}', ch == '#' || ch == '%', "syntax error: missing '}'");
    auto value = lookup(n);
    if (!value && options_.skip_unset) return "${" + n + op + word + "}";
    bool empty = !value || (null_is_unset && value->empty());
    switch (ch) {
      case '-':
        return empty ? word : *value;
      case '+':
        return empty ? "" : word;
      case '?':
        if (!value)
          throw LexFailure{n + ": " + (word.empty() ? "is not allowed to be unset" : word)};
        if (null_is_unset && value->empty()) {
          throw LexFailure{n + ": " + (word.empty() ? "is not allowed to be empty" : word)};
        }
        return *value;
      default: {
        bool longest = !word.empty() && word.front() == ch;
        if (longest) word.erase(0, 1);
        try {
          ShellPattern pattern(word);
          return ch == '%' ? pattern.trim_suffix(value.value_or(""), longest)
                           : pattern.trim_prefix(value.value_or(""), longest);
        } catch (const InvalidArgumentError& e) {
          throw LexFailure{"invalid pattern (" + word + ") in substitution: " + e.what()};
        }
      }
    }
  }

  std::string replace(const std::string& n) {
    bool all = peek() == '/';
    if (all) next();
    std::string pattern_text = operand('/', true, "syntax error: missing '/' in ${}");
    std::string replacement = operand('}', true, "syntax error: missing '}'");
    auto value = lookup(n);
    if (!value && options_.skip_unset) {
      return "${" + n + "/" + pattern_text + "/" + replacement + "}";
    }
    try {
      ShellPattern pattern(pattern_text);
      return pattern.replace(value.value_or(""), replacement, all);
    } catch (const InvalidArgumentError& e) {
      throw LexFailure{"invalid pattern (" + pattern_text + ") in substitution: " + e.what()};
    }
  }

  std::string_view input_;
  const VariableLookup& lookup_;
  const ShellLexerOptions& options_;
  bool raw_escapes_;
  std::size_t pos_ = 0;
  static constexpr int kMaxNesting = 200;
  int depth_ = 0;
};

}  // namespace

VariableLookup no_variables() {
  return [](std::string_view) { return std::optional<std::string>(); };
}

ShellWords shell_process(std::string_view word, const VariableLookup& lookup,
                         const ShellLexerOptions& options) {
  try {
    return Lexer(word, lookup, options).run();
  } catch (const LexFailure& failure) {
    throw InvalidArgumentError("failed to process " + go_quote(word) + ": " + failure.message);
  }
}

std::string expand(std::string_view word, const VariableLookup& lookup, char escape) {
  return shell_process(word, lookup, {.escape = escape}).joined;
}

std::vector<std::string> expand_words(std::string_view word, const VariableLookup& lookup,
                                      char escape) {
  return shell_process(word, lookup, {.escape = escape}).fields;
}

std::string expand_heredoc_body(std::string_view body, const VariableLookup& lookup) {
  return shell_process(body, lookup, {.escape = '\\', .skip_process_quotes = true}).joined;
}

}  // namespace berth::build
