#include "build/dockerfile/logical_lines.hpp"

#include <gtest/gtest.h>

namespace berth::build {
namespace logical_lines_test {

LogicalLines read(std::string_view text) {
  return read_logical_lines(text, "Dockerfile");
}

std::vector<std::string> texts(const LogicalLines& lines) {
  std::vector<std::string> out;
  for (const LogicalLine& line : lines.lines) out.push_back(line.text);
  return out;
}

std::string error_of(std::string_view text) {
  try {
    read(text);
  } catch (const SourceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DockerfileDirectives, RecordsSyntaxEscapeAndCheck) {
  LogicalLines lines = read("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM x\n");
  EXPECT_EQ(lines.directives.syntax, "docker/dockerfile:1");
  EXPECT_EQ(lines.directives.syntax_line, 1);
  EXPECT_EQ(lines.directives.escape, "`");
  EXPECT_EQ(lines.directives.check, "skip=all");
  EXPECT_EQ(lines.escape, '`');
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"FROM x"}));
}

TEST(DockerfileDirectives, KeysAreCaseInsensitiveAndSpacesAllowed) {
  LogicalLines lines = read("#  SYNTAX = foo/bar \n  #Escape=`\nFROM x\n");
  EXPECT_EQ(lines.directives.syntax, "foo/bar");
  EXPECT_EQ(lines.escape, '`');
}

TEST(DockerfileDirectives, OnlyBeforeAnyCommentBlankLineOrInstruction) {
  EXPECT_FALSE(read("# hello\n# escape=`\nFROM x\n").directives.escape);
  EXPECT_FALSE(read("\n# escape=`\nFROM x\n").directives.escape);
  EXPECT_FALSE(read("FROM x\n# escape=`\n").directives.escape);
  // An unknown directive is a comment, and so ends the directives.
  EXPECT_FALSE(read("# foo=bar\n# escape=`\nFROM x\n").directives.escape);
}

TEST(DockerfileDirectives, EachOnlyOnceAndEscapeMustBeBackslashOrBacktick) {
  EXPECT_EQ(error_of("# escape=\\\n# ESCAPE=`\nFROM x\n"),
            "Dockerfile:2: only one escape parser directive can be used");
  EXPECT_EQ(error_of("# escape=x\nFROM x\n"),
            "Dockerfile:1: invalid escape token 'x' does not match ` or \\");
}

TEST(DockerfileLines, ContinuationsKeepTheIndentOfFollowingLines) {
  LogicalLines lines = read("FROM x\nRUN a \\\n  b \\\n\tc\n");
  ASSERT_EQ(lines.lines.size(), 2u);
  EXPECT_EQ(lines.lines[1].text, "RUN a   b \tc");
  EXPECT_EQ(lines.lines[1].start_line, 2);
  EXPECT_EQ(lines.lines[1].end_line, 4);
}

TEST(DockerfileLines, CommentsInsideContinuationsAreDroppedAndEmptyLinesWarned) {
  LogicalLines lines = read("RUN a \\\n  # a comment\n\n  b\nRUN c\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"RUN a   b", "RUN c"}));
  EXPECT_EQ(lines.lines[0].end_line, 4);
  EXPECT_EQ(lines.lines[1].start_line, 5);
  ASSERT_EQ(lines.warnings.size(), 1u);
  EXPECT_EQ(lines.warnings[0].rule, "NoEmptyContinuation");
  EXPECT_EQ(lines.warnings[0].line, 4);
  EXPECT_EQ(lines.warnings[0].message, "Empty continuation line found in: RUN a   b");
}

TEST(DockerfileLines, CommentLinesOnlyNoWarning) {
  LogicalLines lines = read("RUN a \\\n# one\n# two\n b\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"RUN a  b"}));
  EXPECT_TRUE(lines.warnings.empty());
}

TEST(DockerfileLines, HashInsideAnInstructionIsNotAComment) {
  EXPECT_EQ(texts(read("RUN echo a # b\n")), (std::vector<std::string>{"RUN echo a # b"}));
}

TEST(DockerfileLines, BacktickContinuesWithEscapeDirective) {
  LogicalLines lines = read("# escape=`\nFROM x\nRUN dir c:\\ `\n  /w\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"FROM x", "RUN dir c:\\   /w"}));
}

TEST(DockerfileLines, EscapedEscapeAtEndDoesNotContinue) {
  EXPECT_EQ(texts(read("RUN echo \\\\\nRUN b\n")),
            (std::vector<std::string>{"RUN echo \\\\", "RUN b"}));
}

TEST(DockerfileLines, TrailingBlanksAfterTheEscapeStillContinue) {
  EXPECT_EQ(texts(read("RUN a \\  \t\n b\n")), (std::vector<std::string>{"RUN a  b"}));
}

TEST(DockerfileLines, ByteOrderMarkCrlfAndIndentedCommentsAreHandled) {
  LogicalLines lines = read("\xEF\xBB\xBF# syntax=x\r\n  # note\r\nFROM a\r\nRUN b \\\r\n c\r\n");
  EXPECT_EQ(lines.directives.syntax, "x");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"FROM a", "RUN b  c"}));
}

