#pragma once
// How the engine starts and watches a container's supervisor process (the shim) and signals
// the container's init. The real one (ShimSupervisor) spawns berth-shim and looks at /proc;
// a fake (tests) lets the engine's lifecycle rules (reconcile-on-read, restart policy,
// idempotent cleanup) run without root, without processes.
#include <cstdint>

#include "runtime/shim_client/shim_client.hpp"

namespace berth::runtime {

class ContainerSupervisor {
 public:
  virtual ~ContainerSupervisor() = default;
  // Starts the shim and waits until the container runs; throws berth::Error with the
  // runtime's message when it cannot.
  virtual ShimStarted launch(const ShimLaunch& launch) = 0;
  // Whether `shim_pid` still is the shim (a recycled pid runs something else).
  virtual bool shim_alive(int64_t shim_pid) = 0;
  // Whether `pid` runs and is not a zombie.
  virtual bool process_alive(int64_t pid) = 0;
  // Sends `signal` to the container's init, our process tree's: no runtime round trip.
  // Returns false when the process is gone.
  virtual bool signal(int64_t pid, int signal) = 0;
};

// The real one: berth-shim, /proc and kill(2).
class ShimSupervisor : public ContainerSupervisor {
 public:
  ShimStarted launch(const ShimLaunch& launch) override;
  bool shim_alive(int64_t shim_pid) override;
  bool process_alive(int64_t pid) override;
  bool signal(int64_t pid, int signal) override;
};

}  // namespace berth::runtime
