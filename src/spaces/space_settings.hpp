#pragma once
// The rules a change to a Space's settings must pass before anything is stored, shared by the
// Hub API's settings endpoints and duplicate: sizes of variables and secrets (they become
// environment variables and build arguments), hardware Berth can run, sleep times, storage
// tiers and the repo settings huggingface_hub's update_repo_settings sends. Each refusal is an
// InvalidArgumentError (or ConflictError) that names the input and says what would pass.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.hpp"
#include "spaces/hardware.hpp"
#include "spaces/space_store.hpp"

namespace berth::spaces {

// Bounds on one variable or secret: a key is an environment variable's name, a value one
// environment string (Linux caps each at 128 KiB; a Space's whole environment must also fit
// the kernel's argument space, hence the count).
inline constexpr size_t kMaxEntryKeyBytes = 256;
inline constexpr size_t kMaxEntryValueBytes = 64 * 1024;
inline constexpr size_t kMaxEntryDescriptionBytes = 1024;
inline constexpr size_t kMaxEntriesPerSpace = 256;  // variables and secrets together

// The key's shape (check_env_key) and the bounds above.
void check_entry(std::string_view key, std::string_view value,
                 std::optional<std::string_view> description = std::nullopt);
// A Space would hold `total` variables and secrets together after a change.
void check_entry_count(size_t total);

// What `berth space secret|variable set|rm` announces to a running server ("settings
// OWNER/NAME"), which redeploys the Space as after the API's change.
inline constexpr std::string_view kSettingsChangedAnnouncement = "settings ";

// Sets a variable or (with `secret`) a secret of the Space `id` after the checks above, the
// count taken inside the same store call: the API and `berth space variable|secret set`.
void set_space_entry(SpaceStore& store, std::string_view id, std::string_view key,
                     std::string_view value, std::optional<std::string_view> description,
                     bool secret);

// A Hub flavor that this machine can run (the CPU flavors); an InvalidArgumentError that says
// why otherwise (not a Hub flavor, or an accelerator Berth does not provide).
void check_runnable_hardware(std::string_view flavor, const MachineFacts& machine);

// -1 (never sleeps) or a positive number of seconds.
void check_sleep_time(int64_t seconds);

// A storage tier may be asked for when there is none or it is at least as large as `current`:
// /data is never shrunk (that could lose data), so a smaller tier needs a delete first, as on
// the Hub. InvalidArgumentError for a name that is not a tier.
void check_storage_request(const std::optional<std::string>& current, std::string_view requested);

// What PUT /api/spaces/{id}/settings may change on a Space: its visibility. Parsed from the
// body huggingface_hub's update_repo_settings sends ({"visibility": …} or {"private": …});
// gating ("gated": false is what a Space is already), "protected" visibility and keys the Hub
// does not define for Spaces are refused. An empty change (only "gated": false) is allowed.
struct RepoSettingsChange {
  std::optional<bool> is_private;
};
RepoSettingsChange parse_repo_settings(const Json& body);

// {"private": bool} or {"visibility": "public"|"private"} as create, duplicate and settings
// take them; nullopt when the body gives neither. "protected" is refused: Berth has no Spaces
// whose app is public and whose files are not.
std::optional<bool> parse_visibility(const Json& body);

}  // namespace berth::spaces
