#include "image/reference/reference.hpp"

#include <algorithm>

#include "base/error.hpp"

namespace berth::image {
namespace {

// Docker Hub's names: "index.docker.io" is its legacy alias, and official images live under
// "library/" though users never type it.
constexpr std::string_view kDefaultDomain = "docker.io";
constexpr std::string_view kLegacyDefaultDomain = "index.docker.io";
constexpr std::string_view kOfficialRepoPrefix = "library/";
constexpr std::string_view kDefaultTag = "latest";
constexpr size_t kMaxPathLength = 255;
constexpr size_t kMaxTagLength = 128;

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return is_alnum(c) || c == '_';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_lower_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool is_domain_component(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

// host [":" port], where host is a dotted domain name (IPv4 included) or "[" IPv6 "]".
bool is_domain(std::string_view s) {
  std::string_view host = s;
  std::string_view port;
  bool has_port = false;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos) return false;
    auto inside = s.substr(1, close - 1);
    // The grammar only asks for hex digits and colons inside the brackets.
    if (inside.empty() ||
        !std::all_of(inside.begin(), inside.end(), [](char c) { return is_hex(c) || c == ':'; })) {
      return false;
    }
    auto rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      has_port = true;
      port = rest.substr(1);
    }
  } else {
    auto colon = s.find(':');
    if (colon != std::string_view::npos) {
      host = s.substr(0, colon);
      port = s.substr(colon + 1);
      has_port = true;
    }
    size_t start = 0;
    while (true) {
      auto dot = host.find('.', start);
      auto component = host.substr(start, dot == std::string_view::npos ? dot : dot - start);
      if (!is_domain_component(component)) return false;
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  if (has_port) {
    if (port.empty() || !std::all_of(port.begin(), port.end(), is_digit)) return false;
  }
  return true;
}

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | "__" | "-"+
bool is_path_component(std::string_view s) {
  size_t i = 0;
  auto alnum_run = [&] {
    size_t begin = i;
    while (i < s.size() && is_lower_alnum(s[i])) ++i;
    return i > begin;
  };
  if (!alnum_run()) return false;
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      ++i;
      if (i < s.size() && s[i] == '_') ++i;
    } else if (s[i] == '-') {
      while (i < s.size() && s[i] == '-') ++i;
    } else {
      return false;
    }
    if (!alnum_run()) return false;
  }
  return true;
}

// remote-name := path-component ("/" path-component)*
bool is_remote_name(std::string_view s) {
  size_t start = 0;
  while (true) {
    auto slash = s.find('/', start);
    if (!is_path_component(
            s.substr(start, slash == std::string_view::npos ? slash : slash - start)))
      return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// The reference grammar's digest: algorithm components [A-Za-z][A-Za-z0-9]* joined by
// [-_+.], then ":" and at least 32 hex digits. Whether the algorithm is one we can verify
// is a separate, later check (as in Docker, which reports it differently).
bool is_digest_syntax(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  auto algorithm = s.substr(0, colon);
  auto encoded = s.substr(colon + 1);
  size_t i = 0;
  while (true) {
    if (i >= algorithm.size() || !is_alpha(algorithm[i])) return false;
    while (i < algorithm.size() && is_alnum(algorithm[i])) ++i;
    if (i == algorithm.size()) break;
    char sep = algorithm[i];
    if (sep != '-' && sep != '_' && sep != '+' && sep != '.') return false;
    ++i;
  }
  return encoded.size() >= 32 && std::all_of(encoded.begin(), encoded.end(), is_hex);
}

// go-digest's validation and wording for digests that pass the grammar.
Digest parse_digest(std::string_view s) {
  auto colon = s.find(':');
  auto algorithm = s.substr(0, colon);
  auto encoded = s.substr(colon + 1);
  size_t expected = 0;
  if (algorithm == "sha256") {
    expected = 64;
  } else if (algorithm == "sha512") {
    expected = 128;
  } else {
    throw InvalidArgumentError("unsupported digest algorithm");
  }
  if (encoded.size() != expected) throw InvalidArgumentError("invalid checksum digest length");
  if (!std::all_of(encoded.begin(), encoded.end(), is_lower_hex)) {
    throw InvalidArgumentError("invalid checksum digest format");
  }
  return Digest::parse(s);
}

bool is_full_hex_id(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), is_lower_hex);
}

[[noreturn]] void throw_invalid_format() {
  throw InvalidArgumentError("invalid reference format");
}

}  // namespace

bool Reference::looks_like_full_id(std::string_view text) {
  if (text.starts_with("sha256:")) text.remove_prefix(7);
  return is_full_hex_id(text);
}

bool Reference::is_valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagLength || !is_word(tag.front())) return false;
  return std::all_of(tag.begin(), tag.end(),
                     [](char c) { return is_word(c) || c == '.' || c == '-'; });
}