TEST(DockerfileHeredocs, BodyEndsAtTheDelimiterLine) {
  LogicalLines lines = read("FROM x\nRUN <<EOF\nline1\n  line2\nEOF\nRUN next\n");
  ASSERT_EQ(lines.lines.size(), 3u);
  const LogicalLine& run = lines.lines[1];
  ASSERT_EQ(run.heredocs.size(), 1u);
  EXPECT_EQ(run.heredocs[0].name, "EOF");
  EXPECT_EQ(run.heredocs[0].content, "line1\n  line2\n");
  EXPECT_TRUE(run.heredocs[0].expand);
  EXPECT_FALSE(run.heredocs[0].strip_tabs);
  EXPECT_EQ(run.start_line, 2);
  EXPECT_EQ(run.end_line, 5);
  EXPECT_EQ(lines.lines[2].start_line, 6);
}

TEST(DockerfileHeredocs, DashStripsLeadingTabsFromBodyAndDelimiter) {
  LogicalLines lines = read("RUN <<-EOT\n\tone\n\t\ttwo\n  three\n\tEOT\n");
  const Heredoc& heredoc = lines.lines[0].heredocs.at(0);
  EXPECT_TRUE(heredoc.strip_tabs);
  EXPECT_EQ(heredoc.content, "one\ntwo\n  three\n");
}

TEST(DockerfileHeredocs, QuotedDelimitersTurnExpansionOff) {
  for (const char* text :
       {"RUN <<\"EOF\"\n$A\nEOF\n", "RUN <<'EOF'\n$A\nEOF\n", "RUN <<E\"OF\"\n$A\nEOF\n"}) {
    LogicalLines lines = read(text);
    ASSERT_EQ(lines.lines[0].heredocs.size(), 1u) << text;
    EXPECT_EQ(lines.lines[0].heredocs[0].name, "EOF") << text;
    EXPECT_FALSE(lines.lines[0].heredocs[0].expand) << text;
    EXPECT_EQ(lines.lines[0].heredocs[0].content, "$A\n") << text;
  }
}

TEST(DockerfileHeredocs, SeveralOnOneLineAreReadInOrder) {
  LogicalLines lines = read("RUN <<A cat /dev/stdin - <<B\na\nA\nb1\nb2\nB\nRUN next\n");
  ASSERT_EQ(lines.lines.size(), 2u);
  ASSERT_EQ(lines.lines[0].heredocs.size(), 2u);
  EXPECT_EQ(lines.lines[0].heredocs[0].name, "A");
  EXPECT_EQ(lines.lines[0].heredocs[0].content, "a\n");
  EXPECT_EQ(lines.lines[0].heredocs[1].name, "B");
  EXPECT_EQ(lines.lines[0].heredocs[1].content, "b1\nb2\n");
  EXPECT_EQ(lines.lines[1].start_line, 7);
}

TEST(DockerfileHeredocs, FileDescriptorAndRedirections) {
  LogicalLines lines = read("RUN 3<<EOF cat /dev/fd/3 > /out\nx\nEOF\n");
  ASSERT_EQ(lines.lines[0].heredocs.size(), 1u);
  EXPECT_EQ(lines.lines[0].heredocs[0].fd, 3);
}

TEST(DockerfileHeredocs, CopyAddAndOnbuildTakeThem) {
  for (const char* text : {"COPY <<EOF /f\nhi\nEOF\n", "ADD <<EOF /f\nhi\nEOF\n",
                           "copy <<EOF /f\nhi\nEOF\n", "ONBUILD RUN <<EOF\nhi\nEOF\n"}) {
    LogicalLines lines = read(text);
    ASSERT_EQ(lines.lines.size(), 1u) << text;
    ASSERT_EQ(lines.lines[0].heredocs.size(), 1u) << text;
    EXPECT_EQ(lines.lines[0].heredocs[0].content, "hi\n") << text;
  }
}

TEST(DockerfileHeredocs, OtherInstructionsAndExecFormDoNot) {
  EXPECT_EQ(read("LABEL a=<<EOF\nRUN x\n").lines.size(), 2u);
  EXPECT_EQ(read("ENV A <<EOF\nRUN x\n").lines.size(), 2u);
  LogicalLines exec = read("RUN [\"cat\", \"<<EOF\"]\nRUN x\n");
  EXPECT_EQ(exec.lines.size(), 2u);
  EXPECT_TRUE(exec.lines[0].heredocs.empty());
  // Inside quotes "<<" is not a heredoc.
  EXPECT_TRUE(read("RUN echo '<<EOF'\n").lines[0].heredocs.empty());
}

TEST(DockerfileHeredocs, UnterminatedNamesItsInstructionsLine) {
  EXPECT_EQ(error_of("FROM x\nRUN <<EOF\nabc\nEOF2\n"), "Dockerfile:2: unterminated heredoc");
  EXPECT_EQ(error_of("FROM x\nRUN <<A <<B\na\nA\nb\n"), "Dockerfile:2: unterminated heredoc");
}

}  // namespace logical_lines_test
}  // namespace berth::build
