#include "compose/config_hash.hpp"

#include "base/digest.hpp"
#include "compose/model_json.hpp"

namespace berth::compose {

std::string config_hash(const ServiceConfig& service) {
  ServiceConfig s = service;
  s.build.reset();
  s.pull_policy.clear();
  s.scale.reset();
  if (s.deploy) s.deploy->replicas.reset();
  // Invalid UTF-8 (from an environment variable) hashes as U+FFFD rather than failing.
  return Digest::sha256_of(
             service_json(s).dump(-1, ' ', false, OrderedJson::error_handler_t::replace))
      .hex();
}

}  // namespace berth::compose
