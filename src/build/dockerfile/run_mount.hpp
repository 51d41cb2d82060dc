#pragma once
// RUN --mount=type=...,key=value,... (BuildKit's mount syntax, a CSV list of fields).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace berth::build {

enum class MountType { kBind, kCache, kTmpfs, kSecret, kSsh };
enum class CacheSharing { kShared, kPrivate, kLocked };

struct RunMount {
  MountType type = MountType::kBind;
  std::string target;     // target= / dst= / destination=
  std::string source;     // source= / src=: path in `from` (bind, cache) or the secret id
  std::string from;       // stage name, stage index or image (bind, cache); "" = build context
  std::string id;         // cache id, or secret id (defaults to the target's base name there)
  bool readonly = true;   // default: read-only for bind/secret, read-write for cache/tmpfs
  bool required = false;  // secret/ssh: fail when the secret is not provided
  CacheSharing sharing = CacheSharing::kShared;
  std::optional<std::uint32_t> mode;  // octal, for cache/secret/ssh
  std::optional<std::uint32_t> uid;
  std::optional<std::uint32_t> gid;
  std::optional<std::uint64_t> size;  // tmpfs size in bytes
  std::optional<std::string> env;     // secret: also expose it as this environment variable
};

// Parses one --mount value. Values are expanded with `expand` when given; without it (at parse
// time) values holding '$' are kept as written and not validated, because they can only be
// known once the stage's variables are. Throws InvalidArgumentError in BuildKit's wording, e.g.
// "unexpected key 'foo' in 'foo=bar'".
RunMount parse_run_mount(std::string_view spec,
                         const std::function<std::string(const std::string&)>* expand = nullptr);

}  // namespace berth::build
