#include "build/context/dockerignore.hpp"

#include "base/ascii_space.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "build/dockerfile/source_error.hpp"

namespace berth::build {
namespace {

struct Line {
  std::string pattern;
  int number;
};

std::vector<Line> read_lines(std::string_view text) {
  std::vector<Line> out;
  int number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);  // bufio.ScanLines drops a CR
    if (number == 0 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    ++number;
    if (line.starts_with('#')) continue;  // before trimming, as Docker does: " #x" is a pattern
    std::string_view pattern = trim_ascii_space(line);
    if (pattern.empty()) continue;
    bool exception = pattern[0] == '!';
    if (exception) pattern = trim_ascii_space(pattern.substr(1));
    std::string clean;
    if (!pattern.empty()) {
      clean = clean_path(pattern);
      if (clean.size() > 1 && clean[0] == '/') clean.erase(0, 1);
    }
    out.push_back({exception ? "!" + clean : clean, number});
  }
  return out;
}

}  // namespace

std::vector<std::string> read_dockerignore_patterns(std::string_view text) {
  std::vector<std::string> out;
  for (auto& line : read_lines(text)) out.push_back(std::move(line.pattern));
  return out;
}

IgnoreMatcher parse_dockerignore(std::string_view text, const std::string& file_for_errors) {
  std::vector<std::string> patterns;
  for (auto& line : read_lines(text)) {
    try {
      IgnoreMatcher one({line.pattern});  // checks this line alone, to name it
    } catch (const InvalidArgumentError& e) {
      throw SourceError({file_for_errors, line.number}, e.what());
    }
    patterns.push_back(std::move(line.pattern));
  }
  return IgnoreMatcher(patterns);
}

std::optional<std::string> choose_dockerignore(
    const std::optional<std::string>& dockerfile, const std::string& context_dir,
    const std::function<bool(const std::string&)>& exists) {
  if (dockerfile && !dockerfile->empty()) {
    std::string specific = *dockerfile + ".dockerignore";
    if (exists(specific)) return specific;
  }
  std::string common = context_dir.empty() || context_dir == "." ? std::string(".dockerignore")
                                                                 : context_dir + "/.dockerignore";
  if (exists(common)) return common;
  return std::nullopt;
}

}  // namespace berth::build
