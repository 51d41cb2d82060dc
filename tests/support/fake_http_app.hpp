#pragma once
// An app that answers any request with "200 ok", on 127.0.0.1 and a free port: what the
// deployer's health probe and the proxy find where a Space's container would listen.
#include <cstdint>
#include <thread>

#include "base/unique_fd.hpp"

namespace berth {

class FakeApp {
 public:
  FakeApp();  // listening when it returns; std::runtime_error if it cannot
  ~FakeApp();
  FakeApp(const FakeApp&) = delete;
  FakeApp& operator=(const FakeApp&) = delete;
  uint16_t port() const { return port_; }

 private:
  UniqueFd fd_;
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace berth
