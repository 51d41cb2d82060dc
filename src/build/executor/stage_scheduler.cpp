#include "build/executor/stage_scheduler.hpp"

#include <exception>
#include <vector>

#include "base/error.hpp"

namespace berth::build {

std::set<size_t> stage_dependencies(const Dockerfile& dockerfile,
                                    const std::map<std::string, std::string>& global_args,
                                    size_t index) {
  std::set<size_t> deps;
  for (const auto& ref : dockerfile.references()) {
    if (ref.stage != index) continue;
    SourceRef target;
    if (ref.kind == StageReference::Kind::kFrom) {
      target = resolve_base(dockerfile, index,
                            expand(ref.name, lookup_in(global_args), dockerfile.escape));
    } else {
      target = resolve_from_flag(dockerfile, index, ref.name, ref.where);
    }
    if (target.kind == SourceRef::Kind::kStage) deps.insert(target.stage);
  }
  return deps;
}

StageScheduler::StageScheduler(const Dockerfile& dockerfile, Dependencies dependencies,
                               BuildStage build)
    : dockerfile_(dockerfile), dependencies_(std::move(dependencies)), build_(std::move(build)) {}

void StageScheduler::circular(size_t index) const {
  const Stage& s = dockerfile_.stages.at(index);
  throw SourceError(s.from.where, "circular dependency detected on stage: " +
                                      (s.name.empty() ? std::to_string(s.index) : s.name));
}

void StageScheduler::build_dependencies(size_t target) {
  std::map<size_t, std::set<size_t>> needed;
  std::vector<size_t> todo = {target};
  while (!todo.empty()) {
    size_t i = todo.back();
    todo.pop_back();
    if (needed.count(i)) continue;
    needed[i] = dependencies_(i);
    for (size_t d : needed[i]) todo.push_back(d);
  }
  needed.erase(target);
  std::set<size_t> done;
  while (!needed.empty()) {
    std::vector<size_t> wave;
    for (const auto& [i, deps] : needed) {
      bool ready = true;
      for (size_t d : deps) ready = ready && done.count(d);
      if (ready) wave.push_back(i);
    }
    if (wave.empty()) circular(needed.begin()->first);
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> errors(wave.size());
    for (size_t w = 0; w < wave.size(); ++w) {
      threads.emplace_back([this, &wave, &errors, w] {
        try {
          stage(wave[w]);
        } catch (...) {
          errors[w] = std::current_exception();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    for (size_t i : wave) {
      done.insert(i);
      needed.erase(i);
    }
  }
}

StageState StageScheduler::stage(size_t index) {
  {
    std::unique_lock lock(mu_);
    for (;;) {
      if (auto it = built_.find(index); it != built_.end()) return it->second;
      auto b = building_.find(index);
      if (b == building_.end()) break;
      if (b->second == std::this_thread::get_id()) circular(index);
      stage_done_.wait(lock);
    }
    building_[index] = std::this_thread::get_id();
  }
  try {
    StageState s = build_(index);
    std::lock_guard lock(mu_);
    building_.erase(index);
    built_[index] = s;
    stage_done_.notify_all();
    return s;
  } catch (...) {
    std::lock_guard lock(mu_);
    building_.erase(index);
    stage_done_.notify_all();
    throw;
  }
}

}  // namespace berth::build
