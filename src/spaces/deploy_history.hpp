#pragma once
// A Space's deploy history (space_deploys, spaces schema 7): every deploy that made an instance
// current — a push's or a rollback's — with the commit, image and README settings it ran with.
// Rollbacks choose from it, and the deployer keeps the images of its newest entries.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/space_record.hpp"
#include "store/database.hpp"

namespace berth::spaces {

enum class DeployKind { kPush, kRollback, kAutoRollback };
std::string_view to_string(DeployKind kind);

struct DeployRecord {
  int64_t id = 0;  // grows with every deploy: the newest has the largest
  std::string commit;
  std::string image;
  DeployedSettings settings;
  std::string deployed_at;  // RFC 3339
  DeployKind kind = DeployKind::kPush;
  // The image is gone (out of the window of kept images): it cannot be rolled back to.
  bool image_removed = false;
  // Its app exited within its first minute and it was rolled back automatically.
  bool crashed = false;
};

// The entry of the deploy that serves: the newest of `current_commit` in a newest-first
// history; 0 when none.
int64_t current_deploy_id(const std::vector<DeployRecord>& history,
                          std::string_view current_commit);

class DeployHistory {
 public:
  explicit DeployHistory(store::Database& db);

  // Records a deploy made current now. NotFoundError for an unknown Space.
  DeployRecord record(std::string_view space_id, std::string_view commit, std::string_view image,
                      const DeployedSettings& settings, DeployKind kind);
  std::vector<DeployRecord> list(std::string_view space_id);  // newest first
  // The images of the Space's deploys beyond its `keep` most recently deployed images, not yet
  // marked removed; they are marked removed here, for the caller to drop.
  std::vector<std::string> release_images_beyond(std::string_view space_id, size_t keep);
  // Every image of the Space's history not yet marked removed (to drop them all).
  std::vector<std::string> kept_images(std::string_view space_id);
  bool keeps_image(std::string_view space_id, std::string_view image);
  void mark_image_removed(std::string_view space_id, std::string_view image);
  void mark_crashed(int64_t deploy_id);
  // Forgets the Space's history (its images are gone: a tear-down).
  void clear(std::string_view space_id);

 private:
  store::Database& db_;
};

}  // namespace berth::spaces
