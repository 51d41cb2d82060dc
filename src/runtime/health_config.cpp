#include "runtime/health_config.hpp"

#include <cstdint>

#include "base/go_duration_format.hpp"

namespace berth::runtime {
namespace {

using std::chrono::nanoseconds;
using namespace std::chrono_literals;

nanoseconds or_default(nanoseconds value, nanoseconds fallback) {
  return value.count() > 0 ? value : fallback;
}

nanoseconds read_ns(const Json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number_integer()) return nanoseconds(0);
  return nanoseconds(j[key].get<int64_t>());
}

}  // namespace

nanoseconds HealthConfig::probe_interval() const {
  return or_default(interval, 30s);
}
nanoseconds HealthConfig::probe_timeout() const {
  return or_default(timeout, 30s);
}
nanoseconds HealthConfig::probe_start_period() const {
  return or_default(start_period, 0s);
}
nanoseconds HealthConfig::probe_start_interval() const {
  return or_default(start_interval, 5s);
}
int HealthConfig::probe_retries() const {
  return retries > 0 ? retries : 3;
}

Json to_json(const HealthConfig& h) {
  Json j = Json::object();
  if (!h.test.empty()) j["Test"] = h.test;
  if (h.interval.count()) j["Interval"] = h.interval.count();
  if (h.timeout.count()) j["Timeout"] = h.timeout.count();
  if (h.start_period.count()) j["StartPeriod"] = h.start_period.count();
  if (h.start_interval.count()) j["StartInterval"] = h.start_interval.count();
  if (h.retries) j["Retries"] = h.retries;
  return j;
}

HealthConfig health_config_from_json(const Json& j) {
  HealthConfig h;
  if (!j.is_object()) return h;
  if (j.contains("Test") && j["Test"].is_array()) {
    for (const auto& part : j["Test"]) {
      if (part.is_string()) h.test.push_back(part.get<std::string>());
    }
  }
  h.interval = read_ns(j, "Interval");
  h.timeout = read_ns(j, "Timeout");
  h.start_period = read_ns(j, "StartPeriod");
  h.start_interval = read_ns(j, "StartInterval");
  if (j.contains("Retries") && j["Retries"].is_number_integer())
    h.retries = j["Retries"].get<int>();
  return h;
}

std::optional<HealthConfig> merge_health_config(const std::optional<HealthConfig>& container,
                                                const std::optional<HealthConfig>& image) {
  HealthConfig merged;
  if (container) {
    merged = *container;
    if (image) {
      if (merged.test.empty()) merged.test = image->test;
      if (!merged.interval.count()) merged.interval = image->interval;
      if (!merged.timeout.count()) merged.timeout = image->timeout;
      if (!merged.start_period.count()) merged.start_period = image->start_period;
      if (!merged.start_interval.count()) merged.start_interval = image->start_interval;
      if (!merged.retries) merged.retries = image->retries;
    }
  } else if (image) {
    merged = *image;
  }
  if (merged.test.empty() || merged.disabled()) return std::nullopt;
  return merged;
}

std::string format_go_duration(nanoseconds d) {
  return berth::format_go_duration(d.count());
}

}  // namespace berth::runtime
