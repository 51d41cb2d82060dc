#include "base/parent_death.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "base/error.hpp"

namespace berth {

void die_with_parent_if_asked() {
  const char* value = std::getenv(std::string(kDieWithParentEnv).c_str());
  if (!value || !*value) return;
  pid_t starter = 0;
  try {
    starter = static_cast<pid_t>(std::stol(value));
  } catch (const std::exception&) {
    throw InvalidArgumentError(std::string(kDieWithParentEnv) + "=" + value + ": not a pid");
  }
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) throw_errno("prctl(PR_SET_PDEATHSIG)");
  // The starter may have died between our fork and the prctl: then nothing would come.
  if (::getppid() != starter) ::_exit(137);
}

}  // namespace berth
