#include "spaces/local/berth_process.hpp"

#include "base/process.hpp"

namespace berth::spaces {

BerthProcess::BerthProcess(std::filesystem::path berth, std::filesystem::path root)
    : berth_(std::move(berth)), root_(std::move(root)) {}

BerthProcessResult BerthProcess::run(const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& env,
                                     const std::function<void(std::string_view)>& on_line) const {
  std::vector<std::string> argv = {berth_.string(), "--root", root_.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  // A minimal environment: the server's own (its tokens, its HOME) stays out of builds.
  ProcessOptions options;
  options.environment = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  for (const auto& [key, value] : env) options.environment->push_back(key + "=" + value);
  return run_process(argv, options, on_line);
}

}  // namespace berth::spaces
