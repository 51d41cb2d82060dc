#include "runtime/container_store.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "runtime/container_schema.hpp"

namespace berth::runtime {

std::string_view state_name(ContainerState s) {
  switch (s) {
    case ContainerState::kCreated:
      return "created";
    case ContainerState::kRunning:
      return "running";
    case ContainerState::kPaused:
      return "paused";
    case ContainerState::kExited:
      return "exited";
  }
  return "unknown";
}

ContainerState parse_state(std::string_view s) {
  if (s == "running") return ContainerState::kRunning;
  if (s == "paused") return ContainerState::kPaused;
  if (s == "exited") return ContainerState::kExited;
  return ContainerState::kCreated;
}

ContainerStore::ContainerStore(const std::filesystem::path& root)
    : connection_(root / "berth.db", std::vector<const store::Schema*>{&container_schema()}),
      db_(connection_.get()) {}

ContainerStore::ContainerStore(store::Database& db) : connection_(db), db_(connection_.get()) {}

void ContainerStore::insert(const ContainerRecord& c) {
  db_.write_transaction([&] {
    store::Statement taken(db_, "SELECT id FROM containers WHERE name = ?1");
    taken.bind_all(c.name);
    if (taken.step()) {
      throw ConflictError("Conflict. The container name \"/" + c.name +
                              "\" is already in use by container \"" + taken.column_text(0) +
                              "\". You have to remove (or rename) that container to be able to "
                              "reuse that name.",
                          125);
    }
    store::Statement st(db_,
                        "INSERT INTO containers(id, name, image_id, image_name, request, created, "
                        "state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind_all(c.id, c.name, c.image_id.str(), c.image_name, c.request.dump(), c.created,
                std::string(state_name(c.state)));
    st.run();
  });
}

std::vector<ContainerRecord> ContainerStore::query(std::string_view where, const std::string& arg) {
  std::string sql =
      "SELECT id, name, image_id, image_name, request, created, state, pid, shim_pid, "
      "started_at, finished_at, exit_code, error, restart_count, oom_killed FROM containers " +
      std::string(where);
  store::Statement st(db_, sql);
  if (!arg.empty()) st.bind(1, arg);
  std::vector<ContainerRecord> out;
  while (st.step()) {
    ContainerRecord c;
    c.id = st.column_text(0);
    c.name = st.column_text(1);
    c.image_id = Digest::parse(st.column_text(2));
    c.image_name = st.column_text(3);
    c.request = Json::parse(st.column_text(4));
    c.created = st.column_text(5);
    c.state = parse_state(st.column_text(6));
    c.pid = st.column_int(7);
    c.shim_pid = st.column_int(8);
    c.started_at = st.column_text(9);
    c.finished_at = st.column_text(10);
    c.exit_code = static_cast<int>(st.column_int(11));
    c.error = st.column_text(12);
    c.restart_count = static_cast<int>(st.column_int(13));
    c.oom_killed = st.column_int(14) != 0;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ContainerRecord> ContainerStore::list() {
  return query("ORDER BY created DESC, rowid DESC", "");
}

std::optional<ContainerRecord> ContainerStore::find(std::string_view text) {
  std::string s(text);
  if (!s.empty() && s[0] == '/') s.erase(0, 1);  // Docker accepts "/name"
  if (s.empty()) return std::nullopt;
  if (auto by_id = query("WHERE id = ?1", s); !by_id.empty()) return by_id.front();
  if (auto by_name = query("WHERE name = ?1", s); !by_name.empty()) return by_name.front();
  bool hex = std::all_of(s.begin(), s.end(),
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!hex) return std::nullopt;
  auto matches = query("WHERE substr(id, 1, length(?1)) = ?1", s);
  if (matches.size() > 1) {
    throw InvalidArgumentError("multiple IDs found with provided prefix: " + s);
  }
  if (matches.empty()) return std::nullopt;
  return matches.front();
}

ContainerRecord ContainerStore::resolve(std::string_view text) {
  if (auto c = find(text)) return *c;
  throw NotFoundError("No such container: " + std::string(text));
}

void ContainerStore::mark_running(const std::string& id, int64_t pid, int64_t shim_pid,
                                  const std::string& started_at) {
  db_.write_transaction([&] {
    store::Statement st(
        db_,
        "UPDATE containers SET state = 'running', pid = ?2, shim_pid = ?3, "
        "started_at = ?4, finished_at = '', exit_code = 0, error = '', oom_killed = 0 "
        "WHERE id = ?1");
    st.bind_all(id, pid, shim_pid, started_at);
    st.run();
  });
}

void ContainerStore::mark_exited(const std::string& id, int exit_code,
                                 const std::string& finished_at, const std::string& error,
                                 bool oom_killed) {
  db_.write_transaction([&] {
    store::Statement st(db_,
                        "UPDATE containers SET state = 'exited', pid = 0, exit_code = ?2, "
                        "finished_at = ?3, error = ?4, oom_killed = ?5 WHERE id = ?1");
    st.bind_all(id, exit_code, finished_at, error, oom_killed ? 1 : 0);
    st.run();
  });
}

void ContainerStore::rename(const std::string& id, const std::string& new_name) {
  db_.write_transaction([&] {
    store::Statement taken(db_, "SELECT id FROM containers WHERE name = ?1");
    taken.bind_all(new_name);
    if (taken.step()) {
      throw ConflictError("Conflict. The container name \"/" + new_name +
                          "\" is already in use by container \"" + taken.column_text(0) + "\".");
    }
    store::Statement st(db_, "UPDATE containers SET name = ?2 WHERE id = ?1");
    st.bind_all(id, new_name);
    st.run();
  });
}

void ContainerStore::set_state(const std::string& id, ContainerState state) {
  db_.write_transaction([&] {
    store::Statement st(db_, "UPDATE containers SET state = ?2 WHERE id = ?1");
    st.bind_all(id, std::string(state_name(state)));
    st.run();
  });
}

void ContainerStore::set_restart_count(const std::string& id, int count) {
  db_.write_transaction([&] {
    store::Statement st(db_, "UPDATE containers SET restart_count = ?2 WHERE id = ?1");
    st.bind_all(id, count);
    st.run();
  });
}

void ContainerStore::set_request(const std::string& id, const std::string& request) {
  db_.write_transaction([&] {
    store::Statement st(db_, "UPDATE containers SET request = ?2 WHERE id = ?1");
    st.bind_all(id, request);
    st.run();
  });
}

void ContainerStore::remove(const std::string& id) {
  db_.write_transaction([&] {
    store::Statement st(db_, "DELETE FROM containers WHERE id = ?1");
    st.bind_all(id);
    st.run();
  });
}

std::vector<std::string> ContainerStore::users_of_image(const Digest& image_id) {
  std::vector<std::string> out;
  for (const auto& c : query("WHERE image_id = ?1", image_id.str())) out.push_back(c.id);
  return out;
}

}  // namespace berth::runtime
