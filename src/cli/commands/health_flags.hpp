#pragma once
// `run`/`create`'s --health-* and --no-healthcheck flags, parsed as Docker parses them
// (durations are Go durations) into the request's HealthConfig, with Docker's messages.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "runtime/health_config.hpp"

namespace berth::cli {

struct HealthFlags {
  std::string cmd;
  std::string interval, timeout, start_period, start_interval;  // Go durations, "" = unset
  std::string retries;                                          // an int, "" = unset
  bool no_healthcheck = false;
};

void add_health_flags(CLI::App* cmd, HealthFlags& flags);
// nullopt: no flag given (the image's HEALTHCHECK applies). Throws InvalidArgumentError
// (exit 125) with Docker's message for a bad value or a conflict.
std::optional<runtime::HealthConfig> make_health_config(const HealthFlags& flags);

}  // namespace berth::cli
