#include "image/image_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>

#include "base/crash_point.hpp"
#include "base/error.hpp"
#include "base/time_format.hpp"
#include "image/image_schema.hpp"
#include "image/layer/apply_layer.hpp"
#include "image/oci/media_types.hpp"

namespace berth::image {
namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

ImageStore::ImageStore(const std::filesystem::path& root)
    : root_(root),
      blobs_(root),
      snapshots_(root),
      connection_((ensure_directory(root / "locks", 0700), root / "berth.db"),
                  std::vector<const store::Schema*>{&image_schema()}),
      db_(connection_.get()),
      db_mutex_(db_.mutex()) {}

ImageStore::ImageStore(const std::filesystem::path& root, store::Database& db)
    : root_(root),
      blobs_(root),
      snapshots_(root),
      connection_((ensure_directory(root / "locks", 0700), db)),
      db_(connection_.get()),
      db_mutex_(db_.mutex()) {}

store::FileLock ImageStore::ingest_guard() const {
  return store::FileLock(root_ / "locks" / "gc.lock", store::FileLock::Mode::kShared);
}

std::optional<LayerInfo> ImageStore::find_layer(const Digest& chain_id) {
  std::lock_guard lock(db_mutex_);
  store::Statement st(db_,
                      "SELECT diff_id, unpacked_size, tar_size FROM layers WHERE chain_id = ?1");
  st.bind_all(chain_id.str());
  if (!st.step()) return std::nullopt;
  return LayerInfo{chain_id, Digest::parse(st.column_text(0)), st.column_int(1), st.column_int(2)};
}

LayerInfo ImageStore::ensure_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                                   const std::optional<Digest>& expected_diff_id) {
  if (expected_diff_id) {
    Digest chain = parent ? chain_ids({*parent, *expected_diff_id}).back() : *expected_diff_id;
    store::FileLock lock(root_ / "locks" / ("layer-" + chain.hex() + ".lock"),
                         store::FileLock::Mode::kExclusive);
    if (auto existing = find_layer(chain); existing && snapshots_.exists(chain)) return *existing;
  }
  return unpack_layer(parent, blob, expected_diff_id);
}

LayerInfo ImageStore::unpack_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                                   const std::optional<Digest>& expected_diff_id) {
  UniqueFd input = blobs_.open(blob.digest);
  TempDir dir = snapshots_.prepare();
  // An uncompressed blob's digest is its diff ID, which apply_layer computes anyway; only a
  // compressed blob needs a second hash over the raw bytes.
  unsigned char head[8] = {};
  ssize_t head_size = ::pread(input.get(), head, sizeof head, 0);
  bool compressed = detect_compression(head, head_size > 0 ? static_cast<size_t>(head_size) : 0) !=
                    Compression::kNone;
  Sha256 blob_hash;
  ApplyOptions options;
  if (compressed) {
    options.on_raw_bytes = [&](const void* data, size_t size) { blob_hash.update(data, size); };
  }
  ApplyResult result = with_context("layer " + blob.digest.str(),
                                    [&] { return apply_layer(input.get(), dir.path(), options); });
  Digest blob_digest = compressed ? blob_hash.finish() : result.diff_id;
  if (blob_digest != blob.digest) {
    throw Error("layer " + blob.digest.str() + ": blob content does not match its digest");
  }
  return publish_layer(parent, blob, expected_diff_id, dir, result);
}

