#include "cli/process_table.hpp"

#include <cstdio>
#include <set>
#include <sstream>

#include "base/error.hpp"

namespace berth::cli {

std::vector<std::string> process_table(const std::vector<int>& pids,
                                       const std::vector<std::string>& ps_args) {
  std::set<std::string> wanted;
  for (int p : pids) wanted.insert(std::to_string(p));
  std::string command = "ps";
  for (const auto& a : ps_args.empty() ? std::vector<std::string>{"-ef"} : ps_args) {
    if (a.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-,=:%") !=
        std::string::npos) {
      throw InvalidArgumentError("invalid ps option: " + a);
    }
    command += " " + a;
  }
  FILE* ps = ::popen(command.c_str(), "r");
  if (!ps) throw_errno("run ps");
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, ps)) > 0) output.append(buf, n);
  int status = ::pclose(ps);
  if (status != 0) throw Error("ps failed: " + command);
  std::istringstream lines(output);
  std::string header;
  std::getline(lines, header);
  // Docker finds the PID column by its header.
  std::istringstream hs(header);
  std::string word;
  int pid_column = -1;
  for (int i = 0; hs >> word; ++i) {
    if (word == "PID") pid_column = i;
  }
  if (pid_column < 0) throw Error("couldn't find PID field in ps output");
  std::vector<std::string> table{header};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream ls(line);
    for (int i = 0; ls >> word; ++i) {
      if (i == pid_column) {
        if (wanted.count(word)) table.push_back(line);
        break;
      }
    }
  }
  return table;
}

}  // namespace berth::cli
