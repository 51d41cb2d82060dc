#pragma once
// Docker's --sig-proxy: while a foreground client follows a container without a tty, the
// signals the client gets are the container's. With a tty, ctrl-c is a key the terminal
// passes on instead.
#include <signal.h>

#include <cstdint>
#include <functional>
#include <thread>

#include "base/unique_fd.hpp"

namespace berth::runtime {

// The signals passed on (those a user sends to stop or poke a program; never SIGCHLD, SIGPIPE
// or SIGWINCH, which are about this client itself).
inline constexpr int kProxiedSignals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGTERM,
                                          SIGUSR1, SIGUSR2, SIGALRM};

// For as long as it lives, the proxied signals this process gets are handed to `forward` on a
// thread of its own (blocked in every thread meanwhile, so none takes its default action).
// Construct it before starting other threads: they inherit the blocked mask. As Docker's CLI,
// the third SIGINT or SIGTERM (a container that ignores them, as a PID 1 without handlers
// does) ends this process at once with exit code 1, the container left running.
class SignalProxy {
 public:
  explicit SignalProxy(std::function<void(int)> forward);
  ~SignalProxy();
  SignalProxy(const SignalProxy&) = delete;
  SignalProxy& operator=(const SignalProxy&) = delete;

 private:
  void run();

  std::function<void(int)> forward_;
  sigset_t saved_mask_;
  UniqueFd signals_;
  UniqueFd stop_;       // an eventfd: written once to end the thread
  int interrupts_ = 0;  // SIGINTs and SIGTERMs so far (the proxy's thread's)
  std::thread thread_;
};

// A forwarder to a process (the container's first), by pidfd: a process that exited and whose
// PID was reused never gets the signal. Signals to a process already gone are dropped.
std::function<void(int)> forward_to_process(int64_t pid);

}  // namespace berth::runtime
