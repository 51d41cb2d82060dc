#pragma once
// The log printer of `compose logs` and a foreground `compose up`: several containers' json-file
// logs on one output, each line prefixed as docker compose v2 prints it ("web-1  | text": the
// name padded to the longest name plus one, then " | "), coloured per container with compose's
// colour cycle when asked. Works on files only (LogSource), so its rules are tested without an
// engine; log_sources() makes the sources of a project's containers.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/time_format.hpp"
#include "compose/orchestrator/observed_container.hpp"
#include "runtime/container_engine.hpp"

namespace berth::compose {

// One container's log.
struct LogSource {
  std::string id;
  std::string name;                 // shown in the prefix: the container name less "PROJECT-"
  std::filesystem::path log_path;   // json-file log (rotated files are LOG.1 … LOG.9)
  std::filesystem::path exit_file;  // appears once the container exited and its log is complete
};

struct LogPrintOptions {
  bool follow = false;      // -f: keep printing until every container exited (or `stop`)
  bool timestamps = false;  // -t: each line starts with the time it was logged
  bool prefix = true;       // false: --no-log-prefix
  bool color = false;       // compose colours only a terminal, never with --no-color
  // While following, "web-1 exited with code 0" (coloured, unprefixed) when a container
  // exits, as a foreground `compose up` prints it.
  bool exit_lines = false;
  std::optional<size_t> tail;  // --tail N, per container
  std::optional<TimePoint> since, until;
  std::chrono::milliseconds poll_interval{50};
  std::chrono::milliseconds rescan_interval{1000};
};

// Compose's colour cycle (cmd/formatter/colors.go): cyan, yellow, green, magenta, blue, then
// their intense forms; the Nth container to appear gets colour N modulo 10.
std::string colour_code(size_t index);
// The container's name as compose shows it in logs: without the "PROJECT-" prefix.
std::string log_display_name(const std::string& project, const std::string& container_name);

// The prefixes of the containers seen so far: names padded to the longest (+1), coloured in the
// order they were added.
class LogPrefixes {
 public:
  explicit LogPrefixes(bool color) : color_(color) {}
  // Adds a name (no-op when known); the width of every prefix follows the longest name.
  void add(const std::string& name);
  // "web-1  | " (with ANSI colour when colouring).
  std::string prefix(const std::string& name) const;
  // `text` in the name's colour (as is when not colouring).
  std::string coloured(const std::string& name, const std::string& text) const;

 private:
  bool color_;
  size_t width_ = 0;
  std::map<std::string, size_t> colour_index_;
};

// Prints the sources' logs to `out` (stdout records) and `err` (stderr records). Without
// follow, what the logs hold now, merged by time. With follow, then what they add as it comes,
// until every source's container has exited and its log was read to the end, or `*stop` is
// set. `rescan` (when given, while following) is called every rescan_interval for the current
// sources: new ones (scale up, recreate) are printed from their start.
void print_logs(const std::vector<LogSource>& sources, const LogPrintOptions& options,
                std::ostream& out, std::ostream& err, const std::atomic<bool>* stop = nullptr,
                const std::function<std::vector<LogSource>()>& rescan = {});

// The log sources of a project's containers.
std::vector<LogSource> log_sources(runtime::ContainerEngine& engine, const std::string& project,
                                   const std::vector<ObservedContainer>& containers);

}  // namespace berth::compose
