// The web UI's pieces that need no server: where sign-in may send a browser, which posts come
// from the UI's own pages, how Spaces are shown (escaped), the embedded assets.
#include <gtest/gtest.h>

#include "server/web/form_post.hpp"
#include "server/web/sign_in.hpp"
#include "server/web/space_card.hpp"
#include "server/web/web_assets.hpp"
#include "server/web/web_page.hpp"

namespace berth::server {
namespace {

RequestHeader post_from(std::initializer_list<std::pair<std::string, std::string>> fields) {
  RequestHeader h;
  h.method(http::verb::post);
  h.set(http::field::host, "berth.example:8080");
  for (const auto& [name, value] : fields) h.set(name, value);
  return h;
}

TEST(LocalPathOrRoot, KeepsPathsOnThisHostOnly) {
  EXPECT_EQ(local_path_or_root("/tokens"), "/tokens");
  EXPECT_EQ(local_path_or_root("/spaces/a/b?x=1"), "/spaces/a/b?x=1");
  EXPECT_EQ(local_path_or_root(""), "/");
  EXPECT_EQ(local_path_or_root("//evil.example/"), "/");
  EXPECT_EQ(local_path_or_root("/\\evil.example"), "/");
  EXPECT_EQ(local_path_or_root("http://evil.example/"), "/");
  EXPECT_EQ(local_path_or_root("javascript:alert(1)"), "/");
  EXPECT_EQ(local_path_or_root("/a\r\nSet-Cookie: x=y"), "/");
}

TEST(FromThisSite, TrustsTheBrowsersOriginHeaders) {
  EXPECT_TRUE(from_this_site(post_from({})));  // curl: no browser to drive
  EXPECT_TRUE(from_this_site(post_from({{"Origin", "http://berth.example:8080"}})));
  EXPECT_TRUE(from_this_site(post_from({{"Origin", "HTTP://Berth.Example:8080"}})));
  EXPECT_TRUE(from_this_site(post_from({{"Origin", "https://berth.example:8080"}})));
  EXPECT_TRUE(from_this_site(post_from({{"Sec-Fetch-Site", "same-origin"}})));
  EXPECT_FALSE(from_this_site(post_from({{"Origin", "http://evil.example"}})));
  EXPECT_FALSE(from_this_site(post_from({{"Origin", "http://berth.example:8081"}})));
  // A Space's page is another origin under the same domain: not the UI.
  EXPECT_FALSE(from_this_site(post_from({{"Origin", "http://alice-app.berth.example:8080"}})));
  EXPECT_FALSE(from_this_site(post_from({{"Origin", "null"}})));
  EXPECT_FALSE(from_this_site(post_from({{"Sec-Fetch-Site", "cross-site"}})));
  EXPECT_FALSE(from_this_site(
      post_from({{"Origin", "http://berth.example:8080"}, {"Sec-Fetch-Site", "cross-site"}})));
}

TEST(UrlEncode, KeepsUnreservedCharactersAndSlashes) {
  EXPECT_EQ(url_encode("a/b-c_d.e~f"), "a/b-c_d.e~f");
  EXPECT_EQ(url_encode("a b&c=d?e#f\"<"), "a%20b%26c%3Dd%3Fe%23f%22%3C");
  EXPECT_EQ(url_encode("é"), "%C3%A9");
}

TEST(PageNumber, DigitsUpToAMillionElseTheFirstPage) {
  EXPECT_EQ(page_number_of("0"), 0u);
  EXPECT_EQ(page_number_of("7"), 7u);
  EXPECT_EQ(page_number_of("1000000"), 1000000u);
  EXPECT_EQ(page_number_of(""), 0u);
  EXPECT_EQ(page_number_of("-1"), 0u);
  EXPECT_EQ(page_number_of("3x"), 0u);
  EXPECT_EQ(page_number_of("1000001"), 0u);
  EXPECT_EQ(page_number_of("307445734561825861"), 0u) << "times 60 would wrap around";
}

TEST(StageBadge, ToneAndEscaping) {
  EXPECT_EQ(stage_tone(spaces::SpaceStage::kRunning), "ok");
  EXPECT_EQ(stage_tone(spaces::SpaceStage::kBuilding), "busy");
  EXPECT_EQ(stage_tone(spaces::SpaceStage::kRuntimeError), "bad");
  EXPECT_EQ(stage_tone(spaces::SpaceStage::kPaused), "idle");
  auto badge = stage_badge("alice/x\"y", spaces::SpaceStage::kBuildError, true, "stage");
  EXPECT_NE(badge.find("data-stage-for=\"alice/x&quot;y\""), std::string::npos) << badge;
  EXPECT_NE(badge.find("class=\"stage-badge bad\""), std::string::npos) << badge;
  EXPECT_NE(badge.find("data-reload-on-change"), std::string::npos);
  EXPECT_NE(badge.find(">BUILD_ERROR<"), std::string::npos);
  // Only the page's own badge is a live region.
  EXPECT_NE(badge.find("role=\"status\""), std::string::npos);
  EXPECT_EQ(stage_badge("a/b", spaces::SpaceStage::kRunning).find("role="), std::string::npos);
}

spaces::SpaceRecord hostile_space() {
  spaces::SpaceRecord space;
  space.id = "alice/app";
  space.owner = "alice";
  space.name = "app";
  space.card.title = "<script>alert(1)</script>";
  space.card.emoji = "<img src=x onerror=alert(2)>";
  space.card.color_from = "red\" onmouseover=\"alert(3)";
  space.card.color_to = "blue";
  space.card.short_description = "<b>bold</b> & more";
  return space;
}

TEST(SpaceCard, EscapesTheReadmeHeadersFields) {
  auto html = space_card(hostile_space());
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("onmouseover=\""), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; more"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/spaces/alice/app\""), std::string::npos) << html;
}

