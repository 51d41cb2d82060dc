// SpaceDeployer's rollbacks: an earlier deploy served again on request (rollback) or because
// the new one crashed within its first minute (from check_instances). Both start the earlier
// deploy's image through start_instance, exactly as a deploy probes it, and switch the route
// only once it answers.
#include <algorithm>
#include <cctype>

#include "base/error.hpp"
#include "base/time_format.hpp"
#include "spaces/deploy_error.hpp"
#include "spaces/health_probe.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_deployer.hpp"
#include "spaces/space_log.hpp"

namespace berth::spaces {

namespace {

std::string short_commit(const std::string& commit) {
  return commit.substr(0, 7);
}

bool is_commit_prefix(const std::string& text) {
  return text.size() >= 7 && text.size() <= 64 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

// The newest deploy of each commit other than `current_commit` whose image is kept: what a
// rollback can go to, newest first.
std::vector<DeployRecord> rollback_choices(const std::vector<DeployRecord>& history,
                                           const std::string& current_commit) {
  std::vector<DeployRecord> choices;
  std::vector<std::string> seen{current_commit};
  for (const auto& d : history) {
    if (std::find(seen.begin(), seen.end(), d.commit) != seen.end()) continue;
    seen.push_back(d.commit);
    if (!d.image_removed) choices.push_back(d);
  }
  return choices;
}

// "1234567 (deployed 2026-…), …", or a sentence saying there is none.
std::string describe(const std::vector<DeployRecord>& choices) {
  if (choices.empty()) return "no earlier deploy keeps its image";
  std::string out;
  for (const auto& d : choices) {
    if (!out.empty()) out += ", ";
    out += short_commit(d.commit) + " (deployed " + d.deployed_at + ")";
  }
  return out;
}

}  // namespace

std::vector<DeployRecord> SpaceDeployer::deploy_history(const std::string& space_id) {
  return db_.with_deploys(
      [&](SpaceStore& s, DeployHistory& h) { return h.list(s.resolve(space_id).id); });
}

DeployRecord SpaceDeployer::rollback_target(const std::string& space_id,
                                            const std::optional<std::string>& commit) {
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  return find_rollback_target(space, commit);
}

DeployRecord SpaceDeployer::find_rollback_target(const SpaceRecord& space,
                                                 const std::optional<std::string>& commit) {
  // Checked again when the queued rollback runs: a pause since the request stays.
  if (space.stage == SpaceStage::kPaused) {
    throw ConflictError("Space " + space.id + " is paused: restart it, then roll back");
  }
  if (space.current_image.empty()) {
    throw ConflictError("Space " + space.id + " has no deployed version to roll back; push first");
  }
  auto history = db_.with_deploys([&](SpaceStore&, DeployHistory& h) { return h.list(space.id); });
  auto choices = rollback_choices(history, space.current_commit);
  if (!commit) {
    // The deploy before the current one: the newest entry of another commit older than the
    // current deploy's entry, leaving out deploys that crashed.
    auto current = std::find_if(history.begin(), history.end(), [&](const DeployRecord& d) {
      return d.commit == space.current_commit;
    });
    auto from = current == history.end() ? history.begin() : current;
    for (auto it = from; it != history.end(); ++it) {
      if (it->commit == space.current_commit || it->crashed || it->image_removed) continue;
      return *it;
    }
    throw ConflictError("Space " + space.id + " has no earlier deploy to roll back to (" +
                        describe(choices) + "; the last " + std::to_string(options_.keep_deploys) +
                        " deployed images are kept)");
  }
  std::string wanted = lowercase(*commit);
  if (!is_commit_prefix(wanted)) {
    throw InvalidArgumentError("\"" + *commit +
                               "\" is not a commit id: give one, or a unique prefix of at least 7 "
                               "hex digits");
  }
  std::vector<const DeployRecord*> matches;  // the newest entry of each matching commit
  for (const auto& d : history) {
    if (!lowercase(d.commit).starts_with(wanted)) continue;
    bool known = std::any_of(matches.begin(), matches.end(),
                             [&](const DeployRecord* m) { return m->commit == d.commit; });
    if (!known) matches.push_back(&d);
  }
  if (matches.empty()) {
    throw NotFoundError("commit " + *commit + " was never deployed to Space " + space.id +
                        "; it can be rolled back to: " + describe(choices));
  }
  if (matches.size() > 1) {
    std::string which;
    for (const auto* m : matches) which += (which.empty() ? "" : ", ") + m->commit;
    throw InvalidArgumentError("commit " + *commit + " is ambiguous in the deploys of Space " +
                               space.id + ": " + which);
  }
  const DeployRecord& target = *matches.front();
  if (target.commit == space.current_commit) {
    throw ConflictError("Space " + space.id + " already runs commit " + target.commit);
  }
  if (target.image_removed) {
    throw NotFoundError("the image of commit " + target.commit + " was removed (only the last " +
                        std::to_string(options_.keep_deploys) +
                        " deployed images are kept); Space " + space.id +
                        " can be rolled back to: " + describe(choices));
  }
  return target;
}

void SpaceDeployer::rollback(const std::string& space_id,
                             const std::optional<std::string>& commit) {
  std::lock_guard space_lock(lock_for(space_id));
  auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.resolve(space_id); });
  auto target = find_rollback_target(space, commit);
  SpaceLogWriter log(build_log_path(space.id), values_of(secrets_for(space)),
                     SpaceLogWriter::Mode::kAppend);
  switch_to_deploy(space, target, DeployKind::kRollback, space.current_container, "", log);
}

