#pragma once
// Keeping builds apart in what they leave behind: cache entries are looked up under a key
// bound to the build's scope ("cli" or "space:<owner/name>"), cache mounts live in a directory
// per scope, and a step that mounts a secret has a keyed hash of the secret's value in its key
// (so a changed secret misses, and the key reveals nothing of it).
#include <filesystem>
#include <string>
#include <string_view>

#include "base/digest.hpp"

namespace berth::build {

// The cache key a step's state is stored under in `scope`.
Digest scoped_cache_key(std::string_view scope, const Digest& step_key);

// <root>/build/cache-mounts/<a directory for scope>.
// Where every scope's cache mounts live: <root>/build/cache-mounts/<scope dir>/<mount>.
std::filesystem::path cache_mounts_dir(const std::filesystem::path& root);
std::filesystem::path cache_mounts_of_scope(const std::filesystem::path& root,
                                            std::string_view scope);

// HMAC-SHA256 of the secret (id and value) under the key kept in <root>/build/secret-key
// (32 random bytes, 0600, made on first use), as hex.
std::string secret_fingerprint(const std::filesystem::path& root, std::string_view id,
                               std::string_view value);

}  // namespace berth::build
