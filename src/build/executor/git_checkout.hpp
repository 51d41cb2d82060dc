#pragma once
// ADD <git-url>[#ref[:subdir]]: the source parsed and validated, then fetched and checked out
// by git run unprivileged (uid 65534, no capabilities, no_new_privs), in a clean environment
// (no system or global config, no credential helpers, no ssh, an empty HOME), with only the
// http(s) and git protocols (and file for the admin's builds). A ref can never be taken for
// an option: it is validated, comes after --end-of-options, and only FETCH_HEAD or a hex
// commit is checked out.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/fs.hpp"

namespace berth::build {

struct GitSource {
  std::string url;
  std::string ref;     // empty: the remote's HEAD
  std::string subdir;  // "." for all of it
};

// Splits and validates `URL[#ref[:subdir]]`; throws InvalidArgumentError on a ref that is not
// a valid git ref name (git check-ref-format) or a hex commit, or a URL git would take for an
// option or whose protocol is not http, https or git (ssh would use the host's keys).
GitSource parse_git_source(std::string_view source);

// Whether `ref` is a branch/tag name git check-ref-format would accept (one level allowed).
bool is_valid_git_ref_name(std::string_view ref);
// 7 to 64 lower-case hex digits.
bool is_hex_commit(std::string_view ref);

struct GitFetchSandbox {
  // A network namespace to fetch from (the build's); nullopt: this process's.
  std::optional<std::filesystem::path> netns;
  bool public_addresses_only = false;   // the URL's host must resolve to public addresses only
  bool pass_proxy_environment = false;  // the admin's http(s)_proxy reach git
};

// Checks `source` out into <returned dir>/repo, .git kept on request. git works as uid 65534
// in a directory of its own under the temp dir, which goes back to root (0700) once it is
// done, so nothing else of uid 65534 can change the files while the build reads them.
TempDir checkout_git(const GitSource& source, bool keep_git_dir, const GitFetchSandbox& sandbox);

}  // namespace berth::build
