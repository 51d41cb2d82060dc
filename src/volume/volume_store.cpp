#include "volume/volume_store.hpp"

#include <chrono>
#include <random>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"
#include "base/time_format.hpp"
#include "volume/volume_schema.hpp"

namespace berth::volume {

VolumeStore::VolumeStore(const std::filesystem::path& root) : root_(root), dir_(root / "volumes") {}

VolumeStore::VolumeStore(const std::filesystem::path& root, store::Database& db)
    : root_(root), dir_(root / "volumes"), db_(&db) {}

store::Database& VolumeStore::db() {
  if (!db_) {
    owned_db_ = std::make_unique<store::Database>(
        root_ / "berth.db", std::vector<const store::Schema*>{&volume_schema()});
    db_ = owned_db_.get();
  }
  if (!dir_ready_) {
    ensure_directory(dir_, 0700);
    dir_ready_ = true;
  }
  return *db_;
}

bool VolumeStore::is_valid_name(const std::string& name) {
  if (name.size() < 2 || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
      return false;
  }
  return true;
}

Volume VolumeStore::from_row(store::Statement& st) const {
  Volume v;
  v.name = st.column_text(0);
  v.driver = st.column_text(1);
  v.created = st.column_text(2);
  v.labels = Json::parse(st.column_text(3)).get<std::map<std::string, std::string>>();
  v.anonymous = st.column_int(4) != 0;
  v.mountpoint = dir_ / v.name / "_data";
  return v;
}

Volume VolumeStore::create(const std::string& requested,
                           const std::map<std::string, std::string>& labels, bool anonymous) {
  std::string name = requested;
  if (name.empty()) {
    std::random_device rd;
    std::uniform_int_distribution<int> nibble(0, 15);
    for (int i = 0; i < 64; ++i) name.push_back("0123456789abcdef"[nibble(rd)]);
    anonymous = true;
  } else if (!is_valid_name(name)) {
    throw InvalidArgumentError("create " + name + ": \"" + name +
                               "\" includes invalid characters for a local volume name, only "
                               "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass "
                               "a host directory, use absolute path");
  }
  if (auto existing = find(name)) return *existing;
  // Directory first, then the row: a listed volume always has its directory.
  ensure_directory(dir_ / name / "_data", 0755);
  std::string now = rfc3339_now();
  db().write_transaction([&] {
    store::Statement st(db(),
                        "INSERT OR IGNORE INTO volumes(name, created, labels, anonymous) "
                        "VALUES (?1, ?2, ?3, ?4)");
    st.bind_all(name, now, Json(labels).dump(), anonymous ? 1 : 0);
    st.run();
  });
  return get(name);
}

std::optional<Volume> VolumeStore::find(const std::string& name) {
  store::Statement st(
      db(), "SELECT name, driver, created, labels, anonymous FROM volumes WHERE name = ?1");
  st.bind_all(name);
  if (!st.step()) return std::nullopt;
  return from_row(st);
}

Volume VolumeStore::get(const std::string& name) {
  if (auto v = find(name)) return *v;
  throw NotFoundError("get " + name + ": no such volume");
}

std::vector<Volume> VolumeStore::list() {
  store::Statement st(db(),
                      "SELECT name, driver, created, labels, anonymous FROM volumes ORDER BY name");
  std::vector<Volume> out;
  while (st.step()) out.push_back(from_row(st));
  return out;
}

void VolumeStore::remove(const std::string& name) {
  auto v = get(name);
  // Row first: a volume is gone once unlisted, even if deleting its files is interrupted.
  db().write_transaction([&] {
    store::Statement st(db(), "DELETE FROM volumes WHERE name = ?1");
    st.bind_all(name);
    st.run();
  });
  std::error_code ec;
  std::filesystem::remove_all(dir_ / name, ec);
  if (ec) throw Error("remove volume " + name + ": " + ec.message());
}

}  // namespace berth::volume
