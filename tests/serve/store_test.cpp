// Tests of pond serve's SQLite store: accounts, logins, breeding history, pictures, and the file checks.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <latch>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "serve/store.hpp"

using namespace pond::serve;
namespace fs = std::filesystem;

namespace {

/// A fresh directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::random_device random;
    path_ = fs::temp_directory_path() /
            ("pond_store_test_" + std::string(test ? test->name() : "x") + "_" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path file(const std::string& name = "pond.sqlite") const { return path_ / name; }

 private:
  fs::path path_;
};

/// Runs SQL on the file through a separate raw connection (to inspect or forge databases).
void raw_exec(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.string().c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

/// The first column of the first row of a query, as text, through a raw connection.
std::string raw_value(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.string().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out = "(error)";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    out = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
              ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
              : "(none)";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

/// Expects `open` to throw StoreError whose message names `file`.
template <class F>
void expect_store_error_naming(const fs::path& file, F&& open) {
  try {
    open();
    ADD_FAILURE() << "no StoreError for " << file;
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

/// Registers `name`; returns the account id.
std::int64_t add_user(Store& store, const std::string& name) {
  const auto user = store.create_user(name, "$argon2id$hash-of-" + name, 1000);
  EXPECT_TRUE(user);
  return user ? user->id : 0;
}

/// A picture to publish, its genome text naming its title.
Picture picture_of(std::int64_t user, const std::string& title, std::vector<std::string> tags = {},
                   std::optional<std::int64_t> parent = std::nullopt, std::int64_t created = 2000) {
  Picture p;
  p.user_id = user;
  p.title = title;
  p.tags = std::move(tags);
  p.genome = R"({"nodes":[],"title":")" + title + "\"}";
  p.parent_id = parent;
  p.generations = 3;
  p.created = created;
  return p;
}

/// A page numbered `number` whose three children and counters derive from `seed`.
Generation page(std::int64_t seed, std::vector<int> chosen = {}, std::int64_t number = 0) {
  Generation g;
  g.number = number;
  g.seed = seed;
  g.chosen = std::move(chosen);
  for (int i = 0; i < 3; ++i)
    g.children.push_back(R"({"seed":)" + std::to_string(seed) + R"(,"child":)" + std::to_string(i) + "}");
  g.next_innovation = seed * 10;
  g.next_node = seed * 10 + 1;
  return g;
}

/// A session started at `now`, before it is stored.
Breed new_breed(const std::string& id, std::optional<std::int64_t> owner = std::nullopt, std::int64_t now = 100) {
  Breed b;
  b.id = id;
  b.owner = owner;
  b.created = now;
  b.updated = now;
  return b;
}

/// A PictureQuery built by chained calls (designated initializers that skip members warn under -Wextra).
class Query {
 public:
  Query& most_branched() {
    q_.order = PictureQuery::Order::most_branched;
    return *this;
  }
  Query& tag(std::string tag) {
    q_.tag = std::move(tag);
    return *this;
  }
  Query& text(std::string text) {
    q_.text = std::move(text);
    return *this;
  }
  Query& user(std::int64_t id) {
    q_.user_id = id;
    return *this;
  }
  Query& limit(int limit) {
    q_.limit = limit;
    return *this;
  }
  Query& offset(int offset) {
    q_.offset = offset;
    return *this;
  }
  operator PictureQuery() const { return q_; }

 private:
  PictureQuery q_;
};

/// The pictures' ids, in order.
std::vector<std::int64_t> ids(const std::vector<Picture>& pictures) {
  std::vector<std::int64_t> out;
  for (const auto& p : pictures) out.push_back(p.id);
  return out;
}

}  // namespace

TEST(Store, CreatesTheFileAndKeepsDataWhenReopened) {
  TempDir dir;
  std::int64_t user = 0;
  std::int64_t picture = 0;
  {
    Store store(dir.file());
    EXPECT_EQ(store.path(), dir.file());
    user = add_user(store, "ada");
    store.create_breed(new_breed("b1", user), page(1));
    picture = store.publish(picture_of(user, "Skull", {"face"}));
  }
  EXPECT_EQ(raw_value(dir.file(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw_value(dir.file(), "PRAGMA user_version"), "2");
  Store store(dir.file());
  ASSERT_TRUE(store.user_by_id(user));
  EXPECT_EQ(store.user_by_id(user)->name, "ada");
  ASSERT_TRUE(store.breed("b1"));
  EXPECT_EQ(store.breed("b1")->owner, user);
  ASSERT_TRUE(store.picture(picture));
  EXPECT_EQ(store.picture(picture)->title, "Skull");
  EXPECT_EQ(store.integrity_check(), "ok");
}

TEST(Store, UserNamesAreUniqueIgnoringCase) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = store.create_user("Ada", "hash1", 10);
  ASSERT_TRUE(ada);
  EXPECT_GT(ada->id, 0);
  EXPECT_EQ(ada->name, "Ada");
  EXPECT_EQ(ada->created, 10);
  EXPECT_FALSE(store.create_user("ada", "hash2", 11));
  EXPECT_FALSE(store.create_user("ADA", "hash3", 12));
  const auto found = store.user_by_name("aDa");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, ada->id);
  EXPECT_EQ(found->name, "Ada");  // as registered
  EXPECT_EQ(found->password_hash, "hash1");
  EXPECT_FALSE(store.user_by_name("bob"));
  EXPECT_FALSE(store.user_by_id(ada->id + 1));
  const auto bob = store.create_user("bob", "hash4", 13);
  ASSERT_TRUE(bob);
  EXPECT_NE(bob->id, ada->id);
}

TEST(Store, LoginsExpire) {
  TempDir dir;
  Store store(dir.file());
  const auto user = add_user(store, "ada");
  store.create_login({.token_digest = "aa11", .user_id = user, .expires = 500});
  store.create_login({.token_digest = "bb22", .user_id = user, .expires = 900});
  const auto login = store.login_by_digest("aa11", 499);
  ASSERT_TRUE(login);
  EXPECT_EQ(login->user_id, user);
  EXPECT_EQ(login->expires, 500);
  EXPECT_FALSE(store.login_by_digest("aa11", 500));  // expired at its expiry time
  EXPECT_FALSE(store.login_by_digest("cc33", 0));
  EXPECT_EQ(store.delete_expired_logins(600), 1);
  EXPECT_FALSE(store.login_by_digest("aa11", 0));  // gone, not just expired
  EXPECT_TRUE(store.login_by_digest("bb22", 600));
  store.delete_login("bb22");
  EXPECT_FALSE(store.login_by_digest("bb22", 600));
  EXPECT_EQ(store.delete_expired_logins(10000), 0);
  // A login for an account that does not exist is a fault.
  EXPECT_THROW(store.create_login({.token_digest = "dd44", .user_id = user + 100, .expires = 900}), StoreError);
}

TEST(Store, BreedHistoryMovesLikeABrowsersHistory) {
  TempDir dir;
  Store store(dir.file());
  const auto user = add_user(store, "ada");
  Breed b = new_breed("k3secret", user);
  b.current = 7;  // ignored: a new session shows its first page
  const Generation first = store.create_breed(b, page(1));
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.breed_id, "k3secret");
  EXPECT_EQ(first.number, 0);
  b = *store.breed("k3secret");
  EXPECT_EQ(b.current, 0);
  EXPECT_EQ(b.last, 0);
  EXPECT_EQ(b.owner, user);

  // Evolve twice.
  const auto second = store.append_generation(b, page(2, {0, 2}), 101);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->number, 1);
  EXPECT_NE(second->id, first.id);
  b = *store.breed("k3secret");
  EXPECT_EQ(b.current, 1);
  EXPECT_EQ(b.last, 1);
  EXPECT_EQ(b.updated, 101);
  b.strength = 2.5;  // the evolve request's strength is stored with the page
  const auto third = store.append_generation(b, page(3, {1}), 102);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->number, 2);
  b = *store.breed("k3secret");
  EXPECT_EQ(b.current, 2);
  EXPECT_EQ(b.last, 2);
  EXPECT_DOUBLE_EQ(b.strength, 2.5);

