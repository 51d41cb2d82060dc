#include "runtime/shim_client/signal_proxy.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

constexpr int kInterruptsToGiveUp = 3;

}  // namespace

SignalProxy::SignalProxy(std::function<void(int)> forward) : forward_(std::move(forward)) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kProxiedSignals) sigaddset(&set, s);
  signals_ = UniqueFd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  if (signals_.get() < 0) throw_errno("signalfd");
  stop_ = UniqueFd(::eventfd(0, EFD_CLOEXEC));
  if (stop_.get() < 0) throw_errno("eventfd");
  ::pthread_sigmask(SIG_BLOCK, &set, &saved_mask_);
  try {
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    ::pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);  // no destructor will run
    throw;
  }
}

SignalProxy::~SignalProxy() {
  uint64_t one = 1;
  if (::write(stop_.get(), &one, sizeof one) != sizeof one) {
    // An eventfd write of 1 cannot fail short of a bad fd; the join below would then hang,
    // so end here rather than later.
    std::terminate();
  }
  thread_.join();
  ::pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
}

void SignalProxy::run() {
  for (;;) {
    struct pollfd fds[2] = {{signals_.get(), POLLIN, 0}, {stop_.get(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;  // nothing left to watch with: signals stay blocked until the destructor
    }
    if (fds[1].revents) return;
    struct signalfd_siginfo info;
    while (::read(signals_.get(), &info, sizeof info) == sizeof info) {
      int signal = static_cast<int>(info.ssi_signo);
      forward_(signal);
      if ((signal == SIGINT || signal == SIGTERM) && ++interrupts_ == kInterruptsToGiveUp) {
        // Docker's words. _exit: the main thread is blocked in a read or wait, and nothing of
        // this process needs undoing (a tty client, whose terminal is raw, has no proxy).
        ::dprintf(STDERR_FILENO, "\ngot %d SIGTERM/SIGINTs, forcefully exiting\n", interrupts_);
        ::_exit(1);
      }
    }
  }
}

std::function<void(int)> forward_to_process(int64_t pid) {
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
  if (fd < 0) return [](int) {};  // already gone: nothing to pass anything on to
  auto pidfd = std::make_shared<UniqueFd>(fd);
  return
      [pidfd](int signal) { ::syscall(SYS_pidfd_send_signal, pidfd->get(), signal, nullptr, 0); };
}

}  // namespace berth::runtime
