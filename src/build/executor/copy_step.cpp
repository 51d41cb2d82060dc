#include "build/executor/copy_step.hpp"

#include "base/error.hpp"
#include "build/context/context.hpp"
#include "build/executor/config_instructions.hpp"

namespace berth::build {

CopyStep::CopyStep(StepTools tools, const BuildContext& context, const Dockerfile& dockerfile,
                   StageSources& sources, FetchPolicy url_policy, FetchGit fetch_git)
    : tools_(tools),
      context_(context),
      dockerfile_(dockerfile),
      sources_(sources),
      url_policy_(std::move(url_policy)),
      fetch_git_(std::move(fetch_git)) {}

void CopyStep::copy(StageState& s, const Instruction& inst, const CopyInstruction& c,
                    const BuildProgress::Step& step) {
  copy_files(s, inst,
             {c.sources, c.inline_sources, c.destination, c.from, c.chown, c.mode, c.excludes,
              c.parents, false},
             step);
}

void CopyStep::add(StageState& s, const Instruction& inst, const AddInstruction& a,
                   const BuildProgress::Step& step) {
  validate_checksum_flag(true, a.sources, a.checksum);
  std::vector<std::string> local;
  std::vector<CopySource> downloaded;
  std::optional<TempDir> downloads;
  std::optional<TempDir> git_work;
  std::optional<BuildContext> git_context;
  for (const auto& src : a.sources) {
    switch (classify_source(src)) {
      case SourceKind::kLocal:
        local.push_back(src);
        break;
      case SourceKind::kGit: {
        if (a.sources.size() != 1) {
          throw Error("ADD " + src + ": a git repository with other sources is not supported yet");
        }
        auto git = parse_git_source(src);
        git_work.emplace(fetch_git_(git, a.keep_git_dir));
        git_context.emplace(BuildContext::from_directory(git_work->path() / "repo", std::nullopt));
        local.push_back(git.subdir);
        break;
      }
      case SourceKind::kUrl: {
        if (!downloads)
          downloads.emplace((ensure_directory(tools_.scratch, 0700), tools_.scratch), "download-");
        CurlFetcher fetcher(url_policy_);
        std::optional<std::string> checksum;
        if (!a.checksum.empty()) checksum = a.checksum;
        downloaded.push_back(resolve_url_source(fetcher, src, checksum, downloads->path()));
        break;
      }
    }
  }
  static const std::string kNoFrom;
  copy_files(s, inst,
             {local, a.inline_sources, a.destination, kNoFrom, a.chown, a.mode, a.excludes, false,
              !git_context, std::move(downloaded), git_context ? &*git_context : nullptr},
             step);
}

void CopyStep::copy_files(StageState& s, const Instruction& inst, Request r,
                          const BuildProgress::Step& step) {
  std::unique_ptr<StepRootfs> source_fs;
  std::optional<BuildContext> stage_context;
  const BuildContext* ctx = r.other_context ? r.other_context : &context_;
  Digest from_identity = Digest::sha256_of(r.other_context ? "git" : "context");
  if (!r.from.empty()) {
    auto ref = resolve_from_flag(dockerfile_, s.stage, r.from, inst.where);
    from_identity = sources_.identity(ref, inst.where);
    source_fs = sources_.mount(ref, inst);
    stage_context.emplace(BuildContext::from_directory(source_fs->merged(), std::nullopt));
    ctx = &*stage_context;
  }
  std::vector<CopySource> resolved;
  if (!r.sources.empty()) resolved = resolve_sources(*ctx, r.sources, {r.excludes, r.parents});
  for (const auto& h : r.inline_sources) resolved.push_back(inline_source(h.name, h.content));
  bool downloaded = !r.downloaded.empty();
  for (auto& d : r.downloaded) resolved.push_back(std::move(d));
  if (resolved.empty() && r.sources.empty() && r.inline_sources.empty() && !downloaded) {
    throw InvalidArgumentError("no source files were specified");
  }
  Digest content = digest_sources(*ctx, resolved);
  Digest key = chain_key(s.key, {{r.is_add ? "add" : "copy", content.str()},
                                 {"from", from_identity.str()},
                                 {"dest", r.destination},
                                 {"workdir", stage_workdir(s)},
                                 {"chown", r.chown},
                                 {"chmod", r.mode.value_or(0xffffffff)},
                                 {"parents", r.parents}});
  if (auto hit = tools_.cache.find(key, s)) {
    tools_.progress.cached(step);
    s = *hit;
    return;
  }
  StepRootfs rootfs(tools_.images, tools_.scratch, s.layers, tools_.mounter);
  CopyOptions copy_options;
  if (!r.chown.empty()) copy_options.chown = resolve_chown_in_rootfs(r.chown, rootfs.merged());
  copy_options.chmod = r.mode;
  copy_options.unpack_archives = r.is_add;
  copy_into_rootfs(*ctx, resolved, {rootfs.merged(), stage_workdir(s), r.destination},
                   copy_options);
  s.key = key;
  tools_.cache.commit_layer(s, rootfs, history_text(inst, stage_shell(s)));
  tools_.progress.done(step);
  tools_.cache.store(s);
}

}  // namespace berth::build
