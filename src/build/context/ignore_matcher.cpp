#include "build/context/ignore_matcher.hpp"

#include "base/ascii_space.hpp"
#include "base/error.hpp"
#include "base/safe_fs/path_clean.hpp"

namespace berth::build {

IgnoreMatcher::IgnoreMatcher(const std::vector<std::string>& patterns) {
  for (const auto& raw : patterns) {
    std::string_view trimmed = trim_ascii_space(raw);
    if (trimmed.empty()) continue;
    std::string p = clean_path(trimmed);
    bool exception = p[0] == '!';
    if (exception) {
      if (p.size() == 1) throw InvalidArgumentError("illegal exclusion pattern: \"!\"");
      p.erase(0, 1);
      has_exceptions_ = true;
    }
    rules_.push_back({IgnorePattern(std::move(p)), exception});
  }
}

bool IgnoreMatcher::matches(std::string_view path) const {
  if (path.empty() || path == ".") return false;
  bool matched = false;
  for (const auto& rule : rules_) {
    // An inclusion cannot change an already ignored path, nor an exception a kept one.
    if (rule.exception != matched) continue;
    if (rule.pattern.matches_self_or_parent(path)) matched = !rule.exception;
  }
  return matched;
}

}  // namespace berth::build