  const auto read = store.generation("k3secret", 1);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->id, second->id);
  EXPECT_EQ(read->chosen, (std::vector<int>{0, 2}));
  EXPECT_EQ(read->children, page(2).children);
  EXPECT_EQ(read->seed, 2);
  EXPECT_EQ(read->next_innovation, 20);
  EXPECT_EQ(read->next_node, 21);
  const auto by_id = store.generation_by_id(third->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->number, 2);
  EXPECT_EQ(by_id->breed_id, "k3secret");
  EXPECT_FALSE(store.generation("k3secret", 3));
  EXPECT_FALSE(store.generation("other", 0));

  // Back twice, then forward once.
  b.current = 1;
  EXPECT_TRUE(store.update_breed(b, 103));
  b = *store.breed("k3secret");
  b.current = 0;
  b.colour = false;
  EXPECT_TRUE(store.update_breed(b, 104));
  b = *store.breed("k3secret");
  EXPECT_EQ(b.current, 0);
  EXPECT_EQ(b.last, 2);
  EXPECT_FALSE(b.colour);
  b.current = 1;
  EXPECT_TRUE(store.update_breed(b, 105));
  b = *store.breed("k3secret");
  // Outside 0..last is refused.
  Breed beyond = b;
  beyond.current = 3;
  EXPECT_FALSE(store.update_breed(beyond, 106));
  beyond.current = -1;
  EXPECT_FALSE(store.update_breed(beyond, 106));
  EXPECT_EQ(store.breed("k3secret")->updated, b.updated);

  // Evolving from the middle page drops the pages after it.
  const auto fork = store.append_generation(b, page(4, {2}), 107);
  ASSERT_TRUE(fork);
  EXPECT_EQ(fork->number, 2);
  EXPECT_FALSE(store.generation_by_id(third->id));
  EXPECT_EQ(store.generation("k3secret", 2)->seed, 4);
  b = *store.breed("k3secret");
  EXPECT_EQ(b.current, 2);
  EXPECT_EQ(b.last, 2);

  // Redo of the last page: a new row id (never one used before), new children, the same parents.
  const auto redo = store.replace_generation(b, page(5, {9, 9}, 2), 108);
  ASSERT_TRUE(redo);
  EXPECT_EQ(redo->number, 2);
  EXPECT_GT(redo->id, fork->id);
  EXPECT_NE(redo->id, third->id);
  EXPECT_EQ(redo->chosen, (std::vector<int>{2}));
  EXPECT_FALSE(store.generation_by_id(fork->id));
  const auto redone = store.generation("k3secret", 2);
  ASSERT_TRUE(redone);
  EXPECT_EQ(redone->id, redo->id);
  EXPECT_EQ(redone->children, page(5).children);
  EXPECT_EQ(redone->seed, 5);
  EXPECT_EQ(redone->chosen, (std::vector<int>{2}));

  // Redo of a middle page drops the pages bred from its old children.
  b = *store.breed("k3secret");
  b.current = 1;
  ASSERT_TRUE(store.update_breed(b, 109));
  b = *store.breed("k3secret");
  const auto middle = store.replace_generation(b, page(6, {}, 1), 110);
  ASSERT_TRUE(middle);
  b = *store.breed("k3secret");
  EXPECT_EQ(b.current, 1);
  EXPECT_EQ(b.last, 1);
  EXPECT_FALSE(store.generation("k3secret", 2));
  EXPECT_EQ(store.generation("k3secret", 1)->seed, 6);
  // A page that does not exist cannot be replaced.
  EXPECT_FALSE(store.replace_generation(b, page(7, {}, 5), 111));
}

