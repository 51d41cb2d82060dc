#include "cli/commands/health_flags.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "base/error.hpp"
#include "base/go_quote.hpp"
#include "build/dockerfile/go_duration.hpp"

namespace berth::cli {
namespace {

constexpr int kHealthUsage = 125;
using std::chrono::nanoseconds;

// pflag's wording for a value its type refuses.
InvalidArgumentError bad_value(const std::string& value, const std::string& flag,
                               const std::string& reason) {
  return InvalidArgumentError(
      "invalid argument " + go_quote(value) + " for \"--" + flag + "\" flag: " + reason,
      kHealthUsage);
}

nanoseconds duration_flag(const std::string& value, const std::string& flag) {
  if (value.empty()) return nanoseconds(0);
  try {
    return build::parse_go_duration(value);
  } catch (const InvalidArgumentError& e) {
    throw bad_value(value, flag, e.what());
  }
}

int int_flag(const std::string& value, const std::string& flag) {
  if (value.empty()) return 0;
  // strconv.ParseInt(s, 0, 64) then a range check to int, as pflag's IntVar does.
  errno = 0;
  char* end = nullptr;
  long long n = std::strtoll(value.c_str(), &end, 0);
  bool syntax_ok = *end == '\0' && !std::isspace(static_cast<unsigned char>(value.front()));
  if (!syntax_ok) {
    throw bad_value(value, flag,
                    "strconv.ParseInt: parsing " + go_quote(value) + ": invalid syntax");
  }
  if (errno == ERANGE || n > 2147483647LL || n < -2147483648LL) {
    throw bad_value(value, flag,
                    "strconv.ParseInt: parsing " + go_quote(value) + ": value out of range");
  }
  return static_cast<int>(n);
}

// The daemon's check: a set duration below 1ms is refused.
void check_minimum(nanoseconds value, const char* field) {
  if (value.count() != 0 && value < std::chrono::milliseconds(1)) {
    throw InvalidArgumentError(std::string(field) + " in Healthcheck cannot be less than 1ms",
                               kHealthUsage);
  }
}

}  // namespace

void add_health_flags(CLI::App* cmd, HealthFlags& f) {
  cmd->add_option("--health-cmd", f.cmd, "Command to run to check health");
  cmd->add_option("--health-interval", f.interval,
                  "Time between running the check (ms|s|m|h) (default 0s)");
  cmd->add_option("--health-timeout", f.timeout,
                  "Maximum time to allow one check to run (ms|s|m|h) (default 0s)");
  cmd->add_option("--health-retries", f.retries, "Consecutive failures needed to report unhealthy");
  cmd->add_option("--health-start-period", f.start_period,
                  "Start period for the container to initialize before starting health-retries "
                  "countdown (ms|s|m|h) (default 0s)");
  cmd->add_option("--health-start-interval", f.start_interval,
                  "Time between running the check during the start period (ms|s|m|h) (default "
                  "0s)");
  cmd->add_flag("--no-healthcheck", f.no_healthcheck,
                "Disable any container-specified HEALTHCHECK");
}

std::optional<runtime::HealthConfig> make_health_config(const HealthFlags& f) {
  runtime::HealthConfig h;
  h.interval = duration_flag(f.interval, "health-interval");
  h.timeout = duration_flag(f.timeout, "health-timeout");
  h.start_period = duration_flag(f.start_period, "health-start-period");
  h.start_interval = duration_flag(f.start_interval, "health-start-interval");
  h.retries = int_flag(f.retries, "health-retries");
  bool have_settings = !f.cmd.empty() || h.interval.count() || h.timeout.count() ||
                       h.start_period.count() || h.start_interval.count() || h.retries;
  if (f.no_healthcheck) {
    if (have_settings) {
      throw InvalidArgumentError("--no-healthcheck conflicts with --health-* options",
                                 kHealthUsage);
    }
    h = {};
    h.test = {"NONE"};
    return h;
  }
  if (!have_settings) return std::nullopt;
  if (!f.cmd.empty()) h.test = {"CMD-SHELL", f.cmd};
  if (h.interval.count() < 0)
    throw InvalidArgumentError("--health-interval cannot be negative", kHealthUsage);
  if (h.timeout.count() < 0)
    throw InvalidArgumentError("--health-timeout cannot be negative", kHealthUsage);
  if (h.retries < 0)
    throw InvalidArgumentError("--health-retries cannot be negative", kHealthUsage);
  if (h.start_period.count() < 0)
    throw InvalidArgumentError("--health-start-period cannot be negative", kHealthUsage);
  if (h.start_interval.count() < 0)
    throw InvalidArgumentError("--health-start-interval cannot be negative", kHealthUsage);
  check_minimum(h.interval, "Interval");
  check_minimum(h.timeout, "Timeout");
  check_minimum(h.start_period, "StartPeriod");
  check_minimum(h.start_interval, "StartInterval");
  return h;
}

}  // namespace berth::cli
