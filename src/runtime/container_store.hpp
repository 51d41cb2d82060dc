#pragma once
// Container records in berth.db. Names and IDs are unique; lookups accept a name, a full ID or
// a unique ID prefix, as Docker does.
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "runtime/container_record.hpp"
#include "store/database.hpp"

namespace berth::runtime {

class ContainerStore {
 public:
  // Opens <root>/berth.db itself, or uses `db`, the engine's shared connection.
  explicit ContainerStore(const std::filesystem::path& root);
  explicit ContainerStore(store::Database& db);

  // Inserts a new container; a taken name is Docker's conflict error.
  void insert(const ContainerRecord& c);
  std::vector<ContainerRecord> list();
  std::optional<ContainerRecord> find(std::string_view name_or_id);
  // Throws NotFoundError("No such container: x").
  ContainerRecord resolve(std::string_view name_or_id);
  void mark_running(const std::string& id, int64_t pid, int64_t shim_pid,
                    const std::string& started_at);
  void mark_exited(const std::string& id, int exit_code, const std::string& finished_at,
                   const std::string& error, bool oom_killed = false);
  void rename(const std::string& id, const std::string& new_name);
  void set_restart_count(const std::string& id, int count);
  void set_state(const std::string& id, ContainerState state);
  // Replaces the creation request (JSON), e.g. after `network connect`.
  void set_request(const std::string& id, const std::string& request);
  void remove(const std::string& id);
  // IDs of containers created from an image.
  std::vector<std::string> users_of_image(const Digest& image_id);

 private:
  std::vector<ContainerRecord> query(std::string_view where, const std::string& arg);

  store::DatabaseRef connection_;
  store::Database& db_;
};

}  // namespace berth::runtime