LayerInfo ImageStore::ingest_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                                   const Digest& expected_diff_id, int input_fd) {
  auto writer = blobs_.writer();
  TempDir dir = snapshots_.prepare();
  ApplyOptions options;
  options.on_raw_bytes = [&](const void* data, size_t size) { writer->write(data, size); };
  ApplyResult result;
  try {
    result = with_context("layer " + blob.digest.str(),
                          [&] { return apply_layer(input_fd, dir.path(), options); });
  } catch (const Error&) {
    // A corrupt download mostly breaks the gzip or tar stream before its end: read the rest
    // (no more than the blob's declared size) so that a blob that is not what its digest says
    // is reported as such, as Docker does, and only an intact blob's broken layer as that.
    char buf[1 << 16];
    int64_t limit = blob.size > 0 ? blob.size + 1 : std::numeric_limits<int64_t>::max();
    while (writer->size() < limit) {
      ssize_t n = ::read(input_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      writer->write(buf, static_cast<size_t>(n));
    }
    Digest actual = writer->abandon();
    if (actual != blob.digest) {
      throw Error("filesystem layer verification failed for digest " + blob.digest.str() +
                  ": the content has digest " + actual.str());
    }
    throw;
  }
  // Docker's words for a blob that is not what its digest says.
  with_context("filesystem layer verification failed for digest " + blob.digest.str(),
               [&] { return writer->commit(blob.digest); });
  return publish_layer(parent, blob, expected_diff_id, dir, result);
}

LayerInfo ImageStore::publish_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                                    const std::optional<Digest>& expected_diff_id, TempDir& dir,
                                    const ApplyResult& result) {
  if (expected_diff_id && result.diff_id != *expected_diff_id) {
    throw Error("layer " + blob.digest.str() + ": uncompressed content has digest " +
                result.diff_id.str() + ", but the image config says " + expected_diff_id->str());
  }
  Digest chain = parent ? chain_ids({*parent, result.diff_id}).back() : result.diff_id;
  LayerInfo info{chain, result.diff_id, static_cast<int64_t>(result.unpacked_bytes),
                 static_cast<int64_t>(result.tar_bytes)};

  store::FileLock lock(root_ / "locks" / ("layer-" + chain.hex() + ".lock"),
                       store::FileLock::Mode::kExclusive);
  if (auto existing = find_layer(chain); existing && snapshots_.exists(chain)) return *existing;
  // A snapshot directory without its row is left from a process that died between publishing
  // and recording; it is complete, but replacing it keeps the rule "row implies content" simple.
  snapshots_.remove(chain);
  // Make the unpacked files durable before anything can reference them.
  UniqueFd dir_fd(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.valid()) ::syncfs(dir_fd.get());
  crash_point("before-snapshot-publish");
  if (!snapshots_.publish(dir, chain)) throw Error("snapshot " + chain.str() + " appeared twice");
  crash_point("after-snapshot-publish");
  std::lock_guard db_lock(db_mutex_);
  db_.write_transaction([&] {
    store::Statement st(db_,
                        "INSERT OR REPLACE INTO layers(chain_id, parent_chain_id, diff_id, "
                        "unpacked_size, tar_size, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, chain.str());
    if (parent) {
      st.bind(2, parent->str());
    } else {
      st.bind_null(2);
    }
    st.bind(3, info.diff_id.str()).bind(4, info.unpacked_size).bind(5, info.tar_size);
    st.bind(6, unix_now());
    st.run();
  });
  return info;
}

Digest ImageStore::commit_image(const ImageConfig& config, const Descriptor& manifest,
                                const std::vector<ImageLayer>& layers,
                                const std::vector<Reference>& tags) {
  Digest id = config.id();
  if (!blobs_.has(id)) throw Error("image config " + id.str() + " is not stored");
  if (!blobs_.has(manifest.digest))
    throw Error("manifest " + manifest.digest.str() + " is not stored");
  int64_t size = 0;
  for (const auto& l : layers) size += l.layer.unpacked_size;
  auto created = config.doc().value("created", std::string());
  std::string now_text = rfc3339_now();

  crash_point("before-image-commit");
  std::lock_guard lock(db_mutex_);
  db_.write_transaction([&] {
    store::Statement exists(db_, "SELECT 1 FROM images WHERE id = ?1");
    exists.bind_all(id.str());
    if (!exists.step()) {
      store::Statement img(db_,
                           "INSERT INTO images(id, manifest_digest, manifest_media_type, size, "
                           "created, added_at, last_tag_time) VALUES (?1,?2,?3,?4,?5,?6,?7)");
      img.bind_all(id.str(), manifest.digest.str(), manifest.media_type, size, created, unix_now(),
                   tags.empty() ? std::string() : now_text);
      img.run();
      for (size_t i = 0; i < layers.size(); ++i) {
        store::Statement row(db_,
                             "INSERT INTO image_layers(image_id, position, chain_id, blob_digest, "
                             "blob_media_type, blob_size) VALUES (?1,?2,?3,?4,?5,?6)");
        row.bind_all(id.str(), static_cast<int64_t>(i), layers[i].layer.chain_id.str(),
                     layers[i].blob.digest.str(), layers[i].blob.media_type, layers[i].blob.size);
        row.run();
      }
    }
    for (const auto& ref : tags) {
      store::Statement t(db_,
                         "INSERT OR REPLACE INTO tags(reference, image_id, tagged_at) "
                         "VALUES (?1, ?2, ?3)");
      t.bind_all(ref.str(), id.str(), unix_now());
      t.run();
    }
    if (!tags.empty()) {
      store::Statement t(db_, "UPDATE images SET last_tag_time = ?2 WHERE id = ?1");
      t.bind_all(id.str(), now_text);
      t.run();
    }
  });
  crash_point("after-image-commit");
  return id;
}

std::vector<ImageRecord> ImageStore::load_records(std::string_view where, const std::string& arg) {
  std::lock_guard lock(db_mutex_);
  std::vector<ImageRecord> out;
  std::string sql =
      "SELECT id, manifest_digest, manifest_media_type, size, created, added_at, last_tag_time "
      "FROM images " +
      std::string(where);
  store::Statement st(db_, sql);
  if (!arg.empty()) st.bind(1, arg);
  while (st.step()) {
    ImageRecord r;
    r.id = Digest::parse(st.column_text(0));
    r.manifest_digest = Digest::parse(st.column_text(1));
    r.manifest_media_type = st.column_text(2);
    r.size = st.column_int(3);
    r.created = st.column_text(4);
    r.added_at = st.column_int(5);
    r.last_tag_time = st.column_text(6);
    out.push_back(std::move(r));
  }
  for (auto& r : out) {
    store::Statement tags(
        db_, "SELECT reference FROM tags WHERE image_id = ?1 ORDER BY tagged_at, reference");
    tags.bind_all(r.id.str());
    while (tags.step()) {
      if (auto ref = Reference::try_parse(tags.column_text(0))) r.tags.push_back(*ref);
    }
    store::Statement digests(db_, "SELECT reference FROM repo_digests WHERE image_id = ?1");
    digests.bind_all(r.id.str());
    while (digests.step()) r.repo_digests.push_back(digests.column_text(0));
    store::Statement layers(db_,
                            "SELECT l.chain_id, l.diff_id, l.unpacked_size, l.tar_size, "
                            "il.blob_digest, il.blob_media_type, il.blob_size "
                            "FROM image_layers il JOIN layers l ON l.chain_id = il.chain_id "
                            "WHERE il.image_id = ?1 ORDER BY il.position");
    layers.bind_all(r.id.str());
    while (layers.step()) {
      ImageLayer l;
      l.layer = {Digest::parse(layers.column_text(0)), Digest::parse(layers.column_text(1)),
                 layers.column_int(2), layers.column_int(3)};
      l.blob.digest = Digest::parse(layers.column_text(4));
      l.blob.media_type = layers.column_text(5);
      l.blob.size = layers.column_int(6);
      r.layers.push_back(std::move(l));
    }
  }
  return out;
}

std::vector<ImageRecord> ImageStore::list() {
  return load_records("ORDER BY created DESC, added_at DESC", "");
}

std::optional<ImageRecord> ImageStore::find(const Digest& id) {
  auto records = load_records("WHERE id = ?1", id.str());
  if (records.empty()) return std::nullopt;
  return records.front();
}

std::optional<ImageRecord> ImageStore::try_resolve(std::string_view text) {
  std::string s(text);
  // A full ID (with or without "sha256:") is never a name.
  if (Reference::looks_like_full_id(s)) {
    return find(Digest::parse(s.rfind("sha256:", 0) == 0 ? s : "sha256:" + s));
  }
  if (auto ref = Reference::try_parse(s)) {
    std::string image_id;
    {
      std::lock_guard lock(db_mutex_);
      if (ref->digest()) {
        store::Statement st(db_,
                            "SELECT image_id FROM repo_digests WHERE reference = ?1 UNION "
                            "SELECT id FROM images WHERE manifest_digest = ?2");
        st.bind_all(ref->name() + "@" + ref->digest()->str(), ref->digest()->str());
        if (st.step()) image_id = st.column_text(0);
      } else {
        store::Statement st(db_, "SELECT image_id FROM tags WHERE reference = ?1");
        st.bind_all(ref->str());
        if (st.step()) image_id = st.column_text(0);
      }
    }
    if (!image_id.empty()) return find(Digest::parse(image_id));
  }
  // A short ID: a unique prefix of an image ID.
  std::string prefix = s.rfind("sha256:", 0) == 0 ? s.substr(7) : s;
  if (prefix.empty() || prefix.size() > 64 || !is_hex(prefix)) return std::nullopt;
  std::vector<std::string> matches;
  {
    std::lock_guard lock(db_mutex_);
    store::Statement st(db_, "SELECT id FROM images WHERE substr(id, 8, ?2) = ?1");
    st.bind_all(prefix, static_cast<int64_t>(prefix.size()));
    while (st.step()) matches.push_back(st.column_text(0));
  }
  if (matches.empty()) return std::nullopt;
  if (matches.size() > 1) {
    throw InvalidArgumentError("short ID \"" + prefix + "\" is ambiguous: it matches " +
                               std::to_string(matches.size()) + " images");
  }
  return find(Digest::parse(matches.front()));
}

ImageRecord ImageStore::resolve(std::string_view text) {
  if (auto r = try_resolve(text)) return *r;
  std::string shown(text);
  if (auto ref = Reference::try_parse(shown); ref && !Reference::looks_like_full_id(shown)) {
    shown = ref->familiar();
  }
  throw NotFoundError("No such image: " + shown);
}

void ImageStore::tag(const Digest& id, const Reference& ref) {
  std::string now_text = rfc3339_now();
  std::lock_guard lock(db_mutex_);
  db_.write_transaction([&] {
    store::Statement t(
        db_, "INSERT OR REPLACE INTO tags(reference, image_id, tagged_at) VALUES (?1,?2,?3)");
    t.bind_all(ref.str(), id.str(), unix_now());
    t.run();
    store::Statement u(db_, "UPDATE images SET last_tag_time = ?2 WHERE id = ?1");
    u.bind_all(id.str(), now_text);
    u.run();
  });
}

void ImageStore::add_repo_digest(const Digest& id, const Reference& name_at_digest) {
  std::lock_guard lock(db_mutex_);
  db_.write_transaction([&] {
    store::Statement t(db_,
                       "INSERT OR REPLACE INTO repo_digests(reference, image_id) VALUES (?1,?2)");
    t.bind_all(name_at_digest.name() + "@" + name_at_digest.digest()->str(), id.str());
    t.run();
  });
}

bool ImageStore::untag(const Reference& ref) {
  std::lock_guard lock(db_mutex_);
  bool removed = false;
  db_.write_transaction([&] {
    store::Statement t(db_, "DELETE FROM tags WHERE reference = ?1");
    t.bind_all(ref.str());
    t.run();
    removed = db_.changes() > 0;
  });
  return removed;
}

void ImageStore::delete_image(const Digest& id) {
  std::lock_guard lock(db_mutex_);
  db_.write_transaction([&] {
    store::Statement t(db_, "DELETE FROM images WHERE id = ?1");
    t.bind_all(id.str());
    t.run();
  });
}

int64_t ImageStore::unreferenced_layer_bytes() {
  std::lock_guard lock(db_mutex_);
  store::Statement st(db_,
                      "SELECT COALESCE(SUM(unpacked_size), 0) FROM layers WHERE chain_id NOT IN "
                      "(SELECT chain_id FROM image_layers)");
  return st.step() ? st.column_int(0) : 0;
}

GcResult ImageStore::collect_garbage() {
  store::FileLock gc_lock(root_ / "locks" / "gc.lock", store::FileLock::Mode::kExclusive);
  GcResult result;
  std::set<std::string> live_blobs;
  std::set<std::string> live_layers;
  {
    std::lock_guard lock(db_mutex_);
    std::vector<std::string> dead_layers;
    db_.write_transaction([&] {
      store::Statement dead(db_,
                            "SELECT chain_id FROM layers WHERE chain_id NOT IN "
                            "(SELECT chain_id FROM image_layers)");
      while (dead.step()) dead_layers.push_back(dead.column_text(0));
      store::Statement del(db_,
                           "DELETE FROM layers WHERE chain_id NOT IN "
                           "(SELECT chain_id FROM image_layers)");
      del.run();
    });
    for (const auto& c : dead_layers) result.removed_layers.push_back(Digest::parse(c));
    store::Statement layers(db_, "SELECT chain_id FROM layers");
    while (layers.step()) live_layers.insert(layers.column_text(0));
    store::Statement blobs(db_,
                           "SELECT id FROM images UNION SELECT manifest_digest FROM images "
                           "UNION SELECT blob_digest FROM image_layers");
    while (blobs.step()) live_blobs.insert(blobs.column_text(0));
  }
  // With the exclusive lock held no ingest is running: every leftover is garbage.
  snapshots_.clean_ingest();
  for (const auto& entry : std::filesystem::directory_iterator(blobs_.ingest_dir())) {
    std::error_code ec;
    std::filesystem::remove(entry.path(), ec);
  }
  for (const auto& entry : std::filesystem::directory_iterator(root_ / "snapshots")) {
    auto name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (!live_layers.count("sha256:" + name) && Digest::is_valid("sha256:" + name)) {
      snapshots_.remove(Digest::from_sha256_hex(name));
    }
  }
  for (const auto& d : blobs_.list()) {
    if (live_blobs.count(d.str())) continue;
    result.reclaimed_bytes += blobs_.size(d);
    blobs_.remove(d);
    ++result.removed_blobs;
  }
  return result;
}

ImageConfig ImageStore::config(const ImageRecord& image) {
  return config(image.id);
}

ImageConfig ImageStore::config(const Digest& image_id) {
  std::lock_guard lock(config_cache_mutex_);
  auto it = config_cache_.find(image_id.str());
  if (it != config_cache_.end()) return it->second;
  auto config = ImageConfig::parse(blobs_.read(image_id));
  config_cache_.emplace(image_id.str(), config);
  return config;
}

Manifest ImageStore::manifest(const ImageRecord& image) {
  return parse_manifest(blobs_.read(image.manifest_digest));
}

}  // namespace berth::image
