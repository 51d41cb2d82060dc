#pragma once
// Variable expansion and word splitting the way Docker's builder does it (BuildKit's `shell`
// package), not the way a real shell does: no globbing, no command substitution, no arithmetic.
//
//   $V ${V}            value, or "" when unset
//   ${V:-w} ${V-w}     w when V is unset (":" also when empty), else the value
//   ${V:+w} ${V+w}     w when V is set (":" and not empty), else ""
//   ${V:?m} ${V?m}     error "V: m" when V is unset (":" also when empty)
//   ${V#p} ${V##p}     value without its shortest / longest prefix matching the pattern p
//   ${V%p} ${V%%p}     value without its shortest / longest suffix matching p
//   ${V/p/r} ${V//p/r} first / every match of p replaced by r
// Patterns know `*` and `?`; the escape character quotes them. Inside single quotes nothing is
// special; inside double quotes only `$` and the escape character (before `"`, `$` or itself).
// The escape character is the Dockerfile's (`\` or, with `# escape=\``, a backtick).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

// Looks a variable up: nullopt when it is not set (which differs from set-but-empty).
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

// A lookup that knows no variable.
VariableLookup no_variables();

struct ShellLexerOptions {
  char escape = '\\';
  bool raw_quotes = false;           // keep quote characters in the output
  bool raw_escapes = false;          // keep escape characters in the output
  bool skip_process_quotes = false;  // quotes are ordinary characters (heredoc bodies)
  bool skip_unset = false;           // leave references to unset variables as written
};

struct ShellWords {
  std::string joined;               // the word after expansion and quote removal
  std::vector<std::string> fields;  // the same, split at unquoted whitespace
};

// Processes one word. Throws berth::InvalidArgumentError with BuildKit's message, e.g.
// `failed to process "${A:?}": A: is not allowed to be empty`.
ShellWords shell_process(std::string_view word, const VariableLookup& lookup,
                         const ShellLexerOptions& options = {});

// The word with variables expanded and quotes removed (ENV values, WORKDIR, COPY paths, ...).
std::string expand(std::string_view word, const VariableLookup& lookup, char escape = '\\');

// The same, split into fields after expansion (EXPOSE): quoted whitespace does not split, and
// an expansion's whitespace does.
std::vector<std::string> expand_words(std::string_view word, const VariableLookup& lookup,
                                      char escape = '\\');

// Expands only variables: quotes stay as written. Used for unquoted heredoc bodies of COPY/ADD,
// whose quotes belong to the file, not to the Dockerfile; the escape character is always `\`.
std::string expand_heredoc_body(std::string_view body, const VariableLookup& lookup);

}  // namespace berth::build