Reference Reference::parse(std::string_view text) {
  // An image ID is never a name, even though 64 hex digits would pass the name grammar: Docker
  // refuses it so that "docker run <id>" and "docker tag x <id>" can't become ambiguous. Berth
  // refuses "sha256:<id>" too, which Docker would read as repository "sha256" with the ID as tag.
  if (looks_like_full_id(text)) {
    throw InvalidArgumentError("invalid repository name (" + std::string(text) +
                               "), cannot specify 64-byte hexadecimal strings");
  }

  // Docker's rule: the first component is a registry only if it looks like a host (has a dot or
  // a port, is "localhost", or has capitals, which a repository path never may).
  std::string domain;
  std::string remainder;
  auto slash = text.find('/');
  auto first = text.substr(0, slash);
  if (slash == std::string_view::npos || (first.find_first_of(".:") == std::string_view::npos &&
                                          first != "localhost" && !has_upper(first))) {
    domain = kDefaultDomain;
    remainder = text;
  } else {
    domain = first;
    remainder = text.substr(slash + 1);
  }
  if (domain == kLegacyDefaultDomain) domain = kDefaultDomain;
  if (domain == kDefaultDomain && remainder.find('/') == std::string::npos) {
    remainder = std::string(kOfficialRepoPrefix) + remainder;
  }

  auto remote_name = std::string_view(remainder).substr(0, remainder.find(':'));
  if (has_upper(remote_name)) {
    throw InvalidArgumentError("invalid reference format: repository name (" +
                               std::string(remote_name) + ") must be lowercase");
  }

  // name [":" tag] ["@" digest]: neither name nor tag may hold "@", and a path never holds ":".
  std::string_view rest = remainder;
  std::optional<std::string_view> digest_text;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    digest_text = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  std::optional<std::string_view> tag_text;
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    tag_text = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  if (!is_domain(domain) || !is_remote_name(rest)) throw_invalid_format();
  if (tag_text && !is_valid_tag(*tag_text)) throw_invalid_format();
  if (digest_text && !is_digest_syntax(*digest_text)) throw_invalid_format();

  if (rest.size() > kMaxPathLength) {
    throw InvalidArgumentError("repository name must not be more than 255 characters");
  }

  Reference ref;
  ref.domain_ = std::move(domain);
  ref.path_ = std::string(rest);
  if (tag_text) ref.tag_ = std::string(*tag_text);
  if (digest_text) ref.digest_ = parse_digest(*digest_text);
  // Docker's ParseDockerRef: a bare name means ":latest"; a digest alone pins without a tag.
  if (!ref.tag_ && !ref.digest_) ref.tag_ = std::string(kDefaultTag);
  return ref;
}

std::optional<Reference> Reference::try_parse(std::string_view text) {
  try {
    return parse(text);
  } catch (const InvalidArgumentError&) {
    return std::nullopt;
  }
}

std::string Reference::name() const {
  return domain_ + "/" + path_;
}

std::string Reference::str() const {
  std::string out = name();
  if (tag_) out += ":" + *tag_;
  if (digest_) out += "@" + digest_->str();
  return out;
}

std::string Reference::familiar_name() const {
  if (domain_ != kDefaultDomain) return name();
  // Only a single-level official name drops "library/": "library/a/b" must stay distinct
  // from a user repository "a/b".
  if (path_.starts_with(kOfficialRepoPrefix)) {
    auto short_path = path_.substr(kOfficialRepoPrefix.size());
    if (short_path.find('/') == std::string::npos) return short_path;
  }
  // Docker drops "docker.io/" even where the rest would then read as a registry
  // ("docker.io/localhost/x" → "localhost/x", "docker.io/a.b/c" → "a.b/c"), so that a saved
  // and loaded image changed its name; such names keep the domain, to parse back the same.
  auto slash = path_.find('/');
  if (slash != std::string::npos) {
    std::string_view first = std::string_view(path_).substr(0, slash);
    if (first == "localhost" || first.find('.') != std::string_view::npos) return name();
  }
  return path_;
}

std::string Reference::familiar() const {
  std::string out = familiar_name();
  if (tag_) out += ":" + *tag_;
  if (digest_) out += "@" + digest_->str();
  return out;
}

Reference Reference::with_tag(std::string tag) const {
  if (!is_valid_tag(tag)) throw InvalidArgumentError("invalid tag format");
  Reference copy = *this;
  copy.tag_ = std::move(tag);
  return copy;
}

Reference Reference::without_tag_or_digest() const {
  Reference copy = *this;
  copy.tag_.reset();
  copy.digest_.reset();
  return copy;
}

}  // namespace berth::image
