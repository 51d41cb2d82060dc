#pragma once
// Named volumes: a directory per volume (<root>/volumes/<name>/_data, Docker's layout) and a
// row in berth.db. They outlive containers; only `volume rm`/`prune` (and `rm -v` for
// anonymous ones) delete them.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace berth::volume {

struct Volume {
  std::string name;
  std::string driver = "local";
  std::string created;
  std::map<std::string, std::string> labels;
  bool anonymous = false;
  std::filesystem::path mountpoint;
};

class VolumeStore {
 public:
  // Opens <root>/berth.db itself on first use, or uses `db`, the engine's shared connection.
  explicit VolumeStore(const std::filesystem::path& root);
  VolumeStore(const std::filesystem::path& root, store::Database& db);

  // Creates a volume (a 64-hex name when `name` is empty: an anonymous volume). Creating an
  // existing name returns it unchanged, as Docker does.
  Volume create(const std::string& name, const std::map<std::string, std::string>& labels = {},
                bool anonymous = false);
  std::optional<Volume> find(const std::string& name);
  Volume get(const std::string& name);  // NotFoundError "no such volume: x"
  std::vector<Volume> list();
  // Removes the row and the directory. The caller checks that no container uses it.
  void remove(const std::string& name);
  // Docker's rule for volume names: [a-zA-Z0-9][a-zA-Z0-9_.-]+.
  static bool is_valid_name(const std::string& name);

 private:
  Volume from_row(store::Statement& st) const;
  // Opened on first use: most containers have no volume, and a connection costs ~1 ms of
  // every `berth run`.
  store::Database& db();

  std::filesystem::path root_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> owned_db_;
  store::Database* db_ = nullptr;
  bool dir_ready_ = false;
};

}  // namespace berth::volume