TEST(SpaceCard, GradientOnlyFromTheHubsColours) {
  auto space = hostile_space();
  // A colour outside the list is left out, not put into the class attribute.
  EXPECT_NE(space_thumbnail(space).find("class=\"thumb to-blue\""), std::string::npos)
      << space_thumbnail(space);
  space.card.color_from = "pink";
  EXPECT_NE(space_thumbnail(space).find("class=\"thumb from-pink to-blue\""), std::string::npos);
}

TEST(SpaceCard, TitleFallsBackToTheName) {
  spaces::SpaceRecord space;
  space.name = "plain";
  EXPECT_EQ(display_title(space), "plain");
  space.card.title = "Fancy";
  EXPECT_EQ(display_title(space), "Fancy");
}

TEST(WebAssets, UrlsCarryTheContentsDigest) {
  WebAssets assets;
  for (auto name : {"berth.css", "berth.js", "icon.svg"}) {
    const auto& url = assets.url(name);
    const std::string stem(std::string_view(name).substr(0, std::string_view(name).rfind('.')));
    const std::string extension(std::string_view(name).substr(std::string_view(name).rfind('.')));
    ASSERT_TRUE(url.starts_with("/assets/" + stem + ".")) << url;
    ASSERT_TRUE(url.ends_with(extension)) << url;
    EXPECT_EQ(url.size(), std::string("/assets/").size() + stem.size() + 1 + 12 + extension.size())
        << url;
  }
  EXPECT_THROW(assets.url("missing.css"), std::logic_error);
}

TEST(WebAssets, TheScriptHasNoInlineHandlersToAllow) {
  // The CSP allows no inline script: the pages must not need one.
  bool found_script = false;
  for (const auto& asset : embedded_assets()) {
    if (asset.name != "berth.js") continue;
    found_script = true;
    EXPECT_EQ(asset.content.find("innerHTML"), std::string_view::npos)
        << "berth.js writes server text as HTML";
    EXPECT_EQ(asset.content.find("eval("), std::string_view::npos);
  }
  EXPECT_TRUE(found_script);
}

}  // namespace
}  // namespace berth::server
