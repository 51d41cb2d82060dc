#include "runtime/shim_client/signal_proxy.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace berth::runtime {
namespace {

// Runs `body` in a child process (single-threaded: a signal sent to it cannot land on a
// thread of the test runner's) and returns its exit status.
template <typename F>
int in_child(F body) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(SignalProxy, ASignalToTheProcessIsForwardedAndDoesNotKillIt) {
  int status = in_child([] {
    std::atomic<int> forwarded{0};
    {
      SignalProxy proxy([&](int signal) { forwarded = signal; });
      ::kill(::getpid(), SIGTERM);  // would end the process, were it not caught
      for (int i = 0; i < 500 && forwarded == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
    return forwarded == SIGTERM ? 0 : 1;
  });
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the proxy did not pass SIGTERM on";
}

TEST(SignalProxy, TheThirdInterruptEndsTheClientWithExitCode1) {
  int status = in_child([] {
    std::atomic<int> forwarded{0};
    SignalProxy proxy([&](int) { ++forwarded; });
    for (int sent = 1; sent <= 3; ++sent) {
      ::kill(::getpid(), sent == 2 ? SIGINT : SIGTERM);
      for (int i = 0; i < 500 && forwarded < sent; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      if (forwarded < sent) return 2;  // not passed on
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    return 3;  // still alive after the third
  });
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

TEST(SignalProxy, OnceGoneTheSignalsDefaultActionIsBack) {
  int status = in_child([] {
    {
      SignalProxy proxy([](int) {});
    }
    ::kill(::getpid(), SIGTERM);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    return 0;
  });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

TEST(SignalProxy, ForwardingToAProcessSignalsIt) {
  pid_t target = ::fork();
  if (target == 0) {
    ::pause();
    ::_exit(0);
  }
  forward_to_process(target)(SIGUSR1);
  int status = 0;
  ::waitpid(target, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGUSR1);
  forward_to_process(target)(SIGUSR1);  // reaped and gone: nothing is signalled, nothing throws
}

}  // namespace
}  // namespace berth::runtime
