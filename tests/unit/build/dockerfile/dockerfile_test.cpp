#include "build/dockerfile/dockerfile.hpp"

#include <gtest/gtest.h>

#include "build/dockerfile/exposed_port.hpp"

namespace berth::build {
namespace dockerfile_test {

using Strings = std::vector<std::string>;

std::string error_of(std::string_view text) {
  try {
    parse_dockerfile(text);
  } catch (const SourceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DockerfileStages, GlobalArgsAndStagesInOrder) {
  Dockerfile dockerfile = parse_dockerfile(
      "# syntax=docker/dockerfile:1\n"
      "ARG PY=3.11\n"
      "ARG BASE=python:${PY}-slim\n"
      "FROM ${BASE} AS Builder\n"
      "RUN pip wheel .\n"
      "FROM ${BASE}\n"
      "COPY --from=builder /w /w\n"
      "CMD [\"python\"]\n");
  EXPECT_EQ(dockerfile.directives.syntax, "docker/dockerfile:1");
  ASSERT_EQ(dockerfile.global_args.size(), 2u);
  ASSERT_EQ(dockerfile.stages.size(), 2u);
  EXPECT_EQ(dockerfile.stages[0].name, "builder");
  EXPECT_EQ(dockerfile.stages[0].index, 0u);
  EXPECT_EQ(dockerfile.stages[0].instructions.size(), 1u);
  EXPECT_EQ(dockerfile.stages[1].name, "");
  EXPECT_EQ(dockerfile.stages[1].instructions.size(), 2u);
  EXPECT_EQ(dockerfile.stages[1].from.where.line, 6);

  EXPECT_EQ(dockerfile.find_stage("BUILDER"), &dockerfile.stages[0]);
  EXPECT_EQ(dockerfile.find_stage("1"), &dockerfile.stages[1]);
  EXPECT_EQ(dockerfile.find_stage("2"), nullptr);
  EXPECT_EQ(dockerfile.find_stage("nope"), nullptr);
}

TEST(DockerfileStages, GlobalArgValuesExpandFrom) {
  Dockerfile dockerfile = parse_dockerfile(
      "ARG PY=3.11\nARG BASE=python:${PY}-slim\nARG UNSET\nFROM ${BASE}\nFROM other\n");
  auto defaults = global_arg_values(dockerfile, {});
  EXPECT_EQ(defaults.at("BASE"), "python:3.11-slim");
  EXPECT_FALSE(defaults.contains("UNSET"));
  Instruction from = expanded(dockerfile.stages[0].from, lookup_in(defaults), dockerfile.escape);
  EXPECT_EQ(from.as<FromInstruction>()->image, "python:3.11-slim");

  auto overridden = global_arg_values(dockerfile, {{"PY", "3.12"}, {"UNDECLARED", "x"}});
  EXPECT_EQ(overridden.at("BASE"), "python:3.12-slim");
  EXPECT_FALSE(overridden.contains("UNDECLARED"));
}

TEST(DockerfileStages, TypicalSpacesDockerfile) {
  Dockerfile dockerfile = parse_dockerfile(
      "FROM python:3.11-slim\n"
      "RUN useradd -m -u 1000 user\n"
      "USER user\n"
      "ENV HOME=/home/user \\\n"
      "    PATH=/home/user/.local/bin:$PATH\n"
      "WORKDIR $HOME/app\n"
      "COPY --chown=user requirements.txt .\n"
      "RUN --mount=type=secret,id=HF_TOKEN,mode=0444,required=true \\\n"
      "    pip install --no-cache-dir -r requirements.txt\n"
      "COPY --chown=user . $HOME/app\n"
      "EXPOSE 7860\n"
      "CMD [\"python\", \"app.py\"]\n");
  ASSERT_EQ(dockerfile.stages.size(), 1u);
  const Stage& stage = dockerfile.stages[0];
  ASSERT_EQ(stage.instructions.size(), 9u);
  const auto* env = stage.instructions[2].as<EnvInstruction>();
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(env->variables.at(1).key, "PATH");
  EXPECT_EQ(env->variables.at(1).value, "/home/user/.local/bin:$PATH");
  const auto* run = stage.instructions[5].as<RunInstruction>();
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(stage.instructions[5].where.line, 8);
  EXPECT_EQ(stage.instructions[5].end_line, 9);
  EXPECT_EQ(run->mounts.at(0).id, "HF_TOKEN");
  EXPECT_TRUE(run->mounts.at(0).required);
  EXPECT_EQ(run->mounts.at(0).target, "/run/secrets/HF_TOKEN");
  EXPECT_EQ(run->command.args, Strings{"pip install --no-cache-dir -r requirements.txt"});
  EXPECT_TRUE(dockerfile.warnings.empty());
}

TEST(DockerfileStages, ReferencesAndResolution) {
  Dockerfile dockerfile = parse_dockerfile(
      "FROM alpine AS deps\n"
      "FROM deps AS build\n"
      "RUN --mount=type=bind,from=deps,target=/d --mount=type=cache,target=/c make\n"
      "FROM scratch\n"
      "COPY --from=build /out /\n"
      "COPY --from=0 /etc/passwd /etc/\n"
      "COPY --from=nginx:latest /etc/nginx /etc/nginx\n");
  std::vector<StageReference> refs = dockerfile.references();
  ASSERT_EQ(refs.size(), 7u);
  EXPECT_EQ(refs[0].kind, StageReference::Kind::kFrom);
  EXPECT_EQ(refs[0].name, "alpine");
  EXPECT_EQ(refs[2].kind, StageReference::Kind::kMountFrom);
  EXPECT_EQ(refs[2].name, "deps");
  EXPECT_EQ(refs[2].stage, 1u);
  EXPECT_EQ(refs[2].where.line, 3);
  EXPECT_EQ(refs[4].kind, StageReference::Kind::kCopyFrom);
  EXPECT_EQ(refs[4].name, "build");

  EXPECT_EQ(resolve_base(dockerfile, 0, "alpine").kind, SourceRef::Kind::kImage);
  SourceRef deps = resolve_base(dockerfile, 1, "deps");
  EXPECT_EQ(deps.kind, SourceRef::Kind::kStage);
  EXPECT_EQ(deps.stage, 0u);
  EXPECT_EQ(resolve_base(dockerfile, 2, "scratch").kind, SourceRef::Kind::kScratch);
  // FROM only sees earlier stages.
  EXPECT_EQ(resolve_base(dockerfile, 0, "build").kind, SourceRef::Kind::kImage);

  SourceLocation at{"Dockerfile", 5};
  EXPECT_EQ(resolve_from_flag(dockerfile, 2, "build", at).stage, 1u);
  EXPECT_EQ(resolve_from_flag(dockerfile, 2, "0", at).stage, 0u);
  SourceRef image = resolve_from_flag(dockerfile, 2, "nginx:latest", at);
  EXPECT_EQ(image.kind, SourceRef::Kind::kImage);
  EXPECT_EQ(image.image, "nginx:latest");
}

TEST(DockerfileStages, Errors) {
  EXPECT_EQ(error_of(""), "Dockerfile: the Dockerfile cannot be empty");
  EXPECT_EQ(error_of("# just a comment\n\n"), "Dockerfile: file with no instructions");
  EXPECT_EQ(error_of("ARG A=1\n"), "Dockerfile: dockerfile contains no stages to build");
  EXPECT_EQ(error_of("ARG A\nRUN echo\nFROM x\n"),
            "Dockerfile:2: no build stage in current context");
  EXPECT_EQ(error_of("FROM a AS one\nFROM b AS ONE\n"),
            "Dockerfile:2: duplicate stage name \"one\"");
  EXPECT_EQ(error_of("FROM a\nCOPY --from=3 /a /b\n"), "Dockerfile:2: invalid stage index 3");
  EXPECT_EQ(error_of("FROM a AS me\nCOPY --from=me /a /b\n"),
            "Dockerfile:2: circular dependency detected on stage: me");
}

VariableLookup env_of(const std::map<std::string, std::string>& vars) {
  return lookup_in(vars);
}

TEST(DockerfileExpansion, ExpandsWhatDockerExpands) {
  Dockerfile dockerfile = parse_dockerfile(
      "FROM b\n"
      "ENV A=\"x y\" B=${HOME}/bin C='$HOME'\n"
      "LABEL \"com.$ORG.v\"=\"${V:-1}\"\n"
      "WORKDIR $HOME/app\n"
      "USER ${U}:${G:-staff}\n"
      "VOLUME $HOME/data /b\n"
      "STOPSIGNAL $SIG\n"
      "EXPOSE $PORT ${PORTS} 53/udp\n"
      "ARG X=$HOME Y\n"
      "COPY --chown=$U --chmod=$MODE --exclude=$EX src/$F $HOME/dst/\n"
      "ADD --checksum=$SUM $URL /dl/\n"
      "RUN --mount=type=cache,target=$HOME/.cache,id=$ID echo $HOME\n"
      "CMD echo $HOME\n");
  std::map<std::string, std::string> vars = {
      {"HOME", "/root"}, {"ORG", "acme"},      {"U", "app"},           {"SIG", "SIGINT"},
      {"PORT", "8080"},  {"PORTS", "1 2"},     {"MODE", "640"},        {"EX", "*.pyc"},
      {"F", "main.py"},  {"SUM", "sha256:00"}, {"URL", "https://e/x"}, {"ID", "pip"}};
  std::vector<Instruction> out;
  for (const Instruction& i : dockerfile.stages[0].instructions) {
    out.push_back(expanded(i, env_of(vars), dockerfile.escape));
  }
  const auto& env = out[0].as<EnvInstruction>()->variables;
  EXPECT_EQ(env[0].value, "x y");
  EXPECT_EQ(env[1].value, "/root/bin");
  EXPECT_EQ(env[2].value, "$HOME");
  const auto& label = out[1].as<LabelInstruction>()->labels.at(0);
  EXPECT_EQ(label.key, "com.acme.v");
  EXPECT_EQ(label.value, "1");
  EXPECT_EQ(out[2].as<WorkdirInstruction>()->path, "/root/app");
  EXPECT_EQ(out[3].as<UserInstruction>()->user, "app:staff");
  EXPECT_EQ(out[4].as<VolumeInstruction>()->paths, (Strings{"/root/data", "/b"}));
  EXPECT_EQ(out[5].as<StopSignalInstruction>()->signal, "SIGINT");
  EXPECT_EQ(out[6].as<ExposeInstruction>()->ports, (Strings{"8080", "1", "2", "53/udp"}));
  const auto& arg = out[7].as<ArgInstruction>()->args;
  EXPECT_EQ(arg[0].default_value, "/root");
  EXPECT_FALSE(arg[1].default_value.has_value());
  const auto* copy = out[8].as<CopyInstruction>();
  EXPECT_EQ(copy->chown, "app");
  EXPECT_EQ(copy->mode, 0640u);
  EXPECT_EQ(copy->excludes, Strings{"*.pyc"});
  EXPECT_EQ(copy->sources, Strings{"src/main.py"});
  EXPECT_EQ(copy->destination, "/root/dst/");
  const auto* add = out[9].as<AddInstruction>();
  EXPECT_EQ(add->checksum, "sha256:00");
  EXPECT_EQ(add->sources, Strings{"https://e/x"});
  const auto* run = out[10].as<RunInstruction>();
  EXPECT_EQ(run->mounts.at(0).target, "/root/.cache");
  EXPECT_EQ(run->mounts.at(0).id, "pip");
  EXPECT_EQ(run->command.args, Strings{"echo $HOME"}) << "the shell expands RUN, not the builder";
  EXPECT_EQ(out[11].as<CmdInstruction>()->command.args, Strings{"echo $HOME"});
}

TEST(DockerfileExpansion, HeredocBodiesOfCopyFollowTheirDelimiterQuoting) {
  Dockerfile dockerfile =
      parse_dockerfile("FROM b\nCOPY <<A <<'B' /d/\necho \"$X\"\nA\necho \"$X\"\nB\n");
  Instruction out = expanded(dockerfile.stages[0].instructions[0], env_of({{"X", "1"}}));
  const auto& files = out.as<CopyInstruction>()->inline_sources;
  EXPECT_EQ(files.at(0).content, "echo \"1\"\n");
  EXPECT_EQ(files.at(1).content, "echo \"$X\"\n");
}

TEST(DockerfileExpansion, BacktickEscapeFromTheDirective) {
  Dockerfile dockerfile =
      parse_dockerfile("# escape=`\nFROM b\nWORKDIR C:\\app\\`$X\nENV P=C:\\$X\n");
  EXPECT_EQ(dockerfile.escape, '`');
  std::map<std::string, std::string> vars = {{"X", "y"}};
  Instruction workdir = expanded(dockerfile.stages[0].instructions[0], env_of(vars), '`');
  EXPECT_EQ(workdir.as<WorkdirInstruction>()->path, "C:\\app\\$X");
  Instruction env = expanded(dockerfile.stages[0].instructions[1], env_of(vars), '`');
  EXPECT_EQ(env.as<EnvInstruction>()->variables[0].value, "C:\\y");
}

TEST(DockerfileExpansion, ErrorsNameTheInstructionsLine) {
  Dockerfile dockerfile = parse_dockerfile(
      "FROM b\nWORKDIR ${DIR:?set DIR}\nCOPY --chmod=$M a b\nEXPOSE $P\n"
      "RUN --mount=type=cache,target=/c,mode=$M true\n");
  auto fails = [&](std::size_t i, const std::map<std::string, std::string>& vars) {
    try {
      expanded(dockerfile.stages[0].instructions.at(i), env_of(vars));
    } catch (const SourceError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(fails(0, {}), "Dockerfile:2: failed to process \"${DIR:?set DIR}\": DIR: set DIR");
  EXPECT_EQ(fails(1, {{"M", "rwx"}}),
            "Dockerfile:3: invalid chmod parameter: 'rwx'. it should be octal string and between 0 "
            "and 07777");
  EXPECT_EQ(fails(2, {{"P", "http"}}), "Dockerfile:4: invalid containerPort: http");
  EXPECT_EQ(fails(3, {{"M", "9"}}), "Dockerfile:5: invalid value 9 for mode");
}

TEST(DockerfileExposedPort, PortsRangesAndProtocols) {
  ExposedPort single = parse_exposed_port("80");
  EXPECT_EQ(single.first, 80);
  EXPECT_EQ(single.last, 80);
  EXPECT_EQ(single.protocol, "tcp");
  ExposedPort range = parse_exposed_port("8000-8010/UDP");
  EXPECT_EQ(range.first, 8000);
  EXPECT_EQ(range.last, 8010);
  EXPECT_EQ(range.protocol, "udp");
  EXPECT_EQ(parse_exposed_port("9/sctp").protocol, "sctp");
  EXPECT_THROW(parse_exposed_port("70000"), InvalidArgumentError);
  EXPECT_THROW(parse_exposed_port("10-5"), InvalidArgumentError);
  EXPECT_THROW(parse_exposed_port("80/icmp"), InvalidArgumentError);
}

}  // namespace dockerfile_test
}  // namespace berth::build