void SpaceDeployer::switch_to_deploy(const SpaceRecord& space, const DeployRecord& target,
                                     DeployKind kind, const std::string& old_instance,
                                     const std::string& stage_message, SpaceLogWriter& log) {
  // An old instance that crashed or sleeps is retired all the same, but does not serve
  // meanwhile: the stages say so.
  const bool serving = !old_instance.empty() && (space.stage == SpaceStage::kRunning ||
                                                 space.stage == SpaceStage::kRunningBuilding ||
                                                 space.stage == SpaceStage::kRunningAppStarting);
  auto set_stage = [&](SpaceStage stage, std::string_view message) {
    db_.with([&](SpaceStore& s, UserStore&) {
      s.set_stage(space.id, stage, message);
      return 0;
    });
  };
  // A failure leaves what served serving, with the reason shown.
  auto fail = [&](SpaceStage stage, const std::string& why) {
    std::string message = "Rolling back to " + short_commit(target.commit) + " failed: " + why;
    log.write("--> " + message);
    set_stage(serving ? SpaceStage::kRunning : stage, message);
    throw Error("Space " + space.id + ": " + message);
  };
  set_stage(serving ? SpaceStage::kRunningAppStarting : SpaceStage::kAppStarting, "");
  log.write("--> Rolling back to " + target.commit + " (" + target.image + ")");
  std::string instance = new_instance_name(space, target.commit);
  Route route;
  try {
    // The crashed or serving instance still holds the network: it is not changed under it.
    route = start_instance(space, target.settings.config(), target.image, instance, log,
                           /*network_in_use=*/!space.current_container.empty());
  } catch (const DeployError& e) {
    fail(e.stage, e.message);
  } catch (const NotFoundError& e) {
    // Its image was removed behind the history's back: no longer a choice.
    db_.with_deploys([&](SpaceStore&, DeployHistory& h) {
      h.mark_image_removed(space.id, target.image);
      return 0;
    });
    fail(SpaceStage::kRuntimeError, e.what());
  } catch (const Error& e) {
    fail(SpaceStage::kRuntimeError, e.what());
  }

  routes_.set(space.id, route);
  db_.with_deploys([&](SpaceStore& s, DeployHistory& h) {
    s.set_deployed(space.id, target.settings);
    s.set_current(space.id, target.commit, target.image, instance);
    s.set_current_hardware(space.id, space.hardware);
    s.set_stage(space.id, SpaceStage::kRunning, stage_message);
    return h.record(space.id, target.commit, target.image, target.settings, kind);
  });
  log.write("--> Rolled back to " + target.commit);
  if (options_.route_moved) options_.route_moved(space.id);
  if (serving) {
    retire(old_instance);
  } else if (!old_instance.empty()) {
    runner_.remove(old_instance);  // nothing to drain
  }
}

std::optional<SpaceDeployer::CrashRollback> SpaceDeployer::crash_rollback_of(
    const SpaceRecord& space) {
  auto history = db_.with_deploys([&](SpaceStore&, DeployHistory& h) { return h.list(space.id); });
  if (history.empty()) return std::nullopt;
  const DeployRecord& current = history.front();
  // Only a push's deploy that crashed young: a rollback that crashes is not rolled back in turn,
  // so two bad versions never take turns.
  if (current.kind != DeployKind::kPush || current.commit != space.current_commit ||
      current.image != space.current_image) {
    return std::nullopt;
  }
  auto deployed_at = parse_rfc3339(current.deployed_at);
  if (!deployed_at) return std::nullopt;
  auto age = std::chrono::system_clock::now() - *deployed_at;
  if (age > options_.rollback_window) return std::nullopt;
  auto previous = std::find_if(history.begin() + 1, history.end(), [&](const DeployRecord& d) {
    return d.commit != current.commit && !d.image_removed && !d.crashed;
  });
  if (previous == history.end()) return std::nullopt;
  return CrashRollback{current, *previous, std::chrono::duration_cast<std::chrono::seconds>(age)};
}

