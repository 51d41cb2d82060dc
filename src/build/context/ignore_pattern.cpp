#include "build/context/ignore_pattern.hpp"

#include "base/error.hpp"

namespace berth::build {

IgnorePattern::IgnorePattern(std::string cleaned) : text_(std::move(cleaned)) {
  if (!go_pattern_valid(text_)) throw InvalidArgumentError("syntax error in pattern");
  std::u32string p = decode_utf8(text_);
  size_t pos = 0;
  for (size_t i = 0; pos < p.size(); ++i) {
    char32_t c = p[pos++];
    GlobToken t;
    if (c == '*' && pos < p.size() && p[pos] == '*') {
      ++pos;
      if (pos < p.size() && p[pos] == '/') ++pos;  // "**/" is "**"
      if (pos == p.size()) {
        // A trailing "**" accepts everything below, as in .gitignore.
        t.kind = GlobToken::Kind::kAnyRest;
        form_ = form_ == Form::kExact ? Form::kPrefix : Form::kGlob;
      } else {
        t.kind = GlobToken::Kind::kAnyDirs;
        form_ = Form::kGlob;
      }
      if (i == 0) form_ = Form::kSuffix;
    } else if (c == '*') {
      t.kind = GlobToken::Kind::kStar;
      form_ = Form::kGlob;
    } else if (c == '?') {
      t.kind = GlobToken::Kind::kAnyChar;
      form_ = Form::kGlob;
    } else if (c == '\\' && pos < p.size()) {
      t.literal = p[pos++];
      form_ = Form::kGlob;
    } else if (c == '[') {
      parse_glob_class(p, pos, t);  // well-formed: checked above
      form_ = Form::kGlob;
    } else {
      t.literal = c;
      if (c == ']') form_ = Form::kGlob;
    }
    tokens_.push_back(std::move(t));
  }
}

bool IgnorePattern::matches(std::string_view path) const {
  switch (form_) {
    case Form::kExact:
      return path == text_;
    case Form::kPrefix:
      return path.starts_with(std::string_view(text_).substr(0, text_.size() - 2));
    case Form::kSuffix: {
      std::string_view suffix = std::string_view(text_).substr(2);
      if (path.ends_with(suffix)) return true;
      return !suffix.empty() && suffix[0] == '/' && path == suffix.substr(1);  // "**/foo" ~ "foo"
    }
    case Form::kGlob:
      return glob_match(tokens_, decode_utf8(path));
  }
  return false;
}

bool IgnorePattern::matches_self_or_parent(std::string_view path) const {
  switch (form_) {
    case Form::kPrefix:  // a parent with the prefix means the path has it too
      return matches(path);
    case Form::kGlob:
      return glob_match_self_or_parent(tokens_, decode_utf8(path));
    case Form::kExact:
    case Form::kSuffix:
      break;
  }
  if (matches(path)) return true;
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (matches(path.substr(0, slash))) return true;
  }
  return false;
}

}  // namespace berth::build