TEST(Store, StaleSessionsAreRefused) {
  TempDir dir;
  Store store(dir.file());
  store.create_breed(new_breed("s", std::nullopt, 100), page(1));
  const Breed seen = *store.breed("s");
  // Another request changes the session, in the same second.
  ASSERT_TRUE(store.append_generation(seen, page(2), 100));
  const Breed now = *store.breed("s");
  EXPECT_NE(now.updated, seen.updated);  // changed even though the clock did not move
  EXPECT_EQ(now.updated, 101);
  // The clock going back still moves it forward.
  Breed back = now;
  back.current = 0;
  ASSERT_TRUE(store.update_breed(back, 50));
  EXPECT_EQ(store.breed("s")->updated, 102);

  EXPECT_FALSE(store.append_generation(seen, page(3), 200));
  EXPECT_FALSE(store.replace_generation(seen, page(4), 200));
  Breed stale = seen;
  stale.strength = 3.0;
  EXPECT_FALSE(store.update_breed(stale, 200));
  const Breed after = *store.breed("s");
  EXPECT_EQ(after.updated, 102);
  EXPECT_EQ(after.last, 1);
  EXPECT_DOUBLE_EQ(after.strength, 1.0);
  EXPECT_EQ(store.generation("s", 0)->seed, 1);
  // An unknown session fails the same way.
  EXPECT_FALSE(store.append_generation(new_breed("nope"), page(5), 200));
  EXPECT_FALSE(store.update_breed(new_breed("nope"), 200));
  EXPECT_FALSE(store.breed("nope"));
}

