#pragma once
// docker pull's progress on a terminal: one row per layer ("<id>: Downloading [==>  ]
// 12.3MB/45.6MB", then "Download complete", "Pull complete"), redrawn in place with ANSI
// cursor moves; other lines ("v1: Pulling from …", "Digest: …") printed as they come. Fed
// from several download threads at once.
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace berth::cli {

// Docker's bar (jsonmessage): 50 cells, "=" per 2%, ">" at the head, then the sizes.
std::string format_progress_bar(int64_t current, int64_t total);

class LayerProgressView {
 public:
  explicit LayerProgressView(std::ostream& out) : out_(out) {}
  // "<12 hex>: status" updates (or adds) that layer's row; anything else is printed below.
  void line(const std::string& text);
  void bytes(const std::string& id, int64_t current, int64_t total);

 private:
  void set_row(const std::string& id, const std::string& status);

  std::ostream& out_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> rows_;  // id, status; in first-seen order
};

}  // namespace berth::cli
