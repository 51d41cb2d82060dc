#include "build/dockerfile/instruction_parser.hpp"

#include <gtest/gtest.h>

#include "build/dockerfile/dockerfile.hpp"

namespace berth::build {
namespace instruction_parser_test {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

// The first instruction after "FROM base" in a one-stage Dockerfile.
Instruction parse_one(const std::string& line) {
  Dockerfile dockerfile = parse_dockerfile("FROM base\n" + line + "\n");
  EXPECT_EQ(dockerfile.stages.at(0).instructions.size(), 1u);
  return dockerfile.stages.at(0).instructions.at(0);
}

template <typename T>
T parse_as(const std::string& line) {
  Instruction instruction = parse_one(line);
  const T* body = instruction.as<T>();
  EXPECT_NE(body, nullptr) << line;
  return body ? *body : T{};
}

std::string error_of(const std::string& text) {
  try {
    parse_dockerfile(text);
  } catch (const SourceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DockerfileInstructions, KeywordsAreCaseInsensitiveAndKeepTheirLines) {
  Dockerfile dockerfile = parse_dockerfile("from base\n\nrUn echo \\\n  hi\nworkdir /app\n");
  const Stage& stage = dockerfile.stages.at(0);
  EXPECT_EQ(stage.from.keyword, "FROM");
  ASSERT_EQ(stage.instructions.size(), 2u);
  EXPECT_EQ(stage.instructions[0].keyword, "RUN");
  EXPECT_EQ(stage.instructions[0].where.line, 3);
  EXPECT_EQ(stage.instructions[0].end_line, 4);
  EXPECT_EQ(stage.instructions[0].text, "rUn echo   hi");
  EXPECT_EQ(stage.instructions[1].where.line, 5);
}

TEST(DockerfileInstructions, RunShellFormKeepsTheTextAsWritten) {
  auto run = parse_as<RunInstruction>("RUN echo \"$HOME\" && ls  -l");
  EXPECT_FALSE(run.command.exec_form);
  EXPECT_EQ(run.command.args, (Strings{"echo \"$HOME\" && ls  -l"}));
  EXPECT_EQ(run.network, NetworkMode::kDefault);
  EXPECT_TRUE(run.mounts.empty());
}

TEST(DockerfileInstructions, ExecFormIsAJsonArrayOfStrings) {
  auto run = parse_as<RunInstruction>("RUN [\"echo\", \"a b\", \"$X\"]");
  EXPECT_TRUE(run.command.exec_form);
  EXPECT_EQ(run.command.args, (Strings{"echo", "a b", "$X"}));
  auto cmd = parse_as<CmdInstruction>("CMD [ \"python\" , \"-m\", \"app\" ]");
  EXPECT_TRUE(cmd.command.exec_form);
  EXPECT_EQ(cmd.command.args, (Strings{"python", "-m", "app"}));
  auto entrypoint = parse_as<EntrypointInstruction>("ENTRYPOINT []");
  EXPECT_TRUE(entrypoint.command.exec_form);
  EXPECT_TRUE(entrypoint.command.args.empty());
}

TEST(DockerfileInstructions, InvalidJsonFallsBackToShellForm) {
  for (std::string args : {"[echo, hi]", "['echo', 'hi']", "[\"echo\" \"hi\"]", "[ oops"}) {
    auto cmd = parse_as<CmdInstruction>("CMD " + args);
    EXPECT_FALSE(cmd.command.exec_form) << args;
    EXPECT_EQ(cmd.command.args, Strings{args}) << args;
  }
}

TEST(DockerfileInstructions, JsonArrayOfNonStringsIsAnError) {
  EXPECT_EQ(error_of("FROM b\nRUN [\"a\", 1]\n"),
            "Dockerfile:2: dockerfile parse error on line 2: when using JSON array syntax, "
            "arrays must be comprised of strings only");
}

TEST(DockerfileInstructions, ShellFormCmdAndEntrypointWarn) {
  Dockerfile dockerfile = parse_dockerfile("FROM b\nCMD run it\nENTRYPOINT [\"x\"]\n");
  ASSERT_EQ(dockerfile.warnings.size(), 1u);
  EXPECT_EQ(dockerfile.warnings[0].rule, "JSONArgsRecommended");
  EXPECT_EQ(dockerfile.warnings[0].line, 2);
}

TEST(DockerfileInstructions, ShellRequiresJson) {
  EXPECT_EQ(parse_as<ShellInstruction>("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]").shell,
            (Strings{"/bin/bash", "-o", "pipefail", "-c"}));
  EXPECT_EQ(error_of("FROM b\nSHELL /bin/bash -c\n"),
            "Dockerfile:2: dockerfile parse error on line 2: SHELL requires the arguments to be "
            "in JSON form");
  EXPECT_EQ(error_of("FROM b\nSHELL []\n"),
            "Dockerfile:2: dockerfile parse error on line 2: SHELL requires at least one argument");
}

TEST(DockerfileInstructions, RunHeredocsAreAttached) {
  Dockerfile dockerfile = parse_dockerfile("FROM b\nRUN <<EOF\necho hi\nEOF\n");
  const auto* run = dockerfile.stages[0].instructions.at(0).as<RunInstruction>();
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->command.args, Strings{"<<EOF"});
  ASSERT_EQ(run->heredocs.size(), 1u);
  EXPECT_EQ(run->heredocs[0].content, "echo hi\n");
  EXPECT_EQ(dockerfile.stages[0].instructions[0].end_line, 4);
}

TEST(DockerfileInstructions, RunNetworkAndSecurity) {
  EXPECT_EQ(parse_as<RunInstruction>("RUN --network=none true").network, NetworkMode::kNone);
  EXPECT_EQ(parse_as<RunInstruction>("RUN --network=host true").network, NetworkMode::kHost);
  EXPECT_EQ(parse_as<RunInstruction>("RUN --network=default true").network, NetworkMode::kDefault);
  EXPECT_EQ(parse_as<RunInstruction>("RUN --security=sandbox true").command.args, Strings{"true"});
  EXPECT_EQ(error_of("FROM b\nRUN --network=bridge true\n"),
            "Dockerfile:2: dockerfile parse error on line 2: network mode \"bridge\" not "
            "supported");
  EXPECT_EQ(error_of("FROM b\nRUN --security=insecure true\n"),
            "Dockerfile:2: dockerfile parse error on line 2: RUN --security=insecure is not "
            "supported yet");
}

TEST(DockerfileInstructions, RunMountsAreParsed) {
  auto run = parse_as<RunInstruction>(
      "RUN --mount=type=cache,target=/root/.cache/pip --mount=type=secret,id=tok,env=TOKEN "
      "pip install x");
  ASSERT_EQ(run.mounts.size(), 2u);
  EXPECT_EQ(run.mounts[0].type, MountType::kCache);
  EXPECT_EQ(run.mounts[0].target, "/root/.cache/pip");
  EXPECT_EQ(run.mounts[1].type, MountType::kSecret);
  EXPECT_EQ(run.mounts[1].env, "TOKEN");
  EXPECT_EQ(run.command.args, Strings{"pip install x"});
}

struct FlagErrorCase {
  std::string line;
  std::string message;
};

class DockerfileFlagErrors : public ::testing::TestWithParam<FlagErrorCase> {};

TEST_P(DockerfileFlagErrors, AreReportedWithTheLine) {
  EXPECT_EQ(error_of("FROM b\n" + GetParam().line + "\n"),
            "Dockerfile:2: dockerfile parse error on line 2: " + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Flags, DockerfileFlagErrors,
    ::testing::Values(
        FlagErrorCase{"COPY --foo=bar a b", "unknown flag: --foo"},
        FlagErrorCase{"RUN --foo true", "unknown flag: --foo"},
        FlagErrorCase{"ENV --x=1 A=b", "unknown flag: --x"},
        FlagErrorCase{"COPY --from builder /a /b", "missing a value on flag: --from"},
        FlagErrorCase{"COPY --from=a --from=b x y", "duplicate flag specified: --from"},
        FlagErrorCase{"COPY --link=maybe a b",
                      "expecting boolean value for flag --link, not: maybe"},
        FlagErrorCase{"COPY --link= a b", "missing a value on flag: --link"},
        FlagErrorCase{"RUN --mount=type=bind,foo=bar true", "unexpected key 'foo' in 'foo=bar'"},
        FlagErrorCase{"RUN --mount=type=nfs true", "unsupported mount type \"nfs\""},
        FlagErrorCase{"RUN --mount=type=cache,sharing=all,target=/c true",
                      "unsupported sharing value \"all\""},
        FlagErrorCase{"RUN --mount=type=bind,mode=0755,target=/c true",
                      "mode not allowed for \"bind\" type mounts"},
        FlagErrorCase{"RUN --mount=type=ssh true", "RUN --mount=type=ssh is not supported yet"},
        FlagErrorCase{"COPY --chmod=999 a b",
                      "invalid chmod parameter: '999'. it should be octal string and between 0 "
                      "and 07777"},
        FlagErrorCase{"HEALTHCHECK --interval=abc CMD true", "time: invalid duration \"abc\""},
        FlagErrorCase{"HEALTHCHECK --interval=10 CMD true",
                      "time: missing unit in duration \"10\""},
        FlagErrorCase{"HEALTHCHECK --timeout=1ns CMD true",
                      "Interval \"timeout\" cannot be less than 1ms"},
        FlagErrorCase{"HEALTHCHECK --retries=-1 CMD true", "--retries cannot be negative (-1)"},
        FlagErrorCase{"HEALTHCHECK --retries=x CMD true",
                      "strconv.ParseInt: parsing \"x\": invalid syntax"},
        FlagErrorCase{"FROM --platform linux/amd64", "missing a value on flag: --platform"}));

TEST(DockerfileInstructions, FlagsTakeQuotesAndStopAtDoubleDash) {
  auto copy = parse_as<CopyInstruction>("COPY --chown=\"app user\":'grp' -- --weird /dst");
  EXPECT_EQ(copy.chown, "app user:grp");
  EXPECT_EQ(copy.sources, Strings{"--weird"});
  EXPECT_EQ(copy.destination, "/dst");
}

TEST(DockerfileInstructions, FromWithPlatformAndStageName) {
  Dockerfile dockerfile = parse_dockerfile("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n");
  const FromInstruction& from = dockerfile.stages.at(0).base();
  EXPECT_EQ(from.image, "golang:1.22");
  EXPECT_EQ(from.stage_name, "build");
  EXPECT_EQ(from.platform, "$BUILDPLATFORM");
  EXPECT_EQ(dockerfile.stages[0].name, "build");
}

TEST(DockerfileInstructions, FromArgumentsAreChecked) {
  EXPECT_EQ(error_of("FROM a b\n"),
            "Dockerfile:1: dockerfile parse error on line 1: FROM requires either one or three "
            "arguments");
  EXPECT_EQ(error_of("FROM a is b\n"),
            "Dockerfile:1: dockerfile parse error on line 1: FROM requires either one or three "
            "arguments");
  EXPECT_EQ(error_of("FROM a AS 1st\n"),
            "Dockerfile:1: dockerfile parse error on line 1: invalid name for build stage: "
            "\"1st\", name can't start with a number or contain symbols");
  EXPECT_EQ(error_of("FROM a AS b@d\n"),
            "Dockerfile:1: dockerfile parse error on line 1: invalid name for build stage: "
            "\"b@d\", name can't start with a number or contain symbols");
}

TEST(DockerfileInstructions, LabelPairsKeepQuotesUntilExpanded) {
  auto label = parse_as<LabelInstruction>(
      "LABEL version=\"1.0\" description=\"a b\" multi.label=x other='y z'");
  ASSERT_EQ(label.labels.size(), 4u);
  EXPECT_EQ(label.labels[0].key, "version");
  EXPECT_EQ(label.labels[0].value, "\"1.0\"");
  EXPECT_EQ(label.labels[1].value, "\"a b\"");
  EXPECT_EQ(label.labels[2].key, "multi.label");
  EXPECT_EQ(label.labels[3].value, "'y z'");
  auto legacy = parse_as<LabelInstruction>("LABEL key some value");
  ASSERT_EQ(legacy.labels.size(), 1u);
  EXPECT_EQ(legacy.labels[0].value, "some value");
}

TEST(DockerfileInstructions, EnvLegacyAndPairForms) {
  auto legacy = parse_as<EnvInstruction>("ENV PATH /usr/local/bin:$PATH");
  ASSERT_EQ(legacy.variables.size(), 1u);
  EXPECT_EQ(legacy.variables[0].key, "PATH");
  EXPECT_EQ(legacy.variables[0].value, "/usr/local/bin:$PATH");
  auto pairs = parse_as<EnvInstruction>("ENV A=1 B=\"two words\" C=a\\ b D=");
  ASSERT_EQ(pairs.variables.size(), 4u);
  EXPECT_EQ(pairs.variables[1].value, "\"two words\"");
  EXPECT_EQ(pairs.variables[2].value, "a\\ b");
  EXPECT_EQ(pairs.variables[3].value, "");
}

TEST(DockerfileInstructions, EnvErrors) {
  EXPECT_EQ(error_of("FROM b\nENV A\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ENV must have two arguments");
  EXPECT_EQ(error_of("FROM b\nENV =x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ENV names can not be blank");
  EXPECT_EQ(error_of("FROM b\nENV\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ENV requires at least one argument");
  EXPECT_EQ(error_of("FROM b\nENV A=1 B\n"),
            "Dockerfile:2: dockerfile parse error on line 2: Syntax error - can't find = in "
            "\"B\". Must be of the form: name=value");
  EXPECT_EQ(error_of("FROM b\nLABEL =x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: LABEL names can not be blank");
}

TEST(DockerfileInstructions, ExposeKeepsEachPort) {
  EXPECT_EQ(parse_as<ExposeInstruction>("EXPOSE 80 443/tcp 53/udp 8000-8010").ports,
            (Strings{"80", "443/tcp", "53/udp", "8000-8010"}));
  EXPECT_EQ(error_of("FROM b\nEXPOSE\n"),
            "Dockerfile:2: dockerfile parse error on line 2: EXPOSE requires at least one "
            "argument");
}

TEST(DockerfileInstructions, AddWithEveryFlag) {
  auto add = parse_as<AddInstruction>(
      "ADD --chown=1000:1000 --chmod=0640 --checksum=sha256:abc --keep-git-dir --link "
      "--exclude=*.md --exclude=.git --unpack=false https://x/a.tar.gz b.txt /dst/");
  EXPECT_EQ(add.sources, (Strings{"https://x/a.tar.gz", "b.txt"}));
  EXPECT_EQ(add.destination, "/dst/");
  EXPECT_EQ(add.chown, "1000:1000");
  EXPECT_EQ(add.chmod, "0640");
  EXPECT_EQ(add.mode, 0640u);
  EXPECT_EQ(add.checksum, "sha256:abc");
  EXPECT_TRUE(add.keep_git_dir);
  EXPECT_TRUE(add.link);
  EXPECT_EQ(add.excludes, (Strings{"*.md", ".git"}));
  EXPECT_EQ(add.unpack, false);
  EXPECT_FALSE(parse_as<AddInstruction>("ADD a b").unpack.has_value());
}

TEST(DockerfileInstructions, CopyWithEveryFlag) {
  auto copy = parse_as<CopyInstruction>(
      "COPY --from=build --chown=app --chmod=755 --link --parents --exclude=tmp ./a ./b /dst");
  EXPECT_EQ(copy.from, "build");
  EXPECT_EQ(copy.chown, "app");
  EXPECT_EQ(copy.mode, 0755u);
  EXPECT_TRUE(copy.link);
  EXPECT_TRUE(copy.parents);
  EXPECT_EQ(copy.excludes, Strings{"tmp"});
  EXPECT_EQ(copy.sources, (Strings{"./a", "./b"}));
  auto plain = parse_as<CopyInstruction>("COPY --link=false a b");
  EXPECT_FALSE(plain.link);
  EXPECT_FALSE(plain.mode.has_value());
  // A variable in --chmod is only known while building.
  auto later = parse_as<CopyInstruction>("COPY --chmod=$MODE a b");
  EXPECT_EQ(later.chmod, "$MODE");
  EXPECT_FALSE(later.mode.has_value());
}

TEST(DockerfileInstructions, CopyJsonFormKeepsSpacesInPaths) {
  auto copy = parse_as<CopyInstruction>("COPY [\"my file.txt\", \"/dst dir/\"]");
  EXPECT_EQ(copy.sources, Strings{"my file.txt"});
  EXPECT_EQ(copy.destination, "/dst dir/");
}

TEST(DockerfileInstructions, CopyHeredocsBecomeInlineFiles) {
  Dockerfile dockerfile = parse_dockerfile(
      "FROM b\nCOPY <<one.txt <<\"two.txt\" /dst/\nhello $NAME\none.txt\nraw $NAME\ntwo.txt\n");
  const auto* copy = dockerfile.stages[0].instructions.at(0).as<CopyInstruction>();
  ASSERT_NE(copy, nullptr);
  EXPECT_TRUE(copy->sources.empty());
  ASSERT_EQ(copy->inline_sources.size(), 2u);
  EXPECT_EQ(copy->inline_sources[0].name, "one.txt");
  EXPECT_EQ(copy->inline_sources[0].content, "hello $NAME\n");
  EXPECT_TRUE(copy->inline_sources[0].expand);
  EXPECT_EQ(copy->inline_sources[1].name, "two.txt");
  EXPECT_FALSE(copy->inline_sources[1].expand);
  EXPECT_EQ(copy->destination, "/dst/");
  EXPECT_EQ(error_of("FROM b\nCOPY a <<EOF\nx\nEOF\n"),
            "Dockerfile:2: dockerfile parse error on line 2: COPY cannot accept a heredoc as a "
            "destination");
}

TEST(DockerfileInstructions, CopyNeedsADestination) {
  EXPECT_EQ(error_of("FROM b\nCOPY onlyone\n"),
            "Dockerfile:2: dockerfile parse error on line 2: COPY requires at least two "
            "arguments, but only one was provided. Destination could not be determined");
  EXPECT_EQ(error_of("FROM b\nADD onlyone\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ADD requires at least two "
            "arguments, but only one was provided. Destination could not be determined");
}

TEST(DockerfileInstructions, VolumeJsonOrList) {
  EXPECT_EQ(parse_as<VolumeInstruction>("VOLUME /data /logs").paths, (Strings{"/data", "/logs"}));
  EXPECT_EQ(parse_as<VolumeInstruction>("VOLUME [\"/data\", \"/my logs\"]").paths,
            (Strings{"/data", "/my logs"}));
  EXPECT_EQ(error_of("FROM b\nVOLUME [\" \"]\n"),
            "Dockerfile:2: dockerfile parse error on line 2: VOLUME specified can not be an "
            "empty string");
}

TEST(DockerfileInstructions, SingleArgumentInstructions) {
  EXPECT_EQ(parse_as<UserInstruction>("USER app:staff").user, "app:staff");
  EXPECT_EQ(parse_as<WorkdirInstruction>("WORKDIR /my app").path, "/my app");
  EXPECT_EQ(parse_as<StopSignalInstruction>("STOPSIGNAL SIGINT").signal, "SIGINT");
  EXPECT_EQ(parse_as<MaintainerInstruction>("MAINTAINER Jane <j@x>").name, "Jane <j@x>");
  for (const char* keyword : {"USER", "WORKDIR", "STOPSIGNAL", "MAINTAINER"}) {
    EXPECT_EQ(error_of(std::string("FROM b\n") + keyword + "\n"),
              std::string("Dockerfile:2: dockerfile parse error on line 2: ") + keyword +
                  " requires exactly one argument");
  }
}

TEST(DockerfileInstructions, MaintainerIsDeprecated) {
  Dockerfile dockerfile = parse_dockerfile("FROM b\nMAINTAINER me\n");
  ASSERT_EQ(dockerfile.warnings.size(), 1u);
  EXPECT_EQ(dockerfile.warnings[0].rule, "MaintainerDeprecated");
}

TEST(DockerfileInstructions, ArgNamesAndDefaults) {
  auto arg = parse_as<ArgInstruction>("ARG A B=2 C= D=\"x y\"");
  ASSERT_EQ(arg.args.size(), 4u);
  EXPECT_EQ(arg.args[0].name, "A");
  EXPECT_FALSE(arg.args[0].default_value.has_value());
  EXPECT_EQ(arg.args[1].default_value, "2");
  EXPECT_EQ(arg.args[2].default_value, "");
  EXPECT_EQ(arg.args[3].default_value, "\"x y\"");
  EXPECT_EQ(error_of("FROM b\nARG =x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ARG names can not be blank");
  EXPECT_EQ(error_of("FROM b\nARG\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ARG requires at least one argument");
}

TEST(DockerfileInstructions, HealthcheckCmdAndNone) {
  auto none = parse_as<HealthcheckInstruction>("HEALTHCHECK NONE");
  EXPECT_TRUE(none.disabled);
  EXPECT_EQ(none.test, Strings{"NONE"});
  auto shell = parse_as<HealthcheckInstruction>(
      "HEALTHCHECK --interval=30s --timeout=1m30s --start-period=1.5s --start-interval=500ms "
      "--retries=3 CMD curl -f http://localhost/ || exit 1");
  EXPECT_FALSE(shell.disabled);
  EXPECT_EQ(shell.test, (Strings{"CMD-SHELL", "curl -f http://localhost/ || exit 1"}));
  EXPECT_EQ(shell.interval, 30s);
  EXPECT_EQ(shell.timeout, 90s);
  EXPECT_EQ(shell.start_period, 1500ms);
  EXPECT_EQ(shell.start_interval, 500ms);
  EXPECT_EQ(shell.retries, 3);
  auto exec = parse_as<HealthcheckInstruction>("HEALTHCHECK cmd [\"/bin/check\", \"-q\"]");
  EXPECT_EQ(exec.test, (Strings{"CMD", "/bin/check", "-q"}));
  EXPECT_EQ(exec.interval, 0s);
}

TEST(DockerfileInstructions, HealthcheckErrors) {
  EXPECT_EQ(error_of("FROM b\nHEALTHCHECK NONE x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments");
  EXPECT_EQ(error_of("FROM b\nHEALTHCHECK RUN x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: Unknown type \"RUN\" in HEALTHCHECK "
            "(try CMD)");
  EXPECT_EQ(error_of("FROM b\nHEALTHCHECK CMD\n"),
            "Dockerfile:2: dockerfile parse error on line 2: Missing command after HEALTHCHECK "
            "CMD");
  EXPECT_EQ(error_of("FROM b\nHEALTHCHECK --foo=1 CMD x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: unknown flag: --foo");
}

TEST(DockerfileInstructions, OnbuildWrapsAnotherInstruction) {
  Instruction instruction = parse_one("ONBUILD  RUN --mount=type=cache,target=/c make");
  const auto* onbuild = instruction.as<OnbuildInstruction>();
  ASSERT_NE(onbuild, nullptr);
  EXPECT_EQ(onbuild->expression, "RUN --mount=type=cache,target=/c make");
  ASSERT_NE(onbuild->trigger, nullptr);
  const auto* run = onbuild->trigger->as<RunInstruction>();
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->mounts.at(0).target, "/c");

  Dockerfile heredoc = parse_dockerfile("FROM b\nonbuild COPY <<EOF /f\nhi\nEOF\n");
  const auto* with_body = heredoc.stages[0].instructions.at(0).as<OnbuildInstruction>();
  ASSERT_NE(with_body, nullptr);
  EXPECT_EQ(with_body->expression, "COPY <<EOF /f\nhi\nEOF");
  EXPECT_EQ(with_body->trigger->as<CopyInstruction>()->inline_sources.at(0).content, "hi\n");
}

TEST(DockerfileInstructions, OnbuildRefusesOnbuildFromAndMaintainer) {
  EXPECT_EQ(error_of("FROM b\nONBUILD ONBUILD RUN x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD "
            "ONBUILD` isn't allowed");
  EXPECT_EQ(error_of("FROM b\nONBUILD from x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD "
            "trigger");
  EXPECT_EQ(error_of("FROM b\nONBUILD MAINTAINER x\n"),
            "Dockerfile:2: dockerfile parse error on line 2: MAINTAINER isn't allowed as an "
            "ONBUILD trigger");
  EXPECT_EQ(error_of("FROM b\nONBUILD\n"),
            "Dockerfile:2: dockerfile parse error on line 2: ONBUILD requires at least one "
            "argument");
}

TEST(DockerfileInstructions, UnknownInstruction) {
  EXPECT_EQ(error_of("FROM b\n\nFOO bar\n"),
            "Dockerfile:3: dockerfile parse error on line 3: unknown instruction: FOO");
  try {
    parse_dockerfile("FROM b\nFOO bar\n", "sub/Dockerfile.dev");
    FAIL();
  } catch (const SourceError& e) {
    EXPECT_EQ(e.where().file, "sub/Dockerfile.dev");
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.detail(), "dockerfile parse error on line 2: unknown instruction: FOO");
  }
}

}  // namespace instruction_parser_test
}  // namespace berth::build