TEST(Store, ListsAnAccountsSessionsNewestFirst) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  const auto bob = add_user(store, "bob");
  store.create_breed(new_breed("a1", ada, 10), page(1));
  store.create_breed(new_breed("a2", ada, 30), page(1));
  store.create_breed(new_breed("a3", ada, 20), page(1));
  store.create_breed(new_breed("b1", bob, 40), page(1));
  store.create_breed(new_breed("anon", std::nullopt, 50), page(1));
  std::vector<std::string> got;
  for (const auto& b : store.breeds_of(ada, 10)) got.push_back(b.id);
  EXPECT_EQ(got, (std::vector<std::string>{"a2", "a3", "a1"}));
  EXPECT_EQ(store.breeds_of(ada, 2).size(), 2u);
  EXPECT_TRUE(store.breeds_of(ada, 0).empty());
  EXPECT_TRUE(store.breeds_of(ada, -1).empty());
  EXPECT_EQ(store.breeds_of(bob, 10).size(), 1u);
}

TEST(Store, BranchedSessionsRememberTheirPicture) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  const auto pic = store.publish(picture_of(ada, "Root"));
  Breed b = new_breed("br", ada);
  b.branched_from = pic;
  b.base_generations = 12;
  b.colour = false;
  b.strength = 0.5;
  store.create_breed(b, page(1));
  const auto read = store.breed("br");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->branched_from, pic);
  EXPECT_EQ(read->base_generations, 12);
  EXPECT_FALSE(read->colour);
  EXPECT_DOUBLE_EQ(read->strength, 0.5);
  // A session cannot branch from a picture that does not exist.
  Breed bad = new_breed("bad", ada);
  bad.branched_from = pic + 100;
  EXPECT_THROW(store.create_breed(bad, page(1)), StoreError);
  EXPECT_FALSE(store.breed("bad"));
}

TEST(Store, PublishesPicturesWithTags) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  Picture p = picture_of(ada, "Skull", {"spooky", "Face", "face"});
  p.colour = false;
  p.generations = 24;
  const auto id = store.publish(p);
  const auto read = store.picture(id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->id, id);
  EXPECT_EQ(read->user_id, ada);
  EXPECT_EQ(read->author, "ada");
  EXPECT_EQ(read->title, "Skull");
  EXPECT_EQ(read->tags, (std::vector<std::string>{"face", "spooky"}));
  EXPECT_EQ(read->genome, p.genome);
  EXPECT_FALSE(read->colour);
  EXPECT_FALSE(read->parent_id);
  EXPECT_EQ(read->generations, 24);
  EXPECT_EQ(read->branches, 0);
  EXPECT_EQ(read->created, 2000);
  EXPECT_FALSE(store.picture(id + 1));

  const auto child1 = store.publish(picture_of(ada, "Skull 2", {}, id, 2001));
  const auto child2 = store.publish(picture_of(ada, "Skull 3", {}, id, 2002));
  EXPECT_EQ(store.picture(id)->branches, 2);
  EXPECT_EQ(store.picture(child1)->parent_id, id);
  EXPECT_TRUE(store.picture(child1)->tags.empty());
  const auto branches = store.branches_of(id);
  EXPECT_EQ(ids(branches), (std::vector<std::int64_t>{child1, child2}));
  EXPECT_TRUE(branches[0].genome.empty());
  EXPECT_EQ(branches[0].author, "ada");
  EXPECT_TRUE(store.branches_of(child1).empty());
}

