#pragma once
// What the log follower tests write and read: a log file growing, and a batch's line texts.
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/fs.hpp"
#include "server/api/log_follower.hpp"

namespace berth::server::log_lines {

inline void append(const fs::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << data;
}

inline std::vector<std::string> texts(const LogFollower::Batch& batch) {
  std::vector<std::string> out;
  for (const auto& line : batch.lines) out.push_back(line.text);
  return out;
}

}  // namespace berth::server::log_lines
