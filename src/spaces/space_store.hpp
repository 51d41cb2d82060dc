#pragma once
// Spaces, their variables and their secrets in berth.db (migration 7). Ids are "owner/name"
// and compare case-insensitively; records carry the id as created. Secrets are sealed by a
// SecretBox before they reach SQL, and their values come back only through secret_values.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "base/secret_box.hpp"
#include "spaces/space_record.hpp"
#include "store/database.hpp"

namespace berth::spaces {

// The Hub's 409 when a repo exists. The server answers {"error": kHubMessage, "url": …};
// what() adds the id for the CLI.
class SpaceExistsError : public ConflictError {
 public:
  static constexpr std::string_view kHubMessage = "You already created this space repo";
  explicit SpaceExistsError(std::string id)
      : ConflictError(std::string(kHubMessage) + ": " + id), id_(std::move(id)) {}
  const std::string& space_id() const { return id_; }

 private:
  std::string id_;
};

class SpaceStore {
 public:
  SpaceStore(store::Database& db, SecretBox& box);

  // A new Space in stage NO_APP_FILE. InvalidArgumentError when owner or name break the Hub's
  // rules, hardware is not a Hub flavor, or the sleep time is neither -1 nor positive;
  // SpaceExistsError when the id exists in any letter case.
  SpaceRecord create(std::string_view owner, std::string_view name, bool is_private,
                     std::string_view hardware = "cpu-basic",
                     std::optional<int64_t> sleep_time_seconds = std::nullopt);
  std::optional<SpaceRecord> find(std::string_view id);
  // The preview of the Space's branch `branch` (spaces/preview_names.hpp), made when missing
  // (NO_APP_FILE, the Space's owner, hardware and sleep time, private unless the Space's
  // previews are public) or the one a branch of the same label made. NotFoundError for an
  // unknown Space, InvalidArgumentError for a preview.
  SpaceRecord create_preview(std::string_view space_id, std::string_view branch);
  // Whether the Space's previews get its secrets and may be visited by anyone; the previews'
  // visibility changes with it.
  void set_preview_settings(std::string_view id, bool get_secrets, bool is_public);
  // NotFoundError "Space ID not found".
  SpaceRecord resolve(std::string_view id);
  std::vector<SpaceRecord> list(const SpaceFilter& filter = {});  // ordered by id
  // Removes the Space with its variables and secrets and returns what it was, so the caller
  // can remove its repo and container. NotFoundError when missing.
  SpaceRecord remove(std::string_view id);

  // Gives the Space the id new_owner/new_name (a letter-case change of its own id included),
  // with the host label a new Space of that name would get; its settings, variables and
  // secrets follow in the same transaction. InvalidArgumentError for a name that breaks the
  // Hub's rules, SpaceExistsError when another Space has the id, NotFoundError when missing.
  SpaceRecord rename(std::string_view id, std::string_view new_owner, std::string_view new_name);

  // "" clears the message.
  void set_stage(std::string_view id, SpaceStage stage, std::string_view error_message = "");
  // Stage SLEEPING at `tier` since `since` (Unix seconds); set_stage ends it.
  void set_sleeping(std::string_view id, SleepTier tier, int64_t since);
  void set_current(std::string_view id, std::string_view commit, std::string_view image,
                   std::string_view container);
  // The flavor the instance that now serves was started with.
  void set_current_hardware(std::string_view id, std::string_view hardware);
  // The serving commit's settings, written when its deploy switches the route.
  void set_deployed(std::string_view id, const DeployedSettings& settings);
  // The README header's look, written whenever a deploy has read the header (even one whose
  // build then fails: the Space's card shows what its README says).
  void set_card(std::string_view id, const SpaceCard& card);
  // A deploy of `commit` begins (before its build) or ends (""), so that a server killed
  // during one finds what was pushed at its next start.
  void set_deploying(std::string_view id, std::string_view commit);
  // A push moved the Space's branch: its lastModified is now.
  void set_last_modified_now(std::string_view id);
  void set_private(std::string_view id, bool is_private);
  void set_host_access(std::string_view id, bool allowed);
  void set_hardware(std::string_view id, std::string_view hardware);
  void set_sleep_time(std::string_view id, std::optional<int64_t> seconds);
  // A Hub storage tier (small, medium, large), or none to drop persistent storage.
  void set_storage(std::string_view id, std::optional<std::string_view> tier);

  // Variables and secrets: keys match ^[a-zA-Z][_a-zA-Z0-9]*$ (InvalidArgumentError naming
  // the key), values hold no NUL (they become environment variables), and a key is never both
  // a variable and a secret (ConflictError). A description of nullopt keeps the one stored.
  // NotFoundError for an unknown Space.
  void set_variable(std::string_view id, std::string_view key, std::string_view value,
                    std::optional<std::string_view> description = std::nullopt);
  bool remove_variable(std::string_view id, std::string_view key);  // false when missing
  std::vector<SpaceVariable> variables(std::string_view id);        // ordered by key

  void set_secret(std::string_view id, std::string_view key, std::string_view value,
                  std::optional<std::string_view> description = std::nullopt);
  bool remove_secret(std::string_view id, std::string_view key);  // false when missing
  std::vector<SpaceSecretInfo> secret_keys(std::string_view id);  // ordered by key
  // Key -> plaintext, for the deploy pipeline only: never put these in a response or a log.
  std::map<std::string, std::string> secret_values(std::string_view id);

 private:
  // The host label for a new Space: its plain label, or that with a random suffix when
  // another Space holds it. Inside create's transaction.
  std::string free_host_label(std::string_view owner, std::string_view name);
  // `plain`, or it with a random suffix when taken; ConflictError naming `id` when no try
  // finds a free one.
  std::string free_label(const std::string& plain, const std::string& id);
  // The stored id for `id` (any letter case); NotFoundError when missing.
  std::string canonical_id(std::string_view id);
  void update(std::string_view id, std::string_view assignments,
              const std::function<void(store::Statement&)>& bind);
  // A variable or a secret: they share a shape and the rule that a key is only one of them.
  struct EntryKind;
  static const EntryKind kVariables;
  static const EntryKind kSecrets;
  void set_entry(const EntryKind& kind, std::string_view id, std::string_view key,
                 std::string_view stored, std::optional<std::string_view> description);
  bool remove_entry(const EntryKind& kind, std::string_view id, std::string_view key);

  store::Database& db_;
  SecretBox& box_;
};

}  // namespace berth::spaces