TEST(Store, PublishingWithAMissingParentThrowsAndLeavesNothing) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  const auto id = store.publish(picture_of(ada, "Root"));
  try {
    store.publish(picture_of(ada, "Orphan", {"lost"}, id + 41));
    ADD_FAILURE() << "no StoreError";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(dir.file().string()), std::string::npos) << message;
    EXPECT_NE(message.find("FOREIGN KEY"), std::string::npos) << message;
  }
  EXPECT_EQ(store.pictures({}).size(), 1u);
  EXPECT_TRUE(store.popular_tags(10).empty());
  // An unknown author is refused too.
  EXPECT_THROW(store.publish(picture_of(ada + 7, "Nobody's")), StoreError);
  // The connection is still usable after the failures.
  EXPECT_GT(store.publish(picture_of(ada, "Fine", {}, id)), id);
}

TEST(Store, ListsPicturesByRecentBranchesTagTextAndAuthor) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  const auto bob = add_user(store, "bob");
  const auto a = store.publish(picture_of(ada, "Blue Skull", {"face", "spooky"}, std::nullopt, 100));
  const auto b = store.publish(picture_of(bob, "Ghost", {"spooky"}, std::nullopt, 300));
  const auto c = store.publish(picture_of(ada, "Tree", {"nature"}, a, 200));
  const auto d = store.publish(picture_of(bob, "Twig", {}, c, 200));  // same time as c: newer id first
  const auto e = store.publish(picture_of(bob, "Bark", {"nature"}, c, 150));

  EXPECT_EQ(ids(store.pictures({})), (std::vector<std::int64_t>{b, d, c, e, a}));
  EXPECT_EQ(ids(store.pictures(Query().most_branched())),
            (std::vector<std::int64_t>{c, a, e, d, b}));
  EXPECT_EQ(ids(store.pictures(Query().tag("spooky"))), (std::vector<std::int64_t>{b, a}));
  EXPECT_EQ(ids(store.pictures(Query().tag("NATURE"))), (std::vector<std::int64_t>{c, e}));
  EXPECT_TRUE(store.pictures(Query().tag("natur")).empty());  // tags match whole
  EXPECT_EQ(ids(store.pictures(Query().text("sKuL"))), (std::vector<std::int64_t>{a}));
  EXPECT_EQ(ids(store.pictures(Query().text("T"))), (std::vector<std::int64_t>{b, d, c, e}));  // titles or tags
  EXPECT_EQ(ids(store.pictures(Query().text("atur"))), (std::vector<std::int64_t>{c, e}));  // a tag's substring
  EXPECT_EQ(ids(store.pictures(Query().user(ada))), (std::vector<std::int64_t>{c, a}));
  EXPECT_EQ(ids(store.pictures(Query().tag("nature").user(bob))), (std::vector<std::int64_t>{e}));
  EXPECT_EQ(ids(store.pictures(Query().tag("spooky").text("ghost"))), (std::vector<std::int64_t>{b}));
  EXPECT_EQ(ids(store.pictures(Query().limit(2))), (std::vector<std::int64_t>{b, d}));
  EXPECT_EQ(ids(store.pictures(Query().limit(2).offset(2))), (std::vector<std::int64_t>{c, e}));
  EXPECT_EQ(ids(store.pictures(Query().limit(2).offset(4))), (std::vector<std::int64_t>{a}));
  EXPECT_EQ(store.pictures(Query().limit(0)).size(), 1u);        // clamped to 1
  EXPECT_EQ(store.pictures(Query().limit(-5)).size(), 1u);
  EXPECT_EQ(store.pictures(Query().limit(1000)).size(), 5u);     // clamped to 100
  EXPECT_EQ(store.pictures(Query().offset(-3)).size(), 5u);      // clamped to 0
  const auto listed = store.pictures(Query().tag("spooky"));
  EXPECT_TRUE(listed[0].genome.empty());
  EXPECT_EQ(listed[0].author, "bob");
  EXPECT_EQ(listed[1].tags, (std::vector<std::string>{"face", "spooky"}));
  EXPECT_EQ(store.pictures(Query().text("tree"))[0].branches, 2);

  const auto tags = store.popular_tags(10);
  using Tag = std::pair<std::string, std::int64_t>;
  EXPECT_EQ(tags, (std::vector<Tag>{{"nature", 2}, {"spooky", 2}, {"face", 1}}));
  EXPECT_EQ(store.popular_tags(1), (std::vector<Tag>{{"nature", 2}}));
  EXPECT_TRUE(store.popular_tags(0).empty());
}

