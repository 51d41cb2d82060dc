#include "spaces/space_settings.hpp"

#include <fmt/format.h>

#include "base/error.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/hub_values.hpp"

namespace berth::spaces {

namespace {

// Tiers from the smallest up (storage_tiers() lists them so).
size_t tier_rank(std::string_view tier) {
  auto tiers = storage_tiers();
  for (size_t i = 0; i < tiers.size(); ++i) {
    if (tiers[i] == tier) return i;
  }
  throw InvalidArgumentError("invalid storage tier \"" + std::string(tier) +
                             "\": expected one of " + join(tiers));
}

}  // namespace

void check_entry(std::string_view key, std::string_view value,
                 std::optional<std::string_view> description) {
  if (key.size() > kMaxEntryKeyBytes) {
    throw InvalidArgumentError(fmt::format("key \"{}…\" is {} bytes long; at most {} are allowed",
                                           key.substr(0, 32), key.size(), kMaxEntryKeyBytes));
  }
  check_env_key(key);
  if (value.size() > kMaxEntryValueBytes) {
    throw InvalidArgumentError(
        fmt::format("the value of {} is {} bytes long; at most {} are allowed", key, value.size(),
                    kMaxEntryValueBytes));
  }
  if (value.find('\0') != std::string_view::npos) {
    throw InvalidArgumentError("the value of " + std::string(key) +
                               " contains a NUL byte, which an environment variable cannot hold");
  }
  if (description && description->size() > kMaxEntryDescriptionBytes) {
    throw InvalidArgumentError(
        fmt::format("the description of {} is {} bytes long; at most {} are allowed", key,
                    description->size(), kMaxEntryDescriptionBytes));
  }
}

void check_entry_count(size_t total) {
  if (total <= kMaxEntriesPerSpace) return;
  throw InvalidArgumentError(
      fmt::format("a Space holds at most {} variables and secrets together ({} asked for)",
                  kMaxEntriesPerSpace, total));
}

void set_space_entry(SpaceStore& store, std::string_view id, std::string_view key,
                     std::string_view value, std::optional<std::string_view> description,
                     bool secret) {
  check_entry(key, value, description);
  auto variables = store.variables(id);
  auto secret_keys = store.secret_keys(id);
  bool exists = false;
  for (const auto& v : variables) exists = exists || v.key == key;
  for (const auto& k : secret_keys) exists = exists || k.key == key;
  check_entry_count(variables.size() + secret_keys.size() + (exists ? 0 : 1));
  if (secret) {
    store.set_secret(id, key, value, description);
  } else {
    store.set_variable(id, key, value, description);
  }
}

void check_runnable_hardware(std::string_view flavor, const MachineFacts& machine) {
  try {
    resolve_hardware(flavor, machine);
  } catch (const InvalidArgumentError&) {
    throw;
  } catch (const Error& e) {
    // A Hub flavor this machine cannot give (an accelerator): the request is what is wrong.
    throw InvalidArgumentError(e.what());
  }
}

void check_sleep_time(int64_t seconds) {
  if (seconds == -1 || seconds > 0) return;
  throw InvalidArgumentError(fmt::format(
      "invalid sleep time {}: give a number of seconds, or -1 to never sleep", seconds));
}

void check_storage_request(const std::optional<std::string>& current, std::string_view requested) {
  size_t wanted = tier_rank(requested);
  if (!current || tier_rank(*current) <= wanted) return;
  throw InvalidArgumentError("the Space has " + *current + " storage; a smaller tier (" +
                             std::string(requested) +
                             ") would lose data: delete the storage first, then ask for the tier");
}

std::optional<bool> parse_visibility(const Json& body) {
  auto is_private = body.find("private");
  auto visibility = body.find("visibility");
  bool has_private = is_private != body.end() && !is_private->is_null();
  bool has_visibility = visibility != body.end() && !visibility->is_null();
  if (has_private && has_visibility) {
    throw InvalidArgumentError("give \"private\" or \"visibility\", not both");
  }
  if (has_private) {
    if (!is_private->is_boolean()) throw InvalidArgumentError("\"private\" must be true or false");
    return is_private->get<bool>();
  }
  if (!has_visibility) return std::nullopt;
  if (!visibility->is_string()) {
    throw InvalidArgumentError("\"visibility\" must be \"public\" or \"private\"");
  }
  auto value = visibility->get<std::string>();
  if (value == "public") return false;
  if (value == "private") return true;
  if (value == "protected") {
    throw InvalidArgumentError(
        "\"protected\" visibility (a public app with private files) is not supported yet: use "
        "\"public\" or \"private\"");
  }
  throw InvalidArgumentError("\"visibility\" must be \"public\" or \"private\", not \"" + value +
                             "\"");
}

RepoSettingsChange parse_repo_settings(const Json& body) {
  for (const auto& [key, value] : body.items()) {
    if (key == "private" || key == "visibility") continue;
    if (key == "gated") {
      // false is what a Space is anyway; "auto" and "manual" ask for access requests.
      if (value.is_boolean() && !value.get<bool>()) continue;
      throw InvalidArgumentError(
          "\"gated\": access requests are for models and datasets; a Space cannot be gated");
    }
    throw InvalidArgumentError("\"" + key.substr(0, 64) +
                               "\" is not a setting Berth can change on a Space; it changes "
                               "\"visibility\" (or \"private\")");
  }
  if (body.empty()) {
    throw InvalidArgumentError("no setting given: send \"visibility\" (or \"private\")");
  }
  return RepoSettingsChange{.is_private = parse_visibility(body)};
}

}  // namespace berth::spaces
