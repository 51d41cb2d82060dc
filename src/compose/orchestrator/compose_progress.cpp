#include "compose/orchestrator/compose_progress.hpp"

namespace berth::compose {

void ComposeProgress::event(const std::string& kind, const std::string& name,
                            const std::string& status) {
  std::lock_guard lock(mutex_);
  out_ << " " << kind << " " << name << "  " << status << "\n" << std::flush;
}

void ComposeProgress::warning(const std::string& text) {
  std::lock_guard lock(mutex_);
  out_ << "WARN[0000] " << text << "\n" << std::flush;
}

}  // namespace berth::compose