TEST(Store, HostileTitlesAndSearchesAreStoredAndFoundLiterally) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  const std::string injection = "'); DROP TABLE pictures;--";
  const std::string script = "<script>alert(1)</script>";
  const std::string quotes = R"(Robert"); DELETE FROM users; -- \ ')";
  const auto i1 = store.publish(picture_of(ada, injection));
  const auto i2 = store.publish(picture_of(ada, script));
  const auto i3 = store.publish(picture_of(ada, quotes));
  store.publish(picture_of(ada, "plain"));
  EXPECT_EQ(store.picture(i1)->title, injection);
  EXPECT_EQ(store.picture(i2)->title, script);
  EXPECT_EQ(store.picture(i3)->title, quotes);
  EXPECT_EQ(ids(store.pictures(Query().text(injection))), (std::vector<std::int64_t>{i1}));
  EXPECT_EQ(ids(store.pictures(Query().text("DROP TABLE"))), (std::vector<std::int64_t>{i1}));
  EXPECT_EQ(ids(store.pictures(Query().text(script))), (std::vector<std::int64_t>{i2}));
  EXPECT_EQ(ids(store.pictures(Query().text("<SCRIPT>"))), (std::vector<std::int64_t>{i2}));
  EXPECT_EQ(ids(store.pictures(Query().text("' OR '1'='1"))), (std::vector<std::int64_t>{}));
  EXPECT_TRUE(store.pictures(Query().tag("' OR 1=1 --")).empty());
  EXPECT_FALSE(store.user_by_name("' OR 1=1 --"));
  EXPECT_FALSE(store.breed("' OR '1'='1"));
  // Hostile names are just names.
  const auto odd = store.create_user("x'); DROP TABLE users;--", "h", 1);
  ASSERT_TRUE(odd);
  EXPECT_EQ(store.user_by_name("X'); drop table users;--")->id, odd->id);
  // The tables are all still there, and the file is sound.
  EXPECT_EQ(store.pictures({}).size(), 4u);
  EXPECT_EQ(raw_value(dir.file(), "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pictures'"),
            "1");
  EXPECT_EQ(raw_value(dir.file(), "SELECT count(*) FROM users"), "2");
  EXPECT_EQ(store.integrity_check(), "ok");
}

TEST(Store, LikeWildcardsInSearchesMatchLiterally) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  const auto percent = store.publish(picture_of(ada, "100% pure"));
  const auto underscore = store.publish(picture_of(ada, "a_b"));
  store.publish(picture_of(ada, "100 pure"));
  store.publish(picture_of(ada, "axb"));
  store.publish(picture_of(ada, "ab"));
  const auto tagged = store.publish(picture_of(ada, "tagged", {"snake_case"}));
  store.publish(picture_of(ada, "other", {"snakexcase"}));
  EXPECT_EQ(ids(store.pictures(Query().text("100%"))), (std::vector<std::int64_t>{percent}));
  EXPECT_EQ(ids(store.pictures(Query().text("%"))), (std::vector<std::int64_t>{percent}));
  EXPECT_EQ(ids(store.pictures(Query().text("a_b"))), (std::vector<std::int64_t>{underscore}));
  EXPECT_EQ(ids(store.pictures(Query().text("e_c"))), (std::vector<std::int64_t>{tagged}));
  EXPECT_EQ(ids(store.pictures(Query().tag("snake_case"))), (std::vector<std::int64_t>{tagged}));
  EXPECT_TRUE(store.pictures(Query().text("\\")).empty());
  EXPECT_TRUE(store.pictures(Query().text("[a]")).empty());
}

