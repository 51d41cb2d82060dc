#include "build/dockerfile/run_mount.hpp"

#include <cctype>
#include <cmath>
#include <vector>

#include "base/error.hpp"
#include "base/go_quote.hpp"
#include "build/dockerfile/ascii_case.hpp"

namespace berth::build {

namespace {

// One CSV record, as Go's encoding/csv reads it: fields may be double-quoted ("" is a quote).
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {
          throw InvalidArgumentError(
              "failed to parse csv mounts: extraneous or missing \" in "
              "quoted-field");
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        throw InvalidArgumentError(
            "failed to parse csv mounts: extraneous or missing \" in "
            "quoted-field");
      }
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"') {
          throw InvalidArgumentError("failed to parse csv mounts: bare \" in non-quoted-field");
        }
        field += line[i++];
      }
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // ','
  }
  return fields;
}

std::optional<bool> parse_bool(std::string_view v) {
  // Go's strconv.ParseBool.
  if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") {
    return false;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view v, int base, std::uint64_t max) {
  if (v.empty()) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : v) {
    int digit = c - '0';
    if (digit < 0 || digit >= base) return std::nullopt;
    n = n * base + digit;
    if (n > max) return std::nullopt;
  }
  return n;
}

// Docker's units.RAMInBytes: "64m", "1.5g", "512KiB", "1024" (binary multiples).
std::optional<std::uint64_t> parse_ram_size(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.')) ++i;
  if (i == 0 || v[0] == '.') return std::nullopt;
  double number;
  try {
    number = std::stod(std::string(v.substr(0, i)));
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = ascii_lower(v.substr(i));
  if (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  double multiplier = 1;
  static const std::string kPrefixes = "kmgtp";
  if (!unit.empty() && kPrefixes.find(unit.front()) != std::string::npos) {
    multiplier = std::pow(1024.0, static_cast<double>(kPrefixes.find(unit.front()) + 1));
    unit.erase(0, 1);
  }
  if (unit != "" && unit != "b" && unit != "i" && unit != "ib") return std::nullopt;
  // Converting a double beyond the integer's range is undefined behaviour: refuse it (Docker's
  // int64 sizes end below 2^63).
  double bytes = number * multiplier;
  if (!(bytes < 9.2e18)) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

const char* mount_type_name(MountType type) {
  switch (type) {
    case MountType::kBind:
      return "bind";
    case MountType::kCache:
      return "cache";
    case MountType::kTmpfs:
      return "tmpfs";
    case MountType::kSecret:
      return "secret";
    case MountType::kSsh:
      return "ssh";
  }
  return "";
}

std::string base_name(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

}  // namespace

RunMount parse_run_mount(std::string_view spec,
                         const std::function<std::string(const std::string&)>* expand) {
  RunMount m;
  bool readonly_given = false;
  bool sharing_given = false;
  std::string secret_source;

  for (const std::string& field : csv_fields(spec)) {
    auto eq = field.find('=');
    std::string key = ascii_lower(field.substr(0, eq));
    if (eq == std::string::npos) {
      if (key == "readonly" || key == "ro") {
        m.readonly = true;
        readonly_given = true;
        continue;
      }
      if (key == "readwrite" || key == "rw") {
        m.readonly = false;
        readonly_given = true;
        continue;
      }
      if (key == "required") {
        if (m.type != MountType::kSecret && m.type != MountType::kSsh) {
          throw InvalidArgumentError("unexpected key '" + key + "' for mount type '" +
                                     mount_type_name(m.type) + "'");
        }
        m.required = true;
        continue;
      }
      throw InvalidArgumentError("invalid field '" + field + "' must be a key=value pair");
    }

    std::string value = field.substr(eq + 1);
    if (expand) {
      value = (*expand)(value);
    } else if (value.find('$') != std::string::npos) {
      if (key == "from") {
        throw InvalidArgumentError(
            "'from' doesn't support variable expansion, define alias stage instead");
      }
      continue;  // known only once the stage's variables are; checked by expanded()
    }

    auto invalid = [&] { return InvalidArgumentError("invalid value for " + key + ": " + value); };
    auto unexpected_for_type = [&] {
      return InvalidArgumentError("unexpected key '" + key + "' for mount type '" +
                                  mount_type_name(m.type) + "'");
    };

    if (key == "type") {
      std::string t = ascii_lower(value);
      if (t == "bind") {
        m.type = MountType::kBind;
      } else if (t == "cache") {
        m.type = MountType::kCache;
      } else if (t == "tmpfs") {
        m.type = MountType::kTmpfs;
      } else if (t == "secret") {
        m.type = MountType::kSecret;
      } else if (t == "ssh") {
        throw InvalidArgumentError("RUN --mount=type=ssh is not supported yet");
      } else {
        throw InvalidArgumentError("unsupported mount type " + go_quote(value));
      }
    } else if (key == "from") {
      m.from = value;
    } else if (key == "source" || key == "src") {
      m.source = value;
    } else if (key == "target" || key == "dst" || key == "destination") {
      m.target = value;
    } else if (key == "readonly" || key == "ro") {
      auto b = parse_bool(value);
      if (!b) throw invalid();
      m.readonly = *b;
      readonly_given = true;
    } else if (key == "readwrite" || key == "rw") {
      auto b = parse_bool(value);
      if (!b) throw invalid();
      m.readonly = !*b;
      readonly_given = true;
    } else if (key == "required") {
      if (m.type != MountType::kSecret && m.type != MountType::kSsh) throw unexpected_for_type();
      auto b = parse_bool(value);
      if (!b) throw invalid();
      m.required = *b;
    } else if (key == "id") {
      m.id = value;
    } else if (key == "sharing") {
      std::string s = ascii_lower(value);
      if (s == "shared") {
        m.sharing = CacheSharing::kShared;
      } else if (s == "private") {
        m.sharing = CacheSharing::kPrivate;
      } else if (s == "locked") {
        m.sharing = CacheSharing::kLocked;
      } else {
        throw InvalidArgumentError("unsupported sharing value " + go_quote(value));
      }
      sharing_given = true;
    } else if (key == "mode") {
      auto mode = parse_unsigned(value, 8, 0xffffffffu);
      if (!mode) throw InvalidArgumentError("invalid value " + value + " for mode");
      m.mode = static_cast<std::uint32_t>(*mode);
    } else if (key == "uid") {
      auto uid = parse_unsigned(value, 10, 0xffffffffu);
      if (!uid) throw InvalidArgumentError("invalid value " + value + " for uid");
      m.uid = static_cast<std::uint32_t>(*uid);
    } else if (key == "gid") {
      auto gid = parse_unsigned(value, 10, 0xffffffffu);
      if (!gid) throw InvalidArgumentError("invalid value " + value + " for gid");
      m.gid = static_cast<std::uint32_t>(*gid);
    } else if (key == "size") {
      if (m.type != MountType::kTmpfs) throw unexpected_for_type();
      auto size = parse_ram_size(value);
      if (!size) throw invalid();
      m.size = *size;
    } else if (key == "env") {
      if (m.type != MountType::kSecret) throw unexpected_for_type();
      m.env = value;
    } else {
      throw InvalidArgumentError("unexpected key '" + key + "' in '" + field + "'");
    }
  }

  const char* type = mount_type_name(m.type);
  bool file_info_allowed = m.type == MountType::kSecret || m.type == MountType::kCache;
  if (m.mode && !file_info_allowed) {
    throw InvalidArgumentError(std::string("mode not allowed for \"") + type + "\" type mounts");
  }
  if (m.uid && !file_info_allowed) {
    throw InvalidArgumentError(std::string("uid not allowed for \"") + type + "\" type mounts");
  }
  if (m.gid && !file_info_allowed) {
    throw InvalidArgumentError(std::string("gid not allowed for \"") + type + "\" type mounts");
  }
  if (!readonly_given) m.readonly = !(m.type == MountType::kCache || m.type == MountType::kTmpfs);
  if (sharing_given && m.type != MountType::kCache) {
    throw InvalidArgumentError(std::string("invalid cache sharing set for ") + type + " mount");
  }
  if (m.type == MountType::kSecret) {
    if (!m.from.empty()) throw InvalidArgumentError("secret mount should not have a from");
    if (!m.source.empty() && !m.id.empty()) {
      throw InvalidArgumentError("both source and id can't be set");
    }
    // Values left for expanded() may still fill these in.
    if (expand && m.source.empty() && m.target.empty() && m.id.empty() && !m.env) {
      throw InvalidArgumentError("invalid secret mount. one of source, target required");
    }
    if (m.id.empty()) m.id = !m.source.empty() ? m.source : base_name(m.target);
    if (m.target.empty() && !m.env && !m.id.empty()) m.target = "/run/secrets/" + m.id;
  }
  return m;
}

}  // namespace berth::build
