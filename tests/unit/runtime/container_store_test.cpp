#include "runtime/container_store.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "runtime/container_schema.hpp"

namespace berth::runtime {
namespace {

class ContainerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Containers reference images: give them one row to point at.
    store::Database db(root.path() / "berth.db",
                       std::vector<const store::Schema*>{&container_schema()});
    db.exec(
        "INSERT INTO images(id, manifest_digest, manifest_media_type, size, created, added_at) "
        "VALUES ('" +
        image.str() + "', '" + image.str() + "', 'x', 0, '', 0)");
  }

  ContainerRecord make(const std::string& id, const std::string& name) {
    ContainerRecord c;
    c.id = id;
    c.name = name;
    c.image_id = image;
    c.image_name = "busybox";
    c.request = Json{{"image", "busybox"}};
    c.created = "2024-01-01T00:00:0" + std::to_string(counter++) + "Z";
    return c;
  }

  TempDir root;
  Digest image = Digest::sha256_of("image");
  int counter = 0;
};

TEST_F(ContainerStoreTest, FindsByNameIdAndPrefix) {
  ContainerStore store(root.path());
  std::string id(64, 'a');
  store.insert(make(id, "web"));
  EXPECT_EQ(store.resolve("web").id, id);
  EXPECT_EQ(store.resolve("/web").id, id);
  EXPECT_EQ(store.resolve(id).name, "web");
  EXPECT_EQ(store.resolve("aaaa").name, "web");
  EXPECT_THROW(store.resolve("nope"), NotFoundError);
  try {
    store.resolve("nope");
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "No such container: nope");
  }
}

TEST_F(ContainerStoreTest, AmbiguousPrefixAndNameConflicts) {
  ContainerStore store(root.path());
  store.insert(make("ab" + std::string(62, '1'), "one"));
  store.insert(make("ab" + std::string(62, '2'), "two"));
  EXPECT_THROW(store.resolve("ab"), InvalidArgumentError);
  try {
    store.insert(make(std::string(64, 'c'), "one"));
    FAIL();
  } catch (const ConflictError& e) {
    EXPECT_NE(std::string(e.what()).find("The container name \"/one\" is already in use"),
              std::string::npos);
    EXPECT_EQ(e.exit_code(), 125);
  }
  EXPECT_EQ(store.list().size(), 2u);
}

TEST_F(ContainerStoreTest, TracksStateAndImageUsers) {
  ContainerStore store(root.path());
  std::string id(64, 'd');
  store.insert(make(id, "svc"));
  EXPECT_EQ(store.resolve("svc").state, ContainerState::kCreated);
  store.mark_running(id, 42, 41, "2024-01-01T00:00:00Z");
  auto running = store.resolve("svc");
  EXPECT_EQ(running.state, ContainerState::kRunning);
  EXPECT_EQ(running.pid, 42);
  store.mark_exited(id, 3, "2024-01-01T00:00:01Z", "");
  auto exited = store.resolve("svc");
  EXPECT_EQ(exited.state, ContainerState::kExited);
  EXPECT_EQ(exited.exit_code, 3);
  EXPECT_EQ(store.users_of_image(image), std::vector<std::string>{id});
  store.rename(id, "renamed");
  EXPECT_EQ(store.resolve("renamed").id, id);
  store.remove(id);
  EXPECT_TRUE(store.list().empty());
}

}  // namespace
}  // namespace berth::runtime