TEST(Store, LineageOfAChainAndAFork) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  // root -> a -> b -> c, and a -> x -> y, x -> z; lone stands apart.
  const auto root = store.publish(picture_of(ada, "root"));
  const auto a = store.publish(picture_of(ada, "a", {}, root));
  const auto b = store.publish(picture_of(ada, "b", {}, a));
  const auto c = store.publish(picture_of(ada, "c", {}, b));
  const auto x = store.publish(picture_of(ada, "x", {}, a));
  const auto y = store.publish(picture_of(ada, "y", {}, x));
  const auto z = store.publish(picture_of(ada, "z", {}, x));
  const auto lone = store.publish(picture_of(ada, "lone"));

  const auto of_c = store.lineage(c, 100);
  ASSERT_TRUE(of_c);
  EXPECT_EQ(ids(of_c->pictures), (std::vector<std::int64_t>{c, b, a, root}));
  EXPECT_TRUE(of_c->pictures[0].genome.empty());
  EXPECT_EQ(of_c->pictures[1].parent_id, a);

  const auto of_a = store.lineage(a, 100);
  ASSERT_TRUE(of_a);
  EXPECT_EQ(ids(of_a->pictures), (std::vector<std::int64_t>{a, root, b, x, c, y, z}));
  EXPECT_EQ(of_a->pictures[3].branches, 2);

  const auto of_x = store.lineage(x, 100);
  ASSERT_TRUE(of_x);  // its ancestors, and its descendants only (not its sibling b)
  EXPECT_EQ(ids(of_x->pictures), (std::vector<std::int64_t>{x, a, y, z, root}));

  const auto of_root = store.lineage(root, 100);
  EXPECT_EQ(ids(of_root->pictures), (std::vector<std::int64_t>{root, a, b, x, c, y, z}));
  EXPECT_EQ(ids(store.lineage(root, 3)->pictures), (std::vector<std::int64_t>{root, a, b}));
  EXPECT_EQ(ids(store.lineage(c, 2)->pictures), (std::vector<std::int64_t>{c, b}));
  EXPECT_EQ(ids(store.lineage(a, 0)->pictures), (std::vector<std::int64_t>{a}));  // itself at least
  EXPECT_EQ(ids(store.lineage(lone, 100)->pictures), (std::vector<std::int64_t>{lone}));
  EXPECT_FALSE(store.lineage(lone + 1, 100));
}

TEST(Store, DeepLineagesAreCutAtTheLimit) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  std::vector<std::int64_t> chain{store.publish(picture_of(ada, "0"))};
  for (int i = 1; i < 300; ++i) chain.push_back(store.publish(picture_of(ada, std::to_string(i), {}, chain.back())));
  const auto middle = store.lineage(chain[150], 5);
  ASSERT_TRUE(middle);
  EXPECT_EQ(ids(middle->pictures), (std::vector<std::int64_t>{chain[150], chain[149], chain[151], chain[148],
                                                              chain[152]}));
  EXPECT_EQ(store.lineage(chain[0], 1000)->pictures.size(), 300u);
  EXPECT_EQ(store.lineage(chain[299], 1000)->pictures.size(), 300u);
}

TEST(Store, AFileThatIsNotSQLiteIsRefusedByName) {
  TempDir dir;
  const auto file = dir.file("garbage.sqlite");
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is not a database, just some text in a file\n";
  }
  expect_store_error_naming(file, [&] { Store store(file); });
  const auto small = dir.file("small.sqlite");
  std::ofstream(small, std::ios::binary) << "hello";
  expect_store_error_naming(small, [&] { Store store(small); });
  // A directory that does not exist cannot hold the file.
  const auto nowhere = dir.file("missing") / "pond.sqlite";
  expect_store_error_naming(nowhere, [&] { Store store(nowhere); });
}

