#pragma once
// Announcements to a server that watches a Berth root: a container exited (the shim's exit
// command sends it), a Space was changed by the CLI. A unix datagram socket under the run
// directory, one per root; sending never blocks and never fails the sender (no server: no one
// to tell). An announcement is a hint, never trusted: the server re-reads the state it names.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth::runtime {

// <run_dir>/events/<first 16 hex of sha256(root)>.sock
std::filesystem::path root_event_socket(const std::filesystem::path& run_dir,
                                        const std::filesystem::path& root);

// Sends `message` (up to 256 bytes: "exit <id>", "space <owner/name>") to the root's listener.
void announce(const std::filesystem::path& run_dir, const std::filesystem::path& root,
              const std::string& message) noexcept;

class RootEventListener {
 public:
  // Binds the root's socket (mode 0600), replacing one a dead server left.
  RootEventListener(const std::filesystem::path& run_dir, const std::filesystem::path& root);
  ~RootEventListener();
  RootEventListener(const RootEventListener&) = delete;
  RootEventListener& operator=(const RootEventListener&) = delete;

  // The announcements that arrive within `timeout` (all that are queued once one came); empty
  // when none did, or when interrupt() was called (since the last wait).
  std::vector<std::string> wait(std::chrono::milliseconds timeout);
  // Ends a wait under way, or the next one, at once (thread-safe, never blocks): for the
  // server's own changes, which need no socket to cross a process.
  void interrupt() noexcept;

 private:
  std::filesystem::path path_;
  UniqueFd socket_;
  UniqueFd interrupted_;  // an eventfd
};

}  // namespace berth::runtime
