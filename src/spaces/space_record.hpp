#pragma once
// A Space's settings and state as SpaceStore returns them, and its variables and secrets.
// Secret values appear only in SpaceStore::secret_values, for the deploy pipeline.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "spaces/sleep_tier.hpp"
#include "spaces/space_config.hpp"
#include "spaces/space_stage.hpp"

namespace berth::spaces {

// What a restart needs of the README header of the commit that serves, recorded by the deploy
// that started it (migration 12; <space dir>/deployed.json before it).
struct DeployedSettings {
  int app_port = kDefaultAppPort;
  std::string title;  // "" when the header gives none
  std::chrono::seconds startup_timeout = kDefaultStartupTimeout;

  // These settings as the README config they came from (what start_instance takes).
  SpaceConfig config() const {
    SpaceConfig config;
    config.app_port = app_port;
    if (!title.empty()) config.title = title;
    config.startup_duration_timeout = startup_timeout;
    return config;
  }

  bool operator==(const DeployedSettings&) const = default;
};

// How a Space looks in listings and on its page: the README header's fields, as the last
// deploy that read the header found them (spaces schema 9). Empty before one did.
struct SpaceCard {
  std::string title;
  std::string emoji;
  std::string color_from;  // one of thumbnail_colors(), or ""
  std::string color_to;
  std::string short_description;

  bool operator==(const SpaceCard&) const = default;
};

struct SpaceRecord {
  std::string id;  // "owner/name"
  std::string owner;
  std::string name;
  bool is_private = false;
  std::string hardware = "cpu-basic";
  std::optional<std::string> storage;         // a storage tier; none when not set
  std::optional<int64_t> sleep_time_seconds;  // -1: never sleeps; none: the default
  std::string created;
  std::string last_modified;
  // The first label of the Space's host ({subdomain}.{domain}), unique among Spaces; its
  // networks and containers are named after it too.
  std::string subdomain;
  // The commit a deploy is building or starting; "" when none is under way.
  std::string deploying_commit;
  // Whether the app may reach the host: the server's API, other Spaces through the server.
  // Off by default; a change takes effect when no instance holds the Space's network.
  bool host_access = false;  // when a push last deployed it; `created` before the first
  SpaceStage stage = SpaceStage::kNoAppFile;
  std::string error_message;  // "" when none
  // What the last successful deploy runs; "" before the first.
  std::string current_commit;
  std::string current_image;
  std::string current_container;
  // The hardware flavor the serving instance was started with; "" when unknown.
  std::string current_hardware;
  std::optional<DeployedSettings> deployed;  // none before the first successful deploy
  // In stage SLEEPING: how deeply, and since when (Unix seconds); none otherwise.
  std::optional<SleepTier> sleep_tier;
  int64_t slept_at = 0;
  // A preview's Space and branch (spaces/preview_names.hpp); "" for a Space of its own.
  std::string preview_of;
  std::string preview_branch;
  // A Space's settings for its previews: they get its secrets; anyone may visit them.
  bool previews_get_secrets = false;
  bool previews_public = false;
  SpaceCard card;
};

struct SpaceVariable {
  std::string key;
  std::string value;
  std::string description;
  std::string updated;
};

// What may be shown of a secret: never its value.
struct SpaceSecretInfo {
  std::string key;
  std::string description;
  std::string updated;
};

// SpaceStore::list's filters, as the Hub's GET /api/spaces takes them.
struct SpaceFilter {
  std::string author;  // owner, any letter case; "" for all
  std::string search;  // case-insensitive substring of the id; "" for all
  std::optional<int64_t> limit;
  // When set, private Spaces of other owners are left out; unset lists every Space (for the
  // server's own use, never for an answer to a request).
  std::optional<std::string> visible_to;
  // Previews only (true), Spaces of their own only (false), or both (nullopt).
  std::optional<bool> previews;
  // Only the previews of this Space; "" for any.
  std::string preview_of;
};

}  // namespace berth::spaces
