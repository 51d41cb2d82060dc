#pragma once
// Reading .dockerignore files as Docker does (moby's ignorefile.ReadAll), and choosing which
// one applies: "<Dockerfile>.dockerignore" next to the Dockerfile wins over
// "<context>/.dockerignore".
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "build/context/ignore_matcher.hpp"

namespace berth::build {

// One line per pattern: a UTF-8 BOM is dropped, a line starting with '#' is a comment, lines
// are trimmed, blank ones skipped, a leading '/' (after an optional '!') is dropped and the
// rest cleaned like filepath.Clean. Throws SourceError{file_for_errors, line} for a bad
// pattern, so the user sees ".dockerignore:3: syntax error in pattern".
IgnoreMatcher parse_dockerignore(std::string_view text, const std::string& file_for_errors);

// The same, returning the patterns as Docker would pass them on (for tests and --exclude).
std::vector<std::string> read_dockerignore_patterns(std::string_view text);

// The ignore file that applies, relative to where each is looked for: "<dir of
// dockerfile>/<name of dockerfile>.dockerignore" when `dockerfile` is given and that file
// exists, else "<context>/.dockerignore" when it exists, else nullopt. `exists` is asked
// about each candidate (host paths for a directory context, context paths for a tar).
std::optional<std::string> choose_dockerignore(
    const std::optional<std::string>& dockerfile, const std::string& context_dir,
    const std::function<bool(const std::string&)>& exists);

}  // namespace berth::build
