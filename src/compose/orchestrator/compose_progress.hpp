#pragma once
// The progress lines of docker compose v2 in its plain form, one event per line on stderr:
// " Container demo-web-1  Starting". Thread-safe: services start in parallel.
#include <mutex>
#include <ostream>
#include <string>

namespace berth::compose {

class ComposeProgress {
 public:
  explicit ComposeProgress(std::ostream& out) : out_(out) {}

  // kind: Network, Volume, Container, Image, Service; status: Creating, Created, Started, …
  void event(const std::string& kind, const std::string& name, const std::string& status);
  void warning(const std::string& text);
  // Output of pulls and builds, passed through whole lines at a time.
  std::ostream& stream() { return out_; }

 private:
  std::mutex mutex_;
  std::ostream& out_;
};

}  // namespace berth::compose
