#include "build/executor/build_progress.hpp"

#include <cstdio>

namespace berth::build {

BuildProgress::Step BuildProgress::begin(const std::string& title) {
  std::lock_guard lock(mu_);
  Step s{++step_number_, Clock::now()};
  out_ << "#" << s.number << " " << title << "\n" << std::flush;
  return s;
}

void BuildProgress::done(const Step& step) {
  double seconds = std::chrono::duration<double>(Clock::now() - step.start).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.1fs", seconds);
  emit("#" + std::to_string(step.number) + " DONE " + text);
}

void BuildProgress::cached(const Step& step) {
  emit("#" + std::to_string(step.number) + " CACHED");
}

void BuildProgress::line(const Step& step, std::string_view text) {
  emit("#" + std::to_string(step.number) + " " + std::string(text));
}

void BuildProgress::output(const Step& step, std::string_view text) {
  double t = std::chrono::duration<double>(Clock::now() - step.start).count();
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%.3f", t);
  emit("#" + std::to_string(step.number) + " " + stamp + " " + std::string(text));
}

void BuildProgress::emit(const std::string& text) {
  std::lock_guard lock(mu_);
  out_ << text << "\n" << std::flush;
}

}  // namespace berth::build
