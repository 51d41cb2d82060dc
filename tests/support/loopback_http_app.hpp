#pragma once
// An app that answers any request with "200 ok", on 127.0.0.1 and a free port: what a health
// probe finds when a fake Space instance "runs".
#include <cstdint>
#include <thread>

#include "base/unique_fd.hpp"

namespace berth::testing {

class LoopbackHttpApp {
 public:
  LoopbackHttpApp();  // listening once constructed; throws when it cannot
  ~LoopbackHttpApp();
  LoopbackHttpApp(const LoopbackHttpApp&) = delete;
  LoopbackHttpApp& operator=(const LoopbackHttpApp&) = delete;
  uint16_t port() const { return port_; }

 private:
  UniqueFd fd_;
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace berth::testing
