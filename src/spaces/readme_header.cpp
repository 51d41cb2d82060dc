#include "spaces/readme_header.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <span>

#include "base/error.hpp"
#include "base/go_quote.hpp"
#include "spaces/duration.hpp"
#include "spaces/front_matter.hpp"
#include "spaces/hub_values.hpp"

namespace berth::spaces {

namespace {

// Thrown and caught inside this file only: parsing stops at the first problem, and unwinding
// is the shortest way out of nested lists and mappings. Callers get a HeaderError value.
struct Refusal {
  int line;
  std::string detail;
};

[[noreturn]] void refuse(int line, std::string detail) {
  throw Refusal{line, std::move(detail)};
}

// A value as messages show it: Go-quoted so that blanks and control characters are visible;
// a long one is cut, on a UTF-8 boundary.
std::string go_quoted_value(std::string_view value) {
  constexpr size_t kShown = 60;
  if (value.size() <= kShown + 4) return go_quote(value);
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return go_quote(value.substr(0, cut)) + "...";
}

std::string kind_of(const YAML::Node& n) {
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  if (n.IsNull()) return "nothing";
  return "a string";
}

// Characters as people count them (code points), not bytes.
size_t characters(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// What a key looks like with case and separators ignored, to recognise "app-port" or
// "colorfrom" as typos of known keys.
std::string normalized(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '_' || c == '-') continue;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

// Nodes visited before refusing to re-emit the unknown keys' values, all keys together:
// aliases let a few lines of YAML stand for a tree too large to write out, and a budget per
// key let a 99 KB header of aliased keys take 17 s and 100 MB.
constexpr int kMaxKeptNodes = 10000;

bool fits(const YAML::Node& n, int& budget) {
  if (--budget < 0) return false;
  if (n.IsSequence()) {
    for (const auto& item : n) {
      if (!fits(item, budget)) return false;
    }
  } else if (n.IsMap()) {
    for (const auto& kv : n) {
      if (!fits(kv.first, budget) || !fits(kv.second, budget)) return false;
    }
  }
  return true;
}

class HeaderParser {
 public:
  HeaderParser(int yaml_line, int opening_line)
      : yaml_line_(yaml_line), opening_line_(opening_line) {}

  SpaceConfig parse(const YAML::Node& root) {
    if (!root.IsNull()) {
      if (!root.IsMap()) {
        refuse(
            line_of(root, yaml_line_),
            fmt::format("the header must be a mapping of keys to values, not {}", kind_of(root)));
      }
      for (const auto& kv : root) take(kv.first, kv.second);
    }
    if (!sdk_set_) {
      refuse(opening_line_, "sdk is missing: Berth runs only Docker Spaces (sdk: docker)");
    }
    return std::move(config_);
  }

 private:
  struct Field {
    std::string key;
    YAML::Node value;
    int line;  // the value's line, or the key's when the value has no mark
  };
  using Setter = void (*)(HeaderParser&, const Field&);

  int line_of(const YAML::Node& n, int fallback) const {
    YAML::Mark mark = n.Mark();
    return mark.is_null() ? fallback : mark.line + yaml_line_;
  }

  void take(const YAML::Node& key_node, const YAML::Node& value) {
    int key_line = line_of(key_node, yaml_line_);
    if (key_node.IsNull()) refuse(key_line, "a key is empty");
    if (!key_node.IsScalar()) {
      refuse(key_line, fmt::format("a key must be a string, not {}", kind_of(key_node)));
    }
    std::string key = key_node.Scalar();
    auto [seen, inserted] = config_.key_lines.emplace(key, key_line);
    if (!inserted) {
      refuse(key_line, fmt::format("{} appears twice (first on line {})", key, seen->second));
    }
    Field field{key, value, line_of(value, key_line)};

    const auto& setters = known_keys();
    auto it = setters.find(key);
    if (it == setters.end()) return keep_unknown(field, key_line);
    // "key:" with no value means the default, as on the Hub ("startup_duration_timeout:").
    if (value.IsNull()) return;
    it->second(*this, field);
  }

  void keep_unknown(const Field& f, int key_line) {
    // The key's line: an alias's value marks the anchor's line, elsewhere in the header.
    if (!fits(f.value, kept_budget_)) {
      refuse(key_line, fmt::format("{}: the values of unknown keys are too large to keep (over {} "
                                   "YAML nodes in all)",
                                   f.key, kMaxKeptNodes));
    }
    UnknownKey unknown{f.key, YAML::Dump(f.value), key_line, std::nullopt};
    std::string norm = normalized(f.key);
    for (const auto& [known, setter] : known_keys()) {
      if (normalized(known) == norm) unknown.did_you_mean = std::string(known);
    }
    config_.unknown_keys.push_back(std::move(unknown));
  }

  static const YAML::Node& scalar(const Field& f, std::string_view expected) {
    if (!f.value.IsScalar()) {
      refuse(f.line, fmt::format("{}: expected {}, got {}", f.key, expected, kind_of(f.value)));
    }
    return f.value;
  }

  static std::string string_of(const Field& f) { return scalar(f, "a string").Scalar(); }

  static std::string one_of(const Field& f, std::span<const std::string_view> set) {
    std::string value = string_of(f);
    if (!contains(set, value)) {
      refuse(f.line,
             fmt::format("{}: {} is not one of {}", f.key, go_quoted_value(value), join(set)));
    }
    return value;
  }

  // YAML 1.2's booleans, as the Hub's parser reads them: "yes" and "on" are strings there.
  static bool bool_of(const Field& f) {
    const std::string& v = scalar(f, "true or false").Scalar();
    if (v == "true" || v == "True" || v == "TRUE") return true;
    if (v == "false" || v == "False" || v == "FALSE") return false;
    refuse(f.line, fmt::format("{}: {} is not true or false", f.key, go_quoted_value(v)));
  }

  // Decimal digits only, within [min, max]; nullopt otherwise.
  static std::optional<int> int_of(std::string_view v, int min, int max) {
    if (v.empty() || v.size() > 9) return std::nullopt;
    int n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n < min || n > max) return std::nullopt;
    return n;
  }

  // A list of strings; a lone string is a list of one, as the Hub's card metadata allows.
  std::vector<std::string> strings_of(const Field& f) const {
    if (f.value.IsScalar()) return {f.value.Scalar()};
    if (!f.value.IsSequence()) {
      refuse(f.line,
             fmt::format("{}: expected a list of strings, got {}", f.key, kind_of(f.value)));
    }
    std::vector<std::string> out;
    size_t index = 0;
    for (const auto& item : f.value) {
      ++index;
      if (!item.IsScalar()) {
        refuse(line_of(item, f.line),
               fmt::format("{}: item {} must be a string, not {}", f.key, index, kind_of(item)));
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  void set_sdk(const Field& f) {
    std::string sdk = string_of(f);
    if (sdk != "docker") {
      refuse(f.line, fmt::format("sdk: {} is not supported: Berth runs only Docker Spaces "
                                 "(sdk: docker)",
                                 go_quoted_value(sdk)));
    }
    config_.sdk = sdk;
    sdk_set_ = true;
  }

  void set_app_port(const Field& f) {
    const std::string& v = scalar(f, "a port number (1-65535)").Scalar();
    auto port = int_of(v, 1, 65535);
    if (!port)
      refuse(f.line,
             fmt::format("app_port: {} is not a port number (1-65535)", go_quoted_value(v)));
    config_.app_port = *port;
  }

  void set_base_path(const Field& f) {
    std::string path = string_of(f);
    if (!path.starts_with('/')) {
      refuse(f.line, fmt::format("base_path: {} does not start with /", go_quoted_value(path)));
    }
    config_.base_path = path;
  }

  void set_short_description(const Field& f) {
    std::string text = string_of(f);
    if (size_t n = characters(text); n > kMaxShortDescription) {
      refuse(f.line, fmt::format("short_description: {} is {} characters long; the Hub allows "
                                 "at most {}",
                                 go_quoted_value(text), n, kMaxShortDescription));
    }
    config_.short_description = text;
  }

  void set_startup_duration_timeout(const Field& f) {
    const std::string& v = scalar(f, "a duration like 30m, 1h or 1h30m").Scalar();
    auto parsed = parse_duration(v);
    if (auto* d = std::get_if<std::chrono::seconds>(&parsed)) {
      config_.startup_duration_timeout = *d;
      return;
    }
    std::string why;
    switch (std::get<DurationError>(parsed)) {
      case DurationError::kMalformed:
        why = "is not a duration like 30m, 1h or 1h30m";
        break;
      case DurationError::kZero:
        why = "must be longer than zero";
        break;
      case DurationError::kTooLong:
        why = fmt::format("is too long (at most {})", format_duration(kMaxDuration));
        break;
    }
    refuse(f.line, fmt::format("startup_duration_timeout: {} {}", go_quoted_value(v), why));
  }

  void set_custom_headers(const Field& f) {
    if (!f.value.IsMap()) {
      refuse(f.line, fmt::format("custom_headers: expected a mapping of header names to values, "
                                 "got {}",
                                 kind_of(f.value)));
    }
    for (const auto& kv : f.value) {
      int line = line_of(kv.first, f.line);
      if (!kv.first.IsScalar()) {
        refuse(line, fmt::format("custom_headers: a header name must be a string, not {}",
                                 kind_of(kv.first)));
      }
      const std::string& name = kv.first.Scalar();
      auto allowed = custom_header_values(normalized_header(name));
      if (allowed.empty()) {
        refuse(line, fmt::format("custom_headers: {} is not allowed: the Hub allows only {}",
                                 go_quoted_value(name), join(custom_header_names())));
      }
      if (name != normalized_header(name)) {
        refuse(line, fmt::format("custom_headers: {} must be lowercase, as on the Hub ({})",
                                 go_quoted_value(name), normalized_header(name)));
      }
      if (!kv.second.IsScalar()) {
        refuse(
            line_of(kv.second, line),
            fmt::format("custom_headers: {}: expected a string, got {}", name, kind_of(kv.second)));
      }
      // Checked against the tokens the header defines: the value goes into every response the
      // proxy sends, so nothing else (no CR/LF, no second header) may get through.
      const std::string& value = kv.second.Scalar();
      if (!contains(allowed, value)) {
        refuse(line_of(kv.second, line), fmt::format("custom_headers: {}: {} is not one of {}",
                                                     name, go_quoted_value(value), join(allowed)));
      }
      if (!config_.custom_headers.emplace(name, value).second) {
        refuse(line, fmt::format("custom_headers: {} appears twice", name));
      }
    }
  }

  static std::string normalized_header(std::string_view name) {
    std::string out(name);
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
  }

  void set_oauth_expiration(const Field& f) {
    const std::string& v = scalar(f, "a number of minutes").Scalar();
    auto minutes = int_of(v, 1, kMaxOauthExpirationMinutes);
    if (!minutes) {
      refuse(f.line, fmt::format("hf_oauth_expiration_minutes: {} is not a number of minutes "
                                 "(1-{})",
                                 go_quoted_value(v), kMaxOauthExpirationMinutes));
    }
    config_.hf_oauth_expiration_minutes = *minutes;
  }

  // Every key of the Hub's reference, and what to do with its (non-null) value.
  static const std::map<std::string_view, Setter>& known_keys() {
    using P = HeaderParser;
    static const std::map<std::string_view, Setter> kKeys = {
        {"title", [](P& p, const Field& f) { p.config_.title = string_of(f); }},
        {"emoji", [](P& p, const Field& f) { p.config_.emoji = string_of(f); }},
        {"colorFrom",
         [](P& p, const Field& f) { p.config_.color_from = one_of(f, thumbnail_colors()); }},
        {"colorTo",
         [](P& p, const Field& f) { p.config_.color_to = one_of(f, thumbnail_colors()); }},
        {"sdk", [](P& p, const Field& f) { p.set_sdk(f); }},
        {"sdk_version", [](P& p, const Field& f) { p.config_.sdk_version = string_of(f); }},
        {"python_version", [](P& p, const Field& f) { p.config_.python_version = string_of(f); }},
        {"app_file", [](P& p, const Field& f) { p.config_.app_file = string_of(f); }},
        {"app_port", [](P& p, const Field& f) { p.set_app_port(f); }},
        {"base_path", [](P& p, const Field& f) { p.set_base_path(f); }},
        {"short_description", [](P& p, const Field& f) { p.set_short_description(f); }},
        {"thumbnail", [](P& p, const Field& f) { p.config_.thumbnail = string_of(f); }},
        {"license", [](P& p, const Field& f) { p.config_.license = string_of(f); }},
        {"tags", [](P& p, const Field& f) { p.config_.tags = p.strings_of(f); }},
        {"models", [](P& p, const Field& f) { p.config_.models = p.strings_of(f); }},
        {"datasets", [](P& p, const Field& f) { p.config_.datasets = p.strings_of(f); }},
        {"pinned", [](P& p, const Field& f) { p.config_.pinned = bool_of(f); }},
        {"fullWidth", [](P& p, const Field& f) { p.config_.full_width = bool_of(f); }},
        {"header", [](P& p, const Field& f) { p.config_.header = one_of(f, header_styles()); }},
        {"disable_embedding",
         [](P& p, const Field& f) { p.config_.disable_embedding = bool_of(f); }},
        {"startup_duration_timeout",
         [](P& p, const Field& f) { p.set_startup_duration_timeout(f); }},
        {"custom_headers", [](P& p, const Field& f) { p.set_custom_headers(f); }},
        {"suggested_hardware",
         [](P& p, const Field& f) {
           p.config_.suggested_hardware = one_of(f, hardware_flavors());
         }},
        {"suggested_storage",
         [](P& p, const Field& f) { p.config_.suggested_storage = one_of(f, storage_tiers()); }},
        {"preload_from_hub",
         [](P& p, const Field& f) { p.config_.preload_from_hub = p.strings_of(f); }},
        {"hf_oauth", [](P& p, const Field& f) { p.config_.hf_oauth = bool_of(f); }},
        {"hf_oauth_scopes",
         [](P& p, const Field& f) { p.config_.hf_oauth_scopes = p.strings_of(f); }},
        {"hf_oauth_expiration_minutes", [](P& p, const Field& f) { p.set_oauth_expiration(f); }},
        {"hf_oauth_redirect_path",
         [](P& p, const Field& f) { p.config_.hf_oauth_redirect_path = string_of(f); }},
        {"hf_oauth_authorized_org",
         [](P& p, const Field& f) { p.config_.hf_oauth_authorized_org = p.strings_of(f); }},
    };
    return kKeys;
  }

  SpaceConfig config_;
  int yaml_line_;
  int opening_line_;
  bool sdk_set_ = false;
  int kept_budget_ = kMaxKeptNodes;
};

HeaderError error_at(std::string_view file, int line, std::string detail) {
  std::string message = line > 0 ? fmt::format("{}:{}: {}", file, line, detail) : detail;
  return HeaderError{line, std::move(detail), std::move(message)};
}

}  // namespace

ReadmeHeaderResult parse_readme_header(std::string_view readme, std::string_view file) {
  constexpr int kOpeningLine = 1;
  if (readme.size() > kMaxReadmeBytes) {
    return error_at(file, 0, fmt::format("{} is larger than {} KiB", file, kMaxReadmeBytes / 1024));
  }
  FrontMatter fm = find_front_matter(readme);
  switch (fm.status) {
    case FrontMatter::Status::kMissing:
      return error_at(file, 0,
                      fmt::format("{} has no YAML header (--- … ---) with sdk: docker", file));
    case FrontMatter::Status::kUnclosed:
      return error_at(file, kOpeningLine,
                      "the YAML header opened on this line has no closing --- line");
    case FrontMatter::Status::kFound:
      break;
  }
  if (fm.yaml.size() > kMaxHeaderBytes) {
    return error_at(file, kOpeningLine,
                    fmt::format("the YAML header is larger than {} KiB", kMaxHeaderBytes / 1024));
  }

  YAML::Node root;
  try {
    root = YAML::Load(std::string(fm.yaml));
  } catch (const YAML::ParserException& e) {
    int line = e.mark.is_null() ? fm.yaml_line : e.mark.line + fm.yaml_line;
    return error_at(file, line, "invalid YAML: " + e.msg);
  }
  try {
    return HeaderParser(fm.yaml_line, kOpeningLine).parse(root);
  } catch (const Refusal& r) {
    return error_at(file, r.line, r.detail);
  }
}

SpaceConfig parse_readme_header_or_throw(std::string_view readme, std::string_view file) {
  auto result = parse_readme_header(readme, file);
  if (auto* error = std::get_if<HeaderError>(&result)) throw InvalidArgumentError(error->message);
  return std::get<SpaceConfig>(std::move(result));
}

}  // namespace berth::spaces
