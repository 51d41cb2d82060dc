#pragma once
// The image store: blobs, layer snapshots and the image/tag records in berth.db, with the
// publishing order that keeps it consistent when a process dies at any moment: blobs and
// snapshots are published (atomically) before the rows that reference them, and an image row
// is written, with its layers and tags, in one transaction at the end.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/digest.hpp"
#include "base/time_format.hpp"
#include "image/blob_store.hpp"
#include "image/layer/apply_layer.hpp"
#include "image/oci/descriptor.hpp"
#include "image/oci/image_config.hpp"
#include "image/reference/reference.hpp"
#include "image/snapshot_store.hpp"
#include "store/database.hpp"
#include "store/file_lock.hpp"

namespace berth::image {

// An unpacked layer: its snapshot is snapshots/<chain_id hex>.
struct LayerInfo {
  Digest chain_id;
  Digest diff_id;
  int64_t unpacked_size = 0;
  int64_t tar_size = 0;
};

// A layer as one image uses it: the snapshot plus the blob its manifest names.
struct ImageLayer {
  LayerInfo layer;
  Descriptor blob;
};

struct ImageRecord {
  Digest id;  // sha256 of the config blob
  Digest manifest_digest;
  std::string manifest_media_type;
  int64_t size = 0;  // sum of the layers' unpacked sizes
  std::string created;
  int64_t added_at = 0;
  std::string last_tag_time;
  std::vector<Reference> tags;
  std::vector<std::string> repo_digests;
  std::vector<ImageLayer> layers;
};

struct GcResult {
  std::vector<Digest> removed_layers;
  int64_t removed_blobs = 0;
  int64_t reclaimed_bytes = 0;
};

class ImageStore {
 public:
  // Opens <root>/berth.db itself, or uses `db`, the engine's shared connection.
  explicit ImageStore(const std::filesystem::path& root);
  ImageStore(const std::filesystem::path& root, store::Database& db);

  const std::filesystem::path& root() const { return root_; }
  BlobStore& blobs() { return blobs_; }
  SnapshotStore& snapshots() { return snapshots_; }
  store::Database& db() { return db_; }

  // Held (shared) by every process that adds content, so garbage collection (exclusive)
  // never deletes what an unfinished load or import has published but not yet recorded.
  store::FileLock ingest_guard() const;

  // Makes sure the snapshot of `blob` on top of `parent` exists, unpacking the blob (verified
  // against its digest, and against `expected_diff_id` when given) if needed. Thread-safe.
  LayerInfo ensure_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                         const std::optional<Digest>& expected_diff_id);

  // Unpacks a layer arriving on `input_fd` (a download) and stores its blob in the same pass:
  // the blob is published only if its bytes hash to `blob.digest` ("filesystem layer
  // verification failed for digest …"), the snapshot only if the tar's digest is
  // `expected_diff_id`. Reads `input_fd` to EOF. Thread-safe.
  LayerInfo ingest_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                         const Digest& expected_diff_id, int input_fd);

  // Records an image whose config, manifest and layer blobs are stored and whose layers were
  // ensured (in order). Tags move from any image that had them. Returns the image ID.
  Digest commit_image(const ImageConfig& config, const Descriptor& manifest,
                      const std::vector<ImageLayer>& layers, const std::vector<Reference>& tags);

  std::vector<ImageRecord> list();
  std::optional<ImageRecord> find(const Digest& id);
  // Resolves what a user typed: a reference (name[:tag], name@digest), a full ID or a unique
  // ID prefix. Throws NotFoundError("No such image: <text>").
  ImageRecord resolve(std::string_view text);
  // Like resolve, but nullopt when nothing matches (ambiguity still throws).
  std::optional<ImageRecord> try_resolve(std::string_view text);

  void tag(const Digest& id, const Reference& ref);
  // Records "name@sha256:…" (the manifest a registry served) as a repo digest of the image,
  // moved from any image that had it.
  void add_repo_digest(const Digest& id, const Reference& name_at_digest);
  // Removes one tag; false if it did not exist.
  bool untag(const Reference& ref);
  // Deletes the image's records (tags included). Content goes with collect_garbage().
  void delete_image(const Digest& id);
  // The unpacked bytes of the layers no image uses (what only the build cache keeps, until the
  // next garbage collection).
  int64_t unreferenced_layer_bytes();
  // Removes layers, snapshots and blobs that no image references.
  GcResult collect_garbage();

  ImageConfig config(const ImageRecord& image);
  // By image ID (the config blob's digest). Config blobs never change, so each is read and
  // verified once per process (`ps` shows every container's command from its image's config).
  ImageConfig config(const Digest& image_id);
  Manifest manifest(const ImageRecord& image);

 private:
  std::vector<ImageRecord> load_records(std::string_view where, const std::string& arg);
  LayerInfo unpack_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                         const std::optional<Digest>& expected_diff_id);
  // Checks the unpacked layer's diff ID against the config's (when given), moves it into
  // place and records it (or returns the copy another thread or process recorded first).
  LayerInfo publish_layer(const std::optional<Digest>& parent, const Descriptor& blob,
                          const std::optional<Digest>& expected_diff_id, TempDir& dir,
                          const ApplyResult& unpacked);
  std::optional<LayerInfo> find_layer(const Digest& chain_id);

  std::filesystem::path root_;
  BlobStore blobs_;
  SnapshotStore snapshots_;
  store::DatabaseRef connection_;
  store::Database& db_;
  std::recursive_mutex& db_mutex_;  // the connection's: used by the unpack threads too
  std::mutex config_cache_mutex_;
  std::map<std::string, ImageConfig> config_cache_;
};

}  // namespace berth::image
