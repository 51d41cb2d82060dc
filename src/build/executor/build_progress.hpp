#pragma once
// A build's progress in BuildKit's plain format: numbered steps ("#3 [stage 2/4] RUN …"), their
// output lines, then "#3 DONE 1.2s" or "#3 CACHED". Parallel stages write through one object,
// which keeps each line whole and the step numbers in the order the steps began.
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace berth::build {

class BuildProgress {
 public:
  using Clock = std::chrono::steady_clock;
  struct Step {
    int number;
    Clock::time_point start;
  };

  explicit BuildProgress(std::ostream& out) : out_(out) {}

  // "#N title": the next step number.
  Step begin(const std::string& title);
  // "#N DONE 1.2s", the time since the step began.
  void done(const Step& step);
  // "#N CACHED".
  void cached(const Step& step);
  // "#N line": a line about the step (a pull's progress, the image's name).
  void line(const Step& step, std::string_view text);
  // "#N 0.123 line": a line a RUN step's process wrote, stamped with the time since it began.
  void output(const Step& step, std::string_view text);
  // A line of its own, as given ("#0 note: …").
  void emit(const std::string& text);

 private:
  std::mutex mu_;
  std::ostream& out_;
  int step_number_ = 0;
};

}  // namespace berth::build