bool SpaceDeployer::roll_back_crashed(const SpaceRecord& space, const std::string& crashed,
                                      const std::string& exit_message) {
  auto plan = crash_rollback_of(space);
  if (!plan) return false;
  std::string message = "Commit " + short_commit(plan->crashed.commit) + " crashed " +
                        std::to_string(plan->age.count()) +
                        " s after it started serving and was rolled back to " +
                        short_commit(plan->previous.commit) + ". " + exit_message;
  SpaceLogWriter log(build_log_path(space.id), values_of(secrets_for(space)),
                     SpaceLogWriter::Mode::kAppend);
  log.write("--> " + message);
  db_.with_deploys([&](SpaceStore&, DeployHistory& h) {
    h.mark_crashed(plan->crashed.id);
    return 0;
  });
  try {
    switch_to_deploy(space, plan->previous, DeployKind::kAutoRollback, /*old_instance=*/"", message,
                     log);
  } catch (const Error&) {
    return false;  // the build log says why; the Space shows the crash as a runtime error
  }
  runner_.remove(crashed);  // it exited: nothing to drain
  return true;
}

void SpaceDeployer::roll_back_or(const SpaceRecord& space, const std::string& crashed,
                                 const std::string& message,
                                 const std::function<void()>& fallback) {
  if (!options_.queue_rollback) {
    if (!roll_back_crashed(space, crashed, message)) fallback();
    return;
  }
  if (!crash_rollback_of(space)) {
    fallback();
    return;
  }
  std::string id = space.id;
  options_.queue_rollback(
      id, "automatic rollback of " + id, [this, id, crashed, message, fallback] {
        std::lock_guard space_lock(lock_for(id));
        auto fresh = db_.with([&](SpaceStore& s, UserStore&) { return s.find(id); });
        // Moved on meanwhile (a deploy, restart, rollback or removal): that decided.
        if (!fresh || fresh->current_container != crashed) return;
        if (!roll_back_crashed(*fresh, crashed, message)) fallback();
      });
}

bool SpaceDeployer::probe_young_deploys() {
  std::vector<std::string> watched;
  {
    std::lock_guard young(young_mutex_);
    auto now = std::chrono::steady_clock::now();
    for (auto it = young_deploys_.begin(); it != young_deploys_.end();) {
      if (it->second.until <= now) {
        it = young_deploys_.erase(it);
      } else {
        watched.push_back(it->first);
        ++it;
      }
    }
  }
  for (const auto& id : watched) {
    std::unique_lock space_lock(lock_for(id), std::try_to_lock);
    if (!space_lock.owns_lock()) continue;  // a deploy or rollback: it decides
    auto route = routes_.find(id);
    if (!route) continue;  // asleep, paused or exited (check_instances' business)
    bool healthy = answers_http(route->address, route->port, std::chrono::seconds(1));
    int failed = 0;
    {
      std::lock_guard young(young_mutex_);
      auto it = young_deploys_.find(id);
      if (it == young_deploys_.end()) continue;
      it->second.failed_probes = healthy ? 0 : it->second.failed_probes + 1;
      failed = it->second.failed_probes;
      if (failed >= kYoungProbeFailures) young_deploys_.erase(it);
    }
    if (failed < kYoungProbeFailures) continue;
    auto space = db_.with([&](SpaceStore& s, UserStore&) { return s.find(id); });
    if (!space) continue;
    std::string message = "The app stopped answering on port " + std::to_string(route->port) +
                          " (" + std::to_string(kYoungProbeFailures) +
                          " health probes in a row failed)";
    for (const auto& line : runner_.log_tail(route->instance, 20)) message += "\n" + line;
    roll_back_or(*space, route->instance, message, [this, id = space->id, message] {
      // Nothing to roll back to: it serves on, and the Space says what is wrong.
      db_.with([&](SpaceStore& s, UserStore&) {
        s.set_stage(id, SpaceStage::kRunning, message);
        return 0;
      });
    });
  }
  std::lock_guard young(young_mutex_);
  return !young_deploys_.empty();
}

}  // namespace berth::spaces
