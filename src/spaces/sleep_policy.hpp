#pragma once
// When Spaces sleep: after their sleep time without a visit they are frozen (memory kept,
// woken in milliseconds); after the freeze TTL, or when the host runs short of memory, frozen
// ones are stopped (woken by starting a container). As on the Hub, a cpu-basic Space without
// a sleep time of its own sleeps after the server's default (48 h); other flavors never do.
#include <chrono>
#include <cstdint>
#include <optional>

#include "spaces/space_record.hpp"

namespace berth::spaces {

struct SleepOptions {
  // `berth serve --default-sleep`: for cpu-basic Spaces without their own; nullopt: never.
  std::optional<std::chrono::seconds> default_sleep = std::chrono::hours(48);
  // `--freeze-ttl`: how long a Space stays frozen before it is stopped.
  std::chrono::seconds freeze_ttl = std::chrono::hours(1);
  // `--sleep-memory-floor`: with less memory available than this, the frozen Space frozen
  // longest is stopped (one per sweep, then memory is measured again); 0: never.
  int64_t memory_floor_bytes = int64_t{256} << 20;
  // `--sleep-check-interval`: how often idle Spaces are looked for (the precision of the sleep
  // time; shorter for tests and benchmarks).
  std::chrono::milliseconds check_interval = std::chrono::seconds(2);
};

// How long the Space may idle before it sleeps; nullopt: it never sleeps.
std::optional<std::chrono::seconds> sleep_time_of(const SpaceRecord& space,
                                                  const SleepOptions& options);

// "never" or a duration as the README header writes them ("48h", "30m", "90s"); the form the
// CLI's flags take. InvalidArgumentError naming `what` (the flag) otherwise.
std::optional<std::chrono::seconds> parse_sleep_setting(std::string_view text,
                                                        std::string_view what);

}  // namespace berth::spaces