TEST(Store, AnotherProgramsDatabaseIsRefusedByNameAndLeftAlone) {
  TempDir dir;
  const auto file = dir.file("other.sqlite");
  raw_exec(file, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('x');");
  expect_store_error_naming(file, [&] { Store store(file); });
  EXPECT_EQ(raw_value(file, "PRAGMA journal_mode"), "delete");  // not switched to WAL
  EXPECT_EQ(raw_value(file, "SELECT count(*) FROM sqlite_master"), "1");
  EXPECT_EQ(raw_value(file, "SELECT email FROM users"), "x");

  // A database marked with a version number but no tables is someone else's too.
  const auto versioned = dir.file("versioned.sqlite");
  raw_exec(versioned, "PRAGMA user_version = 1");
  expect_store_error_naming(versioned, [&] { Store store(versioned); });
}

TEST(Store, AnotherSchemaVersionIsRefusedByName) {
  TempDir dir;
  { Store store(dir.file()); }
  raw_exec(dir.file(), "PRAGMA user_version = 3");
  try {
    Store store(dir.file());
    ADD_FAILURE() << "no StoreError";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(dir.file().string()), std::string::npos) << message;
    EXPECT_NE(message.find("version 3"), std::string::npos) << message;
  }
}

TEST(Store, IntegrityCheckIsOk) {
  TempDir dir;
  Store store(dir.file());
  const auto ada = add_user(store, "ada");
  store.publish(picture_of(ada, "p", {"t"}));
  store.create_breed(new_breed("b", ada), page(1));
  EXPECT_EQ(store.integrity_check(), "ok");
}

TEST(Store, TwoConnectionsSeeEachOthersWrites) {
  TempDir dir;
  Store one(dir.file());
  Store two(dir.file());
  const auto ada = one.create_user("ada", "h", 1);
  ASSERT_TRUE(ada);
  EXPECT_TRUE(two.user_by_name("ADA"));
  EXPECT_FALSE(two.create_user("Ada", "h", 2));
  const auto pic = two.publish(picture_of(ada->id, "from two", {"x"}));
  ASSERT_TRUE(one.picture(pic));
  EXPECT_EQ(one.picture(pic)->tags, (std::vector<std::string>{"x"}));

  // Both read the session; the first to change it wins, the second is told it changed.
  one.create_breed(new_breed("shared", ada->id), page(1));
  const Breed seen_by_one = *one.breed("shared");
  const Breed seen_by_two = *two.breed("shared");
  EXPECT_TRUE(two.append_generation(seen_by_two, page(2), 100));
  EXPECT_FALSE(one.append_generation(seen_by_one, page(3), 100));
  EXPECT_EQ(one.breed("shared")->last, 1);
  EXPECT_EQ(one.generation("shared", 1)->seed, 2);
}

TEST(Store, ConnectionsOnSeveralThreadsWaitForEachOther) {
  TempDir dir;
  constexpr int threads = 4;
  constexpr int each = 40;
  std::atomic<int> failures{0};
  std::latch start(threads);  // all open the new file at once: one creates the schema, the others wait
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        start.arrive_and_wait();
        Store store(dir.file());
        const auto user = store.create_user("user" + std::to_string(t), "h", 1);
        if (!user) throw StoreError("no user");
        for (int i = 0; i < each; ++i) {
          const auto id = store.publish(picture_of(user->id, "p", {std::string(1, static_cast<char>('a' + i % 3))}));
          if (!store.picture(id)) throw StoreError("lost a picture");
        }
      } catch (const StoreError& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(failures.load(), 0);
  Store store(dir.file());
  EXPECT_EQ(store.pictures(Query().limit(100)).size(), 100u);
  std::int64_t tagged = 0;
  for (const auto& [tag, count] : store.popular_tags(10)) tagged += count;
  EXPECT_EQ(tagged, threads * each);
  EXPECT_EQ(store.integrity_check(), "ok");
}
