// The JSON API of pond serve (docs/serve-api.md), through a real server on a free port of 127.0.0.1:
// the whole breeding and publishing path, and what the server does with bad, hostile or oversize
// input.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "pond/neat/genome.hpp"
#include "pond/neat/genome_io.hpp"
#include "serve/auth.hpp"
#include "serve/server.hpp"

using nlohmann::json;
using namespace pond::serve;

namespace {

constexpr const char* password = "correct horse";

// ---------------------------------------------------------------------------------------------------
// A client with a cookie jar.

struct Reply {
  int status = 0;  // 0: no answer at all (the message is in body)
  std::string body;
  httplib::Headers headers;

  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::vector<std::string> set_cookies() const {
    std::vector<std::string> out;
    const auto [first, last] = headers.equal_range("Set-Cookie");
    for (auto it = first; it != last; ++it) out.push_back(it->second);
    return out;
  }
  // The Set-Cookie header for cookie `name`, or empty.
  std::string set_cookie(const std::string& name) const {
    for (const auto& c : set_cookies()) {
      if (c.rfind(name + "=", 0) == 0) return c;
    }
    return {};
  }
  json parsed() const { return json::parse(body, nullptr, false); }
};

std::ostream& operator<<(std::ostream& out, const Reply& reply) {
  return out << "HTTP " << reply.status << ": " << reply.body.substr(0, 400);
}

// Percent-encodes everything but unreserved characters (the client is told not to encode).
std::string encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

enum class Csrf { right, missing, wrong, header_only };

class Browser {
 public:
  explicit Browser(int port) { connect(port); }

  // Points at a (restarted) server; keeps the cookies.
  void connect(int port) {
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
    client_->set_url_encode(false);
    client_->set_keep_alive(false);
    client_->set_connection_timeout(5, 0);
    client_->set_read_timeout(30, 0);
    client_->set_write_timeout(30, 0);
  }

  Reply get(const std::string& path) { return absorb(client_->Get(path, headers(Csrf::missing))); }

  Reply post(const std::string& path, const std::string& body, Csrf csrf = Csrf::right) {
    if (csrf != Csrf::missing && csrf != Csrf::header_only && !jar.count("pond_csrf")) get("/api/me");
    return absorb(client_->Post(path, headers(csrf), body, "application/json"));
  }
  Reply post(const std::string& path, const json& body, Csrf csrf = Csrf::right) { return post(path, body.dump(), csrf); }
  Reply post(const std::string& path) { return post(path, std::string()); }

  std::map<std::string, std::string> jar;

 private:
  httplib::Headers headers(Csrf csrf) const {
    httplib::Headers out;
    std::string cookies;
    for (const auto& [name, value] : jar) cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
    if (!cookies.empty()) out.emplace("Cookie", cookies);
    const auto it = jar.find("pond_csrf");
    const std::string token = it == jar.end() ? std::string() : it->second;
    switch (csrf) {
      case Csrf::right:
        out.emplace("X-CSRF-Token", token);
        break;
      case Csrf::wrong:
        out.emplace("X-CSRF-Token", random_token());
        break;
      case Csrf::header_only:
        out.emplace("X-CSRF-Token", random_token());
        break;
      case Csrf::missing:
        break;
    }
    return out;
  }

  Reply absorb(const httplib::Result& result) {
    Reply reply;
    if (!result) {
      reply.body = "no answer: " + httplib::to_string(result.error());
      return reply;
    }
    reply.status = result->status;
    reply.body = result->body;
    reply.headers = result->headers;
    for (const auto& header : reply.set_cookies()) {
      const auto eq = header.find('=');
      const auto end = header.find(';');
      if (eq == std::string::npos) continue;
      const std::string name = header.substr(0, eq);
      const std::string value = header.substr(eq + 1, end == std::string::npos ? std::string::npos : end - eq - 1);
      if (value.empty() || header.find("Max-Age=0") != std::string::npos) {
        jar.erase(name);
      } else {
        jar[name] = value;
      }
    }
    return reply;
  }

  std::unique_ptr<httplib::Client> client_;
};

// ---------------------------------------------------------------------------------------------------
// Checks.

// The answer is the JSON error of `status` whose message mentions `mention`.
::testing::AssertionResult is_error(const Reply& reply, int status, const std::string& mention = "") {
  if (reply.status != status) return ::testing::AssertionFailure() << "expected " << status << ", got " << reply;
  if (reply.header("Content-Type").rfind("application/json", 0) != 0) {
    return ::testing::AssertionFailure() << "not JSON (" << reply.header("Content-Type") << "): " << reply;
  }
  const auto body = reply.parsed();
  if (!body.is_object() || body.size() != 1 || !body.contains("error") || !body["error"].is_object()) {
    return ::testing::AssertionFailure() << "not {\"error\": {...}}: " << reply;
  }
  const auto& error = body["error"];
  if (!error.contains("status") || error["status"] != status) {
    return ::testing::AssertionFailure() << "error.status is not " << status << ": " << reply;
  }
  if (!error.contains("message") || !error["message"].is_string() || error["message"].get<std::string>().empty()) {
    return ::testing::AssertionFailure() << "error.message is not a non-empty string: " << reply;
  }
  if (error["message"].get<std::string>().find(mention) == std::string::npos) {
    return ::testing::AssertionFailure() << "error.message does not mention '" << mention << "': " << reply;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult is_ok(const Reply& reply, int status = 200) {
  if (reply.status != status) return ::testing::AssertionFailure() << "expected " << status << ", got " << reply;
  if (reply.header("Content-Type").rfind("application/json", 0) != 0) {
    return ::testing::AssertionFailure() << "not JSON (" << reply.header("Content-Type") << "): " << reply;
  }
  if (!reply.parsed().is_object()) return ::testing::AssertionFailure() << "not a JSON object: " << reply;
  return ::testing::AssertionSuccess();
}

// Width and height from a PNG's IHDR, or -1, -1 when the bytes are no PNG.
std::pair<int, int> png_size(const std::string& bytes) {
  static const std::string signature("\x89PNG\r\n\x1a\n", 8);
  if (bytes.size() < 24 || bytes.compare(0, 8, signature) != 0 || bytes.compare(12, 4, "IHDR") != 0) return {-1, -1};
  const auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return static_cast<int>(v);
  };
  return {be32(16), be32(20)};
}

::testing::AssertionResult is_png(const Reply& reply, int size) {
  if (reply.status != 200) return ::testing::AssertionFailure() << "expected 200, got " << reply;
  if (reply.header("Content-Type") != "image/png") {
    return ::testing::AssertionFailure() << "Content-Type is " << reply.header("Content-Type");
  }
  const auto [w, h] = png_size(reply.body);
  if (w != size || h != size) return ::testing::AssertionFailure() << "PNG is " << w << " x " << h << ", not " << size;
  return ::testing::AssertionSuccess();
}

// A small paintable genome document, built with pond's own writer.
json ramp_genome() {
  auto g = pond::neat::Genome::empty(4, 3, pond::neat::Activation::sine);
  g.connections.push_back({0, 0, 4, 1.0, true});
  g.connections.push_back({1, 1, 5, -0.5, true});
  g.connections.push_back({2, 2, 6, 2.0, true});
  return pond::neat::genome_to_json(g);
}

// A valid genome whose enabled connections make a cycle (7 -> 8 -> 7).
json cyclic_genome() {
  auto g = pond::neat::Genome::empty(4, 1, pond::neat::Activation::sine);
  g.nodes.push_back({7, pond::neat::NodeKind::hidden, pond::neat::Activation::tanh});
  g.nodes.push_back({8, pond::neat::NodeKind::hidden, pond::neat::Activation::tanh});
  g.connections.push_back({0, 0, 7, 1.0, true});
  g.connections.push_back({1, 7, 8, 1.0, true});
  g.connections.push_back({2, 8, 7, 1.0, true});
  g.connections.push_back({3, 8, 4, 1.0, true});
  return pond::neat::genome_to_json(g);
}

// ---------------------------------------------------------------------------------------------------
// A server on a free port, answering from its own thread.

class RunningServer {
 public:
  explicit RunningServer(const ServerOptions& options) : server_(options) {
    port_ = server_.bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_.run(); });
    server_.wait_until_ready();
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  int port() const noexcept { return port_; }

 private:
  Server server_;
  int port_ = 0;
  std::thread thread_;
};

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_sodium(); }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("pond-serve-api-test-" + random_token().substr(0, 16));
    start();
  }
  void TearDown() override {
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  ServerOptions options() const {
    ServerOptions options;
    options.data_dir = dir_;
    options.web_dir = std::filesystem::path(POND_SOURCE_DIR) / "web";
    options.password_cost = PasswordCost::minimum();
    options.login_failures = 3;
    return options;
  }
  void start() { server_ = std::make_unique<RunningServer>(options()); }
  // Stops the server (destroying it) and starts a new one on the same data directory.
  void restart() {
    server_.reset();
    start();
  }
  int port() const { return server_->port(); }
  Browser browser() const { return Browser(port()); }

  // Registers `name` (and so logs in); the user object.
  static json register_user(Browser& b, const std::string& name) {
    const auto reply = b.post("/api/register", json{{"name", name}, {"password", password}});
    EXPECT_TRUE(is_ok(reply, 201));
    return reply.parsed().value("user", json());
  }
  // Starts a breeding session; the session object.
  static json start_breed(Browser& b, const json& body = json{{"colour", true}, {"strength", 1.0}}) {
    const auto reply = b.post("/api/breeds", body);
    EXPECT_TRUE(is_ok(reply, 201));
    return reply.parsed();
  }
  static json evolve(Browser& b, const json& session, const json& chosen) {
    const auto reply = b.post("/api/breeds/" + session.at("id").get<std::string>() + "/evolve", json{{"chosen", chosen}});
    EXPECT_TRUE(is_ok(reply));
    return reply.parsed();
  }
  // Publishes child `child` of the shown page of `session`; the picture object.
  static json publish(Browser& b, const json& session, int child, const std::string& title,
                      const json& tags = json::array()) {
    const auto reply = b.post("/api/pictures", json{{"breed", session.at("id")},
                                                    {"page", session.at("page").at("id")},
                                                    {"child", child},
                                                    {"title", title},
                                                    {"tags", tags}});
    EXPECT_TRUE(is_ok(reply, 201));
    return reply.parsed();
  }
  static std::string breed_path(const json& session) { return "/api/breeds/" + session.at("id").get<std::string>(); }
  static std::string picture_path(const json& picture) { return "/api/pictures/" + std::to_string(picture.at("id").get<std::int64_t>()); }
  static std::vector<std::int64_t> ids_of(const Reply& reply) {
    std::vector<std::int64_t> ids;
    for (const auto& p : reply.parsed().value("pictures", json::array())) ids.push_back(p["id"].get<std::int64_t>());
    return ids;
  }

  std::filesystem::path dir_;
  std::unique_ptr<RunningServer> server_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------------
// The happy path.

TEST_F(Api, MeGivesACsrfCookie) {
  Browser b = browser();
  const auto reply = b.get("/api/me");
  ASSERT_TRUE(is_ok(reply));
  auto body = reply.parsed();
  EXPECT_TRUE(body["user"].is_null());
  ASSERT_TRUE(body["csrf"].is_string());
  const std::string csrf = body["csrf"];
  EXPECT_EQ(csrf.size(), 64u);
  const std::string cookie = reply.set_cookie("pond_csrf");
  ASSERT_FALSE(cookie.empty()) << "no pond_csrf cookie";
  EXPECT_EQ(cookie.rfind("pond_csrf=" + csrf + ";", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("HttpOnly"), std::string::npos) << "the page must be able to read it: " << cookie;
  // With the cookie, the same token comes back and no new cookie is set.
  const auto again = b.get("/api/me");
  ASSERT_TRUE(is_ok(again));
  EXPECT_EQ(again.parsed()["csrf"], csrf);
  EXPECT_TRUE(again.set_cookie("pond_csrf").empty());
}

TEST_F(Api, RegisterLogsIn) {
  Browser b = browser();
  const auto reply = b.post("/api/register", json{{"name", "ada"}, {"password", password}});
  ASSERT_TRUE(is_ok(reply, 201));
  EXPECT_EQ(reply.parsed()["user"]["name"], "ada");
  EXPECT_TRUE(reply.parsed()["user"]["id"].is_number_integer());
  EXPECT_EQ(reply.body.find("argon2"), std::string::npos) << "the hash must never be sent";
  const auto me = b.get("/api/me");
  ASSERT_TRUE(is_ok(me));
  EXPECT_EQ(me.parsed()["user"]["name"], "ada");
  // Logging in again from another browser works too.
  Browser other = browser();
  const auto login = other.post("/api/login", json{{"name", "ADA"}, {"password", password}});
  ASSERT_TRUE(is_ok(login));
  EXPECT_EQ(login.parsed()["user"]["name"], "ada");
  EXPECT_EQ(other.get("/api/me").parsed()["user"]["name"], "ada");
}

TEST_F(Api, BreedingSession) {
  Browser b = browser();
  register_user(b, "ada");
  auto started = start_breed(b);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(started["id"].get<std::string>().size(), 64u);
  EXPECT_EQ(started["colour"], true);
  EXPECT_EQ(started["strength"], 1.0);
  EXPECT_EQ(started["current"], 0);
  EXPECT_EQ(started["last"], 0);
  EXPECT_EQ(started["can_back"], false);
  EXPECT_EQ(started["can_forward"], false);
  EXPECT_TRUE(started["branched_from"].is_null());
  EXPECT_EQ(started["generations"], 0);
  EXPECT_EQ(started["page"]["number"], 0);
  EXPECT_EQ(started["page"]["chosen"], json::array());
  const auto& children = started["page"]["children"];
  ASSERT_EQ(children.size(), 15u);
  for (std::size_t k = 0; k < children.size(); ++k) {
    EXPECT_EQ(children[k]["index"], k);
    const int size = 16 + static_cast<int>(k) * 4;
    EXPECT_TRUE(is_png(b.get(children[k]["png"].get<std::string>() + "?size=" + std::to_string(size)), size)) << k;
  }
  EXPECT_TRUE(is_png(b.get(children[0]["png"].get<std::string>()), 128)) << "the default size";
  const auto genome = b.get(children[3]["genome"].get<std::string>());
  ASSERT_TRUE(is_ok(genome));
  EXPECT_EQ(genome.parsed()["format"], "pond-neat-genome");
  auto page0_child1 = b.get(children[1]["genome"].get<std::string>()).parsed();

  // The session reads back as it is.
  const auto shown = b.get(breed_path(started));
  ASSERT_TRUE(is_ok(shown));
  EXPECT_EQ(shown.parsed()["page"]["id"], started["page"]["id"]);

  // Evolve from children 1 and 2: the first chosen child is kept as child 0.
  auto evolved = evolve(b, started, {1, 2});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(evolved["current"], 1);
  EXPECT_EQ(evolved["last"], 1);
  EXPECT_EQ(evolved["can_back"], true);
  EXPECT_EQ(evolved["can_forward"], false);
  EXPECT_EQ(evolved["generations"], 1);
  EXPECT_EQ(evolved["page"]["number"], 1);
  EXPECT_EQ(evolved["page"]["chosen"], json::array({1, 2}));
  EXPECT_NE(evolved["page"]["id"], started["page"]["id"]);
  ASSERT_EQ(evolved["page"]["children"].size(), 15u);
  EXPECT_EQ(b.get(evolved["page"]["children"][0]["genome"].get<std::string>()).parsed(), page0_child1);
  EXPECT_TRUE(is_png(b.get(evolved["page"]["children"][14]["png"].get<std::string>() + "?size=32"), 32));

  // Back and forward move along the history.
  const auto back = b.post(breed_path(started) + "/back");
  ASSERT_TRUE(is_ok(back));
  EXPECT_EQ(back.parsed()["current"], 0);
  EXPECT_EQ(back.parsed()["last"], 1);
  EXPECT_EQ(back.parsed()["can_forward"], true);
  EXPECT_EQ(back.parsed()["page"]["id"], started["page"]["id"]);
  const auto forward = b.post(breed_path(started) + "/forward");
  ASSERT_TRUE(is_ok(forward));
  EXPECT_EQ(forward.parsed()["current"], 1);
  EXPECT_EQ(forward.parsed()["page"]["id"], evolved["page"]["id"]);
  EXPECT_TRUE(is_error(b.post(breed_path(started) + "/forward"), 400)) << "forward on the last page";

  // Redo: the same page number, bred again (a new page id), from the same parents.
  const auto redone = b.post(breed_path(started) + "/redo", json{{"strength", 0.5}});
  ASSERT_TRUE(is_ok(redone));
  EXPECT_EQ(redone.parsed()["current"], 1);
  EXPECT_EQ(redone.parsed()["page"]["number"], 1);
  EXPECT_EQ(redone.parsed()["page"]["chosen"], json::array({1, 2}));
  EXPECT_EQ(redone.parsed()["strength"], 0.5);
  EXPECT_NE(redone.parsed()["page"]["id"], evolved["page"]["id"]);
  EXPECT_EQ(b.get(redone.parsed()["page"]["children"][0]["genome"].get<std::string>()).parsed(), page0_child1);
  EXPECT_TRUE(is_error(b.get(evolved["page"]["children"][0]["png"].get<std::string>()), 404))
      << "the replaced page is gone";
  // Redo with no body keeps the strength.
  const auto redone_again = b.post(breed_path(started) + "/redo");
  ASSERT_TRUE(is_ok(redone_again));
  EXPECT_EQ(redone_again.parsed()["strength"], 0.5);

  // Settings: the strength changes; the colour cannot change past page 0.
  const auto set = b.post(breed_path(started) + "/settings", json{{"strength", 2.0}});
  ASSERT_TRUE(is_ok(set));
  EXPECT_EQ(set.parsed()["strength"], 2.0);
  EXPECT_EQ(b.get(breed_path(started)).parsed()["strength"], 2.0);
  EXPECT_TRUE(is_error(b.post(breed_path(started) + "/settings", json{{"colour", false}}), 400, "colour"));

  // The logged-in user's sessions.
  const auto list = b.get("/api/breeds");
  ASSERT_TRUE(is_ok(list));
  ASSERT_EQ(list.parsed()["breeds"].size(), 1u);
  EXPECT_EQ(list.parsed()["breeds"][0]["id"], started["id"]);
  EXPECT_EQ(list.parsed()["breeds"][0]["current"], 1);
}

TEST_F(Api, EvolvingFromAnEarlierPageDropsTheLaterOnes) {
  Browser b = browser();
  auto started = start_breed(b);
  auto one = evolve(b, started, {0});
  auto two = evolve(b, one, {3});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(two["last"], 2);
  ASSERT_TRUE(is_ok(b.post(breed_path(started) + "/back")));
  ASSERT_TRUE(is_ok(b.post(breed_path(started) + "/back")));
  auto other = evolve(b, started, {5, 6, 7});
  EXPECT_EQ(other["current"], 1);
  EXPECT_EQ(other["last"], 1);
  EXPECT_EQ(other["page"]["chosen"], json::array({5, 6, 7}));
  EXPECT_TRUE(is_error(b.get(two["page"]["children"][0]["png"].get<std::string>()), 404));
}

TEST_F(Api, GreyscaleSessionsAndColourSettings) {
  Browser b = browser();
  auto grey = start_breed(b, json{{"colour", false}});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(grey["colour"], false);
  auto genome = b.get(grey["page"]["children"][0]["genome"].get<std::string>()).parsed();
  EXPECT_EQ(genome["outputs"], 1);
  // Colour may change on page 0 of a fresh session: the page is bred again.
  const auto recoloured = b.post(breed_path(grey) + "/settings", json{{"colour", true}});
  ASSERT_TRUE(is_ok(recoloured));
  EXPECT_EQ(recoloured.parsed()["colour"], true);
  EXPECT_NE(recoloured.parsed()["page"]["id"], grey["page"]["id"]);
  EXPECT_EQ(b.get(recoloured.parsed()["page"]["children"][0]["genome"].get<std::string>()).parsed()["outputs"], 3);
}

TEST_F(Api, AnimatedSessionsBreedAndPublishLoopingGifs) {
  Browser b = browser();
  register_user(b, "flicker");
  auto session = start_breed(b, json{{"animated", true}});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(session.at("animated"), true);
  const auto& first = session.at("page").at("children").at(3);
  EXPECT_EQ(b.get(first.at("genome").get<std::string>()).parsed().at("inputs"), 5);
  const auto gif = b.get(first.at("gif").get<std::string>() + "?size=32");
  ASSERT_EQ(gif.status, 200);
  EXPECT_EQ(gif.header("Content-Type"), "image/gif");
  ASSERT_GE(gif.body.size(), 10u);
  EXPECT_EQ(gif.body.substr(0, 6), "GIF89a");
  EXPECT_EQ(static_cast<unsigned char>(gif.body[6]) | (static_cast<unsigned char>(gif.body[7]) << 8), 32);  // width
  EXPECT_TRUE(is_error(b.get(first.at("gif").get<std::string>() + "?size=300"), 400, "size"));
  // Children of an animation are animations; what is published from them too, and its branches.
  session = evolve(b, session, json{3});
  EXPECT_EQ(session.at("animated"), true);
  EXPECT_TRUE(session.at("page").at("children").at(1).contains("gif"));
  const auto picture = publish(b, session, 1, "Pulse");
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(picture.at("animated"), true);
  const auto big = b.get(picture.at("gif").get<std::string>());
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.body.substr(0, 6), "GIF89a");
  EXPECT_EQ(b.get(picture.at("png").get<std::string>() + "?size=64").status, 200);  // a still at t = 0
  const auto branch = start_breed(b, json{{"from", picture.at("id")}});
  EXPECT_EQ(branch.at("animated"), true);
  // A still session has no GIFs, and asking for one is a clear 400.
  const auto still = start_breed(b);
  EXPECT_FALSE(still.at("page").at("children").at(0).contains("gif"));
  const std::string still_png = still.at("page").at("children").at(0).at("png").get<std::string>();
  EXPECT_TRUE(is_error(b.get(still_png.substr(0, still_png.size() - 4) + ".gif"), 400, "not an animation"));
}

TEST_F(Api, BreedingNeedsNoAccountButListingDoes) {
  Browser b = browser();
  auto started = start_breed(b);
  ASSERT_FALSE(HasFailure());
  evolve(b, started, {0});
  EXPECT_TRUE(is_error(b.get("/api/breeds"), 401));
  // Anyone who knows the id may breed in it.
  Browser other = browser();
  EXPECT_TRUE(is_ok(other.get(breed_path(started))));
  EXPECT_TRUE(is_ok(other.post(breed_path(started) + "/back")));
}

TEST_F(Api, PublishBranchBrowseAndLineage) {
  Browser ada = browser();
  register_user(ada, "ada");
  auto session = evolve(ada, start_breed(ada), {0});
  ASSERT_FALSE(HasFailure());
  auto child3 = ada.get(session["page"]["children"][3]["genome"].get<std::string>()).parsed();
  auto skull = publish(ada, session, 3, "Skull", {"Face", "spooky"});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(skull["title"], "Skull");
  EXPECT_EQ(skull["tags"], json::array({"face", "spooky"}));
  EXPECT_EQ(skull["author"], "ada");
  EXPECT_EQ(skull["colour"], true);
  EXPECT_TRUE(skull["parent"].is_null());
  EXPECT_EQ(skull["generations"], 1);
  EXPECT_EQ(skull["branches"], 0);
  EXPECT_TRUE(skull["created"].is_number_integer());
  const std::string skull_path = picture_path(skull);
  EXPECT_EQ(skull["png"], skull_path + ".png");
  EXPECT_EQ(skull["genome"], skull_path + "/genome");
  EXPECT_TRUE(is_png(ada.get(skull_path + ".png?size=64"), 64));

  // The genome download: the child's genome, as an attachment.
  const auto download = ada.get(skull_path + "/genome");
  ASSERT_EQ(download.status, 200) << download;
  EXPECT_NE(download.header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(download.header("Content-Disposition").find("filename="), std::string::npos);
  EXPECT_EQ(download.parsed(), child3);

  // A second user branches from it, evolves and publishes.
  Browser bob = browser();
  register_user(bob, "bob");
  const auto branch_reply = bob.post("/api/breeds", json{{"from", skull["id"]}, {"strength", 1.5}});
  ASSERT_TRUE(is_ok(branch_reply, 201));
  auto branch = branch_reply.parsed();
  EXPECT_EQ(branch["branched_from"], skull["id"]);
  EXPECT_EQ(branch["generations"], 1);
  EXPECT_EQ(branch["strength"], 1.5);
  EXPECT_EQ(bob.get(branch["page"]["children"][0]["genome"].get<std::string>()).parsed(), child3)
      << "a branch starts with the picture itself";
  auto bred = evolve(bob, branch, {0, 4});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(bred["generations"], 2);
  auto kid = publish(bob, bred, 2, "Skull kid", {"kid"});
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(kid["parent"], skull["id"]);
  EXPECT_EQ(kid["generations"], 2);
  EXPECT_EQ(kid["author"], "bob");

  // The picture page lists its branches.
  const auto shown = ada.get(skull_path);
  ASSERT_TRUE(is_ok(shown));
  EXPECT_EQ(shown.parsed()["branches"], 1);
  ASSERT_EQ(shown.parsed()["children"].size(), 1u);
  EXPECT_EQ(shown.parsed()["children"][0]["id"], kid["id"]);
  EXPECT_EQ(shown.parsed()["children"][0]["title"], "Skull kid");

  // A third picture, unrelated.
  auto other = publish(ada, session, 7, "Waves", {"sea"});
  ASSERT_FALSE(HasFailure());
  const auto skull_id = skull["id"].get<std::int64_t>();
  const auto kid_id = kid["id"].get<std::int64_t>();
  const auto other_id = other["id"].get<std::int64_t>();

  // Browsing.
  const auto recent = ada.get("/api/pictures");
  ASSERT_TRUE(is_ok(recent));
  EXPECT_EQ(ids_of(recent), (std::vector<std::int64_t>{other_id, kid_id, skull_id}));
  EXPECT_EQ(ids_of(ada.get("/api/pictures?sort=recent")), (std::vector<std::int64_t>{other_id, kid_id, skull_id}));
  const auto branched = ids_of(ada.get("/api/pictures?sort=branched"));
  ASSERT_EQ(branched.size(), 3u);
  EXPECT_EQ(branched[0], skull_id);
  EXPECT_EQ(ids_of(ada.get("/api/pictures?tag=face")), std::vector<std::int64_t>{skull_id});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?tag=FACE")), std::vector<std::int64_t>{skull_id});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?tag=nothing")), std::vector<std::int64_t>{});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?q=skul")), (std::vector<std::int64_t>{kid_id, skull_id}));
  EXPECT_EQ(ids_of(ada.get("/api/pictures?q=WAVE")), std::vector<std::int64_t>{other_id});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?q=spook")), std::vector<std::int64_t>{skull_id}) << "q matches tags too";
  EXPECT_EQ(ids_of(ada.get("/api/pictures?user=bob")), std::vector<std::int64_t>{kid_id});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?user=ADA")), (std::vector<std::int64_t>{other_id, skull_id}));
  EXPECT_EQ(ids_of(ada.get("/api/pictures?user=nobody")), std::vector<std::int64_t>{});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?limit=1&offset=1")), std::vector<std::int64_t>{kid_id});
  EXPECT_EQ(ids_of(ada.get("/api/pictures?tag=face&user=bob")), std::vector<std::int64_t>{});

  // Lineage: from either end, both pictures and the one edge.
  for (const auto id : {skull_id, kid_id}) {
    const auto lineage = ada.get("/api/pictures/" + std::to_string(id) + "/lineage");
    ASSERT_TRUE(is_ok(lineage));
    auto body = lineage.parsed();
    EXPECT_EQ(body["root"], id);
    std::vector<std::int64_t> ids;
    for (const auto& p : body["pictures"]) ids.push_back(p["id"].get<std::int64_t>());
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::int64_t>{skull_id, kid_id}));
    EXPECT_EQ(body["edges"], json::array({json::array({skull_id, kid_id})}));
  }
  auto alone = ada.get("/api/pictures/" + std::to_string(other_id) + "/lineage").parsed();
  EXPECT_EQ(alone["pictures"].size(), 1u);
  EXPECT_EQ(alone["edges"], json::array());

  // Tags.
  const auto tags = ada.get("/api/tags");
  ASSERT_TRUE(is_ok(tags));
  std::map<std::string, int> counts;
  auto tag_list = tags.parsed();
  for (const auto& t : tag_list["tags"]) counts[t["tag"].get<std::string>()] = t["count"].get<int>();
  EXPECT_EQ(counts, (std::map<std::string, int>{{"face", 1}, {"kid", 1}, {"sea", 1}, {"spooky", 1}})) << tags.body;

  // Rendering the downloaded genome.
  auto rendered = ada.post("/api/render", json{{"genome", download.parsed()}, {"size", 48}});
  EXPECT_TRUE(is_png(rendered, 48));
  EXPECT_TRUE(is_png(ada.post("/api/render", json{{"genome", ramp_genome()}}), 256)) << "the default size";
}

TEST_F(Api, SessionAndDataSurviveARestart) {
  Browser ada = browser();
  register_user(ada, "ada");
  auto session = evolve(ada, start_breed(ada), {2});
  ASSERT_FALSE(HasFailure());
  auto picture = publish(ada, session, 5, "Kept", {"durable"});
  ASSERT_FALSE(HasFailure());

  restart();
  ada.connect(port());
  const auto me = ada.get("/api/me");
  ASSERT_TRUE(is_ok(me));
  EXPECT_EQ(me.parsed()["user"]["name"], "ada") << "the login survives";
  const auto shown = ada.get(breed_path(session));
  ASSERT_TRUE(is_ok(shown));
  EXPECT_EQ(shown.parsed()["current"], 1);
  EXPECT_EQ(shown.parsed()["page"]["id"], session["page"]["id"]);
  EXPECT_TRUE(is_png(ada.get(session["page"]["children"][5]["png"].get<std::string>() + "?size=20"), 20));
  const auto kept = ada.get(picture_path(picture));
  ASSERT_TRUE(is_ok(kept));
  EXPECT_EQ(kept.parsed()["title"], "Kept");
  EXPECT_EQ(kept.parsed()["tags"], json::array({"durable"}));
  // Work goes on where it stopped.
  auto next = evolve(ada, shown.parsed(), {5});
  EXPECT_EQ(next["current"], 2);
  EXPECT_EQ(ada.get("/api/breeds").parsed()["breeds"].size(), 1u);
  auto again = publish(ada, next, 0, "Kept too");
  EXPECT_GT(again["id"].get<std::int64_t>(), picture["id"].get<std::int64_t>());
}

TEST_F(Api, LogoutEndsTheLoginForGood) {
  Browser b = browser();
  register_user(b, "ada");
  const std::string token = b.jar.at("pond_session");
  const auto out = b.post("/api/logout");
  ASSERT_TRUE(is_ok(out));
  const std::string cookie = out.set_cookie("pond_session");
  EXPECT_NE(cookie.find("Max-Age=0"), std::string::npos) << cookie;
  EXPECT_TRUE(b.get("/api/me").parsed()["user"].is_null());
  // The old token is dead on the server too, not only forgotten by this browser.
  b.jar["pond_session"] = token;
  EXPECT_TRUE(b.get("/api/me").parsed()["user"].is_null());
  EXPECT_TRUE(is_error(b.get("/api/breeds"), 401));
}

TEST_F(Api, LoggingInReplacesTheOldLogin) {
  Browser b = browser();
  register_user(b, "ada");
  const std::string first = b.jar.at("pond_session");
  ASSERT_TRUE(is_ok(b.post("/api/login", json{{"name", "ada"}, {"password", password}})));
  const std::string second = b.jar.at("pond_session");
  EXPECT_NE(first, second);
  Browser stale = browser();
  stale.jar["pond_session"] = first;
  EXPECT_TRUE(stale.get("/api/me").parsed()["user"].is_null()) << "the replaced login must not work";
  EXPECT_EQ(b.get("/api/me").parsed()["user"]["name"], "ada");
}

// ---------------------------------------------------------------------------------------------------
// Bad input.

TEST_F(Api, MalformedBodies) {
  Browser b = browser();
  EXPECT_TRUE(is_error(b.post("/api/register", std::string("{\"name\": \"ada\", ")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/register", std::string("not json at all")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", std::string("{\"colour\": tru}")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/register", std::string("[\"ada\", \"password\"]")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", std::string("\"text\"")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", std::string("42")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", std::string("null")), 400, "body"));
  EXPECT_TRUE(is_error(b.post("/api/render", std::string("{\"genome\": [1, 2]}")), 400, "genome"));
  EXPECT_TRUE(is_error(b.post("/api/render", std::string("{}")), 400, "genome"));
  // Invalid UTF-8 in a string field.
  EXPECT_TRUE(is_error(b.post("/api/register", std::string("{\"name\": \"ad\xff\xfe\", \"password\": \"12345678\"}")), 400));
}

TEST_F(Api, OversizeBodiesAre413) {
  Browser b = browser();
  b.get("/api/me");
  const std::string big = "{\"title\": \"" + std::string(300 * 1024, 'x') + "\"}";
  EXPECT_TRUE(is_error(b.post("/api/pictures", big), 413));
  EXPECT_TRUE(is_error(b.post("/api/render", big), 413));
  // The server is still fine afterwards.
  EXPECT_TRUE(is_ok(b.get("/api/me")));
}

// The first line the server answers to `raw`, sent as is on a fresh connection.
std::string raw_status_line(int port, const std::string& raw) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, raw.data(), raw.size(), 0) == static_cast<ssize_t>(raw.size())) {
    char buffer[512];
    const auto got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got > 0) answer.assign(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return answer.substr(0, answer.find("\r\n"));
}

TEST_F(Api, ChunkedAndCompressedBodiesAreRefusedBeforeReading) {
  // httplib checks its body limit against Content-Length only: these would be read (or inflated)
  // whole, whatever their size, so they are refused from their headers.
  EXPECT_EQ(raw_status_line(port(), "POST /api/register HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    "5\r\nhello\r\n0\r\n\r\n"),
            "HTTP/1.1 411 Length Required");
  EXPECT_EQ(raw_status_line(port(), "POST /api/register HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                                    "Content-Length: 4\r\n\r\nabcd"),
            "HTTP/1.1 415 Unsupported Media Type");
  EXPECT_TRUE(is_ok(browser().get("/api/me")));
}

TEST_F(Api, PicturesCostAtMostABudget) {
  Browser b = browser();
  b.get("/api/me");
  // A genome near the size limit: 299 nodes, 1,400 connections. Small pictures of it are fine; a
  // large one would cost seconds and is refused naming the largest size that fits.
  auto g = pond::neat::Genome::empty(4, 3, pond::neat::Activation::sine);
  std::uint64_t innovation = 0;
  for (std::uint32_t h = 0; h < 292; ++h) {
    g.nodes.push_back({7 + h, pond::neat::NodeKind::hidden, pond::neat::Activation::tanh});
    for (std::uint32_t from = 0; from < 4 && g.connections.size() < 1400; ++from) {
      g.connections.push_back({innovation++, from, 7 + h, 0.1, true});
    }
    g.connections.push_back({innovation++, 7 + h, 4 + h % 3, 0.1, true});
  }
  const auto big = pond::neat::genome_to_json(g);
  EXPECT_TRUE(is_png(b.post("/api/render", json{{"genome", big}, {"size", 64}}), 64));
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", big}, {"size", 1024}}), 400, "size: at most"));
}

TEST(ApiLimits, BreedingRequestsArePerAddressPerMinute) {
  init_sodium();
  ServerOptions options;
  options.data_dir = std::filesystem::temp_directory_path() / ("pond-serve-limit-test-" + random_token().substr(0, 16));
  options.web_dir = std::filesystem::path(POND_SOURCE_DIR) / "web";
  options.password_cost = PasswordCost::minimum();
  options.breeding = 3;
  {
    RunningServer server(options);
    Browser b(server.port());
    b.get("/api/me");
    const auto started = b.post("/api/breeds", json::object());
    ASSERT_TRUE(is_ok(started, 201));
    const std::string path = "/api/breeds/" + started.parsed().at("id").get<std::string>();
    EXPECT_TRUE(is_ok(b.post(path + "/evolve", json{{"chosen", {1}}})));
    EXPECT_TRUE(is_ok(b.post(path + "/redo")));
    EXPECT_TRUE(is_error(b.post(path + "/evolve", json{{"chosen", {1}}}), 429, "breeding"));
    EXPECT_TRUE(is_error(b.post("/api/breeds", json::object()), 429, "breeding"));
    EXPECT_TRUE(is_ok(b.post(path + "/back")));  // moving through pages breeds nothing
    EXPECT_TRUE(is_ok(b.get(path)));
  }
  std::error_code ignored;
  std::filesystem::remove_all(options.data_dir, ignored);
}

TEST_F(Api, RenderRejectsBadGenomes) {
  Browser b = browser();
  // Too many nodes or connections: 413 before anything else is read.
  json many_nodes = {{"genome", {{"nodes", json::array()}, {"connections", json::array()}}}};
  for (int i = 0; i < 2001; ++i) many_nodes["genome"]["nodes"].push_back(json::object());
  EXPECT_TRUE(is_error(b.post("/api/render", many_nodes), 413, "genome"));
  json many_connections = {{"genome", {{"nodes", json::array()}, {"connections", json::array()}}}};
  for (int i = 0; i < 20001; ++i) many_connections["genome"]["connections"].push_back(0);
  EXPECT_TRUE(is_error(b.post("/api/render", many_connections), 413, "genome"));

  // A malformed genome: the message names the field.
  auto bad_weight = ramp_genome();
  bad_weight["connections"][1]["weight"] = "heavy";
  const auto weight = b.post("/api/render", json{{"genome", bad_weight}});
  EXPECT_TRUE(is_error(weight, 400, "genome: "));
  EXPECT_TRUE(is_error(weight, 400, "connections[1].weight"));
  auto bad_format = ramp_genome();
  bad_format["format"] = "something else";
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", bad_format}}), 400, "format"));
  auto missing = ramp_genome();
  missing.erase("nodes");
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", missing}}), 400, "nodes"));
  auto dangling = ramp_genome();
  dangling["connections"][0]["to"] = 99;
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", dangling}}), 400, "genome: "));
  auto wrong_inputs = pond::neat::genome_to_json(pond::neat::Genome::empty(2, 3));
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", wrong_inputs}}), 400, "genome: "));

  // A cycle.
  const auto cycle = b.post("/api/render", json{{"genome", cyclic_genome()}});
  EXPECT_TRUE(is_error(cycle, 400, "genome: "));
  EXPECT_TRUE(is_error(cycle, 400, "cycle"));

  // The size.
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", ramp_genome()}, {"size", 2000}}), 400, "size"));
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", ramp_genome()}, {"size", 15}}), 400, "size"));
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", ramp_genome()}, {"size", "big"}}), 400, "size"));
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", ramp_genome()}, {"size", 64.5}}), 400, "size"));
  EXPECT_TRUE(is_png(b.post("/api/render", json{{"genome", ramp_genome()}, {"size", 16}}), 16));
}

TEST_F(Api, UnknownIdsAre404) {
  Browser b = browser();
  register_user(b, "ada");
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  const std::string page = std::to_string(session["page"]["id"].get<std::int64_t>());
  const std::string nobody = std::string(64, 'a');

  EXPECT_TRUE(is_error(b.get("/api/pictures/999999"), 404));
  EXPECT_TRUE(is_error(b.get("/api/pictures/999999.png"), 404));
  EXPECT_TRUE(is_error(b.get("/api/pictures/999999/genome"), 404));
  EXPECT_TRUE(is_error(b.get("/api/pictures/999999/lineage"), 404));
  EXPECT_TRUE(is_error(b.get("/api/pictures/999999999999999999"), 404));
  EXPECT_TRUE(is_error(b.get("/api/pictures/0"), 404));
  EXPECT_TRUE(is_error(b.get("/api/pictures/abc"), 404));

  EXPECT_TRUE(is_error(b.get("/api/breeds/" + nobody), 404));
  EXPECT_TRUE(is_error(b.post("/api/breeds/" + nobody + "/evolve", json{{"chosen", {0}}}), 404));
  EXPECT_TRUE(is_error(b.post("/api/breeds/" + nobody + "/back"), 404));
  EXPECT_TRUE(is_error(b.post("/api/breeds/" + nobody + "/redo"), 404));
  EXPECT_TRUE(is_error(b.post("/api/breeds/" + nobody + "/settings", json{{"strength", 1.0}}), 404));
  EXPECT_TRUE(is_error(b.get("/api/breeds/not-a-session"), 404));
  EXPECT_TRUE(is_error(b.get("/api/breeds/" + std::string(64, 'G')), 404));

  const std::string pages = breed_path(session) + "/pages/";
  EXPECT_TRUE(is_error(b.get(pages + "999999/children/0.png"), 404));
  EXPECT_TRUE(is_error(b.get(pages + "999999/children/0/genome"), 404));
  EXPECT_TRUE(is_error(b.get(pages + page + "/children/15.png"), 404));
  EXPECT_TRUE(is_error(b.get(pages + page + "/children/15/genome"), 404));
  EXPECT_TRUE(is_error(b.get(pages + page + "/children/99.png"), 404));
  EXPECT_TRUE(is_error(b.get(pages + page + "/children/100.png"), 404));
  EXPECT_TRUE(is_png(b.get(pages + page + "/children/14.png?size=16"), 16));
  // A session's pages are private to whoever knows its id: page ids are sequential, so another
  // session's id with this page is not found.
  const auto stranger = start_breed(b);
  EXPECT_TRUE(is_error(b.get(breed_path(stranger) + "/pages/" + page + "/children/0.png"), 404));
  EXPECT_TRUE(is_error(b.get(breed_path(stranger) + "/pages/" + page + "/children/0/genome"), 404));
  EXPECT_TRUE(is_error(b.get("/api/breeds/" + nobody + "/pages/" + page + "/children/0/genome"), 404));
  EXPECT_EQ(b.get(pages + page + "/children/0.png").header("Cache-Control"), "private, max-age=31536000, immutable");

  EXPECT_TRUE(is_error(b.post("/api/breeds", json{{"from", 999999}}), 404, "from"));
  EXPECT_TRUE(is_error(b.post("/api/pictures", json{{"breed", nobody}, {"page", session["page"]["id"]}, {"child", 0}, {"title", "x"}}),
                       404, "breed"));
  EXPECT_TRUE(is_error(b.post("/api/pictures", json{{"breed", session["id"]}, {"page", 999999}, {"child", 0}, {"title", "x"}}),
                       404, "page"));
  // A page of another session.
  auto other = start_breed(b);
  EXPECT_TRUE(is_error(b.post("/api/pictures", json{{"breed", session["id"]}, {"page", other["page"]["id"]}, {"child", 0}, {"title", "x"}}),
                       404, "page"));
}

TEST_F(Api, UnknownRoutesAre404Json) {
  Browser b = browser();
  EXPECT_TRUE(is_error(b.get("/api/nothing-here"), 404));
  EXPECT_TRUE(is_error(b.get("/api"), 404));
  EXPECT_TRUE(is_error(b.post("/api/nothing-here", json::object()), 404));
  EXPECT_TRUE(is_error(b.get("/no-such-file.js"), 404));
  // The page itself is there.
  const auto index = b.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.header("Content-Type").find("text/html"), std::string::npos);
  const auto script = b.get("/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_NE(script.header("Content-Type").find("javascript"), std::string::npos);
}

TEST_F(Api, TitlesAndSearchTakeInputLiterally) {
  Browser b = browser();
  register_user(b, "ada");
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  const std::string sql = "Robert'); DROP TABLE pictures; -- \"quoted\" 100% _x_ \\ ;";
  const std::string script = "<script>alert('x')</script> & <b>bold</b>";
  auto a = publish(b, session, 0, sql, {"tag_1"});
  auto c = publish(b, session, 1, script);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(a["title"], sql);
  EXPECT_EQ(c["title"], script);
  EXPECT_EQ(b.get(picture_path(a)).parsed()["title"], sql);
  EXPECT_EQ(b.get(picture_path(c)).parsed()["title"], script);

  const auto a_id = a["id"].get<std::int64_t>();
  const auto c_id = c["id"].get<std::int64_t>();
  EXPECT_EQ(ids_of(b.get("/api/pictures?q=" + encode("'); DROP TABLE"))), std::vector<std::int64_t>{a_id});
  EXPECT_EQ(ids_of(b.get("/api/pictures?q=" + encode("<script>"))), std::vector<std::int64_t>{c_id});
  EXPECT_EQ(ids_of(b.get("/api/pictures?q=" + encode("%"))), std::vector<std::int64_t>{a_id}) << "% means itself";
  EXPECT_EQ(ids_of(b.get("/api/pictures?q=" + encode("_x_"))), std::vector<std::int64_t>{a_id}) << "_ means itself";
  EXPECT_EQ(ids_of(b.get("/api/pictures?q=" + encode("' OR '1'='1"))), std::vector<std::int64_t>{});
  EXPECT_EQ(ids_of(b.get("/api/pictures?q=" + encode("\" OR 1=1 --"))), std::vector<std::int64_t>{});
  EXPECT_EQ(ids_of(b.get("/api/pictures?tag=" + encode("x' OR 1=1 --"))), std::vector<std::int64_t>{});
  EXPECT_EQ(ids_of(b.get("/api/pictures?tag=" + encode("%"))), std::vector<std::int64_t>{});
  EXPECT_EQ(ids_of(b.get("/api/pictures?user=" + encode("ada' --"))), std::vector<std::int64_t>{});
  const auto hostile = b.get("/api/pictures?q=" + encode("<script>alert(1)</script>'; DELETE FROM users; --"));
  EXPECT_TRUE(is_ok(hostile));

  // Names are checked, so a hostile one never gets in.
  Browser other = browser();
  EXPECT_TRUE(is_error(other.post("/api/register", json{{"name", "x'); DROP TABLE users;--"}, {"password", password}}), 400, "name"));
  EXPECT_TRUE(is_error(other.post("/api/register", json{{"name", "<script>"}, {"password", password}}), 400, "name"));
  // Tags are checked.
  EXPECT_TRUE(is_error(b.post("/api/pictures", json{{"breed", session["id"]}, {"page", session["page"]["id"]}, {"child", 2},
                                                    {"title", "t"}, {"tags", {"<script>"}}}),
                       400, "tags"));
  EXPECT_TRUE(is_error(b.post("/api/pictures", json{{"breed", session["id"]}, {"page", session["page"]["id"]}, {"child", 2},
                                                    {"title", "t"}, {"tags", {"a'b"}}}),
                       400, "tags"));

  // Every table still works.
  EXPECT_EQ(ids_of(b.get("/api/pictures")), (std::vector<std::int64_t>{c_id, a_id}));
  register_user(other, "bob");
  EXPECT_EQ(other.get("/api/me").parsed()["user"]["name"], "bob");
  EXPECT_TRUE(is_ok(b.get("/api/tags")));
  EXPECT_EQ(b.get("/api/breeds").parsed()["breeds"].size(), 1u);
  publish(other, evolve(other, start_breed(other), {0}), 0, "after");
  EXPECT_EQ(ids_of(b.get("/api/pictures")).size(), 3u);
}

TEST_F(Api, StaticFilesStayInsideTheWebDir) {
  Browser b = browser();
  for (const std::string path : {"/../CMakeLists.txt", "/views/../../CMakeLists.txt", "/%2e%2e/CMakeLists.txt",
                                 "/%2E%2E/CMakeLists.txt", "/views/%2e%2e/%2e%2e/CMakeLists.txt",
                                 "/..%2fCMakeLists.txt", "/%2e%2e%2fCMakeLists.txt", "/views/..%2f..%2fCMakeLists.txt",
                                 "/.%2e/CMakeLists.txt", "/%2e./CMakeLists.txt", "/..%5cCMakeLists.txt",
                                 "/../../../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                 "//etc/passwd", "/%2fetc%2fpasswd", "/views/../../README.md"}) {
    const auto reply = b.get(path);
    EXPECT_TRUE(reply.status == 404 || reply.status == 400 || reply.status == 403) << path << ": " << reply;
    EXPECT_EQ(reply.body.find("cmake_minimum_required"), std::string::npos) << path;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos) << path;
  }
  // Going up and down again inside the directory is fine.
  EXPECT_EQ(b.get("/views/../index.html").status, 200);
}

TEST_F(Api, CsrfIsRequiredOnEveryPost) {
  Browser b = browser();
  b.get("/api/me");
  ASSERT_TRUE(b.jar.count("pond_csrf"));
  const json body = {{"name", "ada"}, {"password", password}};
  EXPECT_TRUE(is_error(b.post("/api/register", body, Csrf::missing), 403, "CSRF"));
  EXPECT_TRUE(is_error(b.post("/api/register", body, Csrf::wrong), 403, "CSRF"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", json::object(), Csrf::missing), 403, "CSRF"));
  EXPECT_TRUE(is_error(b.post("/api/render", json{{"genome", ramp_genome()}}, Csrf::wrong), 403, "CSRF"));
  // A header without the cookie is refused too.
  Browser fresh = browser();
  EXPECT_TRUE(is_error(fresh.post("/api/breeds", json::object(), Csrf::header_only), 403, "CSRF"));
  // Nothing happened: no account was made.
  EXPECT_TRUE(is_error(b.post("/api/login", body), 401));
  // With the right token, it works.
  EXPECT_TRUE(is_ok(b.post("/api/register", body), 201));
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  for (const std::string action : {"/evolve", "/back", "/forward", "/redo", "/settings"}) {
    EXPECT_TRUE(is_error(b.post(breed_path(session) + action, json{{"chosen", {0}}}, Csrf::wrong), 403, "CSRF")) << action;
  }
  EXPECT_TRUE(is_error(b.post("/api/pictures", json{{"breed", session["id"]}, {"page", session["page"]["id"]}, {"child", 0}, {"title", "x"}},
                              Csrf::missing),
                       403, "CSRF"));
  EXPECT_TRUE(is_error(b.post("/api/logout", json::object(), Csrf::wrong), 403, "CSRF"));
  EXPECT_EQ(b.get("/api/me").parsed()["user"]["name"], "ada") << "the refused logout did nothing";
  EXPECT_EQ(b.get(breed_path(session)).parsed()["last"], 0) << "the refused evolve did nothing";
}

TEST_F(Api, PublishingNeedsALogin) {
  Browser b = browser();
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  const json body = {{"breed", session["id"]}, {"page", session["page"]["id"]}, {"child", 0}, {"title", "Mine"}};
  EXPECT_TRUE(is_error(b.post("/api/pictures", body), 401));
  EXPECT_EQ(ids_of(b.get("/api/pictures")), std::vector<std::int64_t>{});
  register_user(b, "ada");
  EXPECT_TRUE(is_ok(b.post("/api/pictures", body), 201));
}

TEST_F(Api, LoginFailuresAreLimited) {
  Browser ada = browser();
  register_user(ada, "ada");
  Browser b = browser();
  const json right = {{"name", "ada"}, {"password", password}};
  const json wrong = {{"name", "ada"}, {"password", "wrong password"}};
  EXPECT_TRUE(is_error(b.post("/api/login", json{{"name", "nobody"}, {"password", password}}), 401));
  EXPECT_TRUE(is_error(b.post("/api/login", wrong), 401));
  EXPECT_TRUE(is_error(b.post("/api/login", wrong), 401));
  // Three failures (login_failures = 3): now even the right password is refused.
  const auto refused = b.post("/api/login", right);
  EXPECT_TRUE(is_error(refused, 429));
  EXPECT_FALSE(b.jar.count("pond_session"));
  EXPECT_TRUE(is_error(b.post("/api/login", wrong), 429));
  // Another name from the same address is refused too (counted per address).
  EXPECT_TRUE(is_error(b.post("/api/login", json{{"name", "bob"}, {"password", password}}), 429));
  // The account itself is fine: the logged-in browser still works.
  EXPECT_EQ(ada.get("/api/me").parsed()["user"]["name"], "ada");
}

TEST_F(Api, RegistrationChecksNamesAndPasswords) {
  Browser b = browser();
  register_user(b, "Ada");
  ASSERT_FALSE(HasFailure());
  Browser other = browser();
  for (const std::string taken : {"Ada", "ada", "ADA", "aDA"}) {
    EXPECT_TRUE(is_error(other.post("/api/register", json{{"name", taken}, {"password", password}}), 400, "name")) << taken;
  }
  const json bad_names[] = {"ab", std::string(33, 'a'), "bad name", "name!", "na/me", "", "ünïcode", 42, json::array(), nullptr};
  for (const auto& name : bad_names) {
    EXPECT_TRUE(is_error(other.post("/api/register", json{{"name", name}, {"password", password}}), 400, "name")) << name;
  }
  EXPECT_TRUE(is_error(other.post("/api/register", json{{"password", password}}), 400, "name"));
  const json bad_passwords[] = {"short", "1234567", std::string(257, 'p'), 12345678, nullptr, std::string("tab\tword")};
  for (const auto& pw : bad_passwords) {
    EXPECT_TRUE(is_error(other.post("/api/register", json{{"name", "bob"}, {"password", pw}}), 400, "password")) << pw;
  }
  EXPECT_TRUE(is_error(other.post("/api/register", json{{"name", "bob"}}), 400, "password"));
  // The limits themselves are fine.
  EXPECT_TRUE(is_ok(other.post("/api/register", json{{"name", "b.o-b_1"}, {"password", "12345678"}}), 201));
  Browser third = browser();
  EXPECT_TRUE(is_ok(third.post("/api/register", json{{"name", std::string(32, 'c')}, {"password", std::string(256, 'p')}}), 201));
  // A wrong-typed login field is 400, not 401.
  EXPECT_TRUE(is_error(third.post("/api/login", json{{"name", 7}, {"password", password}}), 400, "name"));
  EXPECT_TRUE(is_error(third.post("/api/login", json{{"name", "ada"}}), 400, "password"));
}

TEST_F(Api, BreedingChecksItsInput) {
  Browser b = browser();
  for (const json& strength : {json(0), json(-1), json(4.0001), json(100), json("2"), json(true)}) {
    EXPECT_TRUE(is_error(b.post("/api/breeds", json{{"strength", strength}}), 400, "strength")) << strength;
  }
  EXPECT_TRUE(is_error(b.post("/api/breeds", json{{"colour", "yes"}}), 400, "colour"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", json{{"from", "seven"}}), 400, "from"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", json{{"from", 0}}), 400, "from"));
  EXPECT_TRUE(is_error(b.post("/api/breeds", json{{"from", -3}}), 400, "from"));
  EXPECT_TRUE(is_ok(b.post("/api/breeds", json{{"strength", 4}}), 201)) << "4 is allowed";

  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  const std::string path = breed_path(session);
  const json bad_chosen[] = {json::array(), json::array({1, 1}), json::array({15}), json::array({-1}), json::array({0, 99}), json::array({1.5}),
                             json::array({"1"}), json::array({true}), json("1"), json(3), nullptr,
                             json::array({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0})};
  for (const auto& chosen : bad_chosen) {
    EXPECT_TRUE(is_error(b.post(path + "/evolve", json{{"chosen", chosen}}), 400, "chosen")) << chosen;
  }
  EXPECT_TRUE(is_error(b.post(path + "/evolve", json::object()), 400, "chosen"));
  EXPECT_TRUE(is_error(b.post(path + "/evolve", json{{"chosen", {0}}, {"strength", 0}}), 400, "strength"));
  EXPECT_TRUE(is_error(b.post(path + "/evolve", json{{"chosen", {0}}, {"strength", 5}}), 400, "strength"));
  EXPECT_TRUE(is_error(b.post(path + "/redo", json{{"strength", -0.5}}), 400, "strength"));
  EXPECT_TRUE(is_error(b.post(path + "/settings", json{{"strength", 0}}), 400, "strength"));
  EXPECT_TRUE(is_error(b.post(path + "/settings", json{{"colour", 1}}), 400, "colour"));
  // Back on the first page, forward on the last.
  EXPECT_TRUE(is_error(b.post(path + "/back"), 400));
  EXPECT_TRUE(is_error(b.post(path + "/forward"), 400));
  // None of that changed the session.
  auto now = b.get(path).parsed();
  EXPECT_EQ(now["last"], 0);
  EXPECT_EQ(now["strength"], 1.0);
  EXPECT_EQ(now["page"]["id"], session["page"]["id"]);
  // All 15 may be chosen.
  auto all = evolve(b, session, {14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  EXPECT_EQ(all["page"]["chosen"].size(), 15u);

  // Picture sizes.
  const std::string png = session["page"]["children"][0]["png"];
  for (const std::string size : {"15", "513", "0", "-1", "abc", "", "64px", "1e2", "99999999999"}) {
    EXPECT_TRUE(is_error(b.get(png + "?size=" + size), 400, "size")) << size;
  }
  EXPECT_TRUE(is_png(b.get(png + "?size=512"), 512));
}

TEST_F(Api, PublishingChecksItsInput) {
  Browser b = browser();
  register_user(b, "ada");
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  const auto with = [&](const char* key, const json& value) {
    json body = {{"breed", session["id"]}, {"page", session["page"]["id"]}, {"child", 0}, {"title", "Fine"}};
    body[key] = value;
    return b.post("/api/pictures", body);
  };
  EXPECT_TRUE(is_error(with("title", ""), 400, "title"));
  EXPECT_TRUE(is_error(with("title", std::string(101, 't')), 400, "title"));
  EXPECT_TRUE(is_error(with("title", "line\nbreak"), 400, "title"));
  EXPECT_TRUE(is_error(with("title", 5), 400, "title"));
  EXPECT_TRUE(is_error(with("title", nullptr), 400, "title"));
  EXPECT_TRUE(is_error(with("child", 15), 400, "child"));
  EXPECT_TRUE(is_error(with("child", -1), 400, "child"));
  EXPECT_TRUE(is_error(with("child", "0"), 400, "child"));
  EXPECT_TRUE(is_error(with("page", "x"), 400, "page"));
  EXPECT_TRUE(is_error(with("breed", 12), 400, "breed"));
  EXPECT_TRUE(is_error(with("tags", "face"), 400, "tags"));
  EXPECT_TRUE(is_error(with("tags", json::array({"a", "b", "c", "d", "e", "f", "g", "h", "i"})), 400, "tags"));
  EXPECT_TRUE(is_error(with("tags", json::array({""})), 400, "tags"));
  EXPECT_TRUE(is_error(with("tags", json::array({std::string(25, 't')})), 400, "tags"));
  EXPECT_TRUE(is_error(with("tags", json::array({"two words"})), 400, "tags"));
  EXPECT_TRUE(is_error(with("tags", json::array({3})), 400, "tags"));
  EXPECT_EQ(ids_of(b.get("/api/pictures")), std::vector<std::int64_t>{}) << "nothing was published";
  // The limits themselves are fine; tags are folded and deduplicated.
  const auto ok = with("tags", json::array({"A", "a", "b-c_D", std::string(24, 't'), "e", "f", "g", "h"}));
  ASSERT_TRUE(is_ok(ok, 201));
  EXPECT_EQ(ok.parsed()["tags"], json::array({"a", "b-c_d", "e", "f", "g", "h", std::string(24, 't')}));
  EXPECT_TRUE(is_ok(with("title", std::string(100, 't')), 201));
  EXPECT_TRUE(is_ok(with("title", "\xC3\xA9t\xC3\xA9 \xF0\x9F\x8C\x8A"), 201)) << "UTF-8 titles";

  // Browsing parameters.
  EXPECT_TRUE(is_error(b.get("/api/pictures?sort=best"), 400, "sort"));
  EXPECT_TRUE(is_error(b.get("/api/pictures?limit=0"), 400, "limit"));
  EXPECT_TRUE(is_error(b.get("/api/pictures?limit=101"), 400, "limit"));
  EXPECT_TRUE(is_error(b.get("/api/pictures?offset=-1"), 400, "offset"));
  EXPECT_TRUE(is_error(b.get("/api/pictures?q=" + std::string(101, 'q')), 400, "q"));
  EXPECT_TRUE(is_error(b.get("/api/pictures?tag=" + std::string(25, 't')), 400, "tag"));
  const std::string picture = "/api/pictures/" + std::to_string(ok.parsed()["id"].get<std::int64_t>());
  EXPECT_TRUE(is_error(b.get(picture + ".png?size=1025"), 400, "size"));
  EXPECT_TRUE(is_error(b.get(picture + ".png?size=8"), 400, "size"));
  EXPECT_TRUE(is_png(b.get(picture + ".png?size=16"), 16));
}

// ---------------------------------------------------------------------------------------------------
// Headers and cookies.

TEST_F(Api, SafetyHeadersAndCookieFlags) {
  Browser b = browser();
  const auto me = b.get("/api/me");
  const auto registered = b.post("/api/register", json{{"name", "ada"}, {"password", password}});
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  const std::vector<std::pair<std::string, Reply>> replies = {
      {"me", me},
      {"register", registered},
      {"png", b.get(session["page"]["children"][0]["png"].get<std::string>() + "?size=16")},
      {"page", b.get("/")},
      {"script", b.get("/app.js")},
      {"error", b.get("/api/pictures/12345")},
      {"no route", b.get("/nothing")},
      {"bad body", b.post("/api/breeds", std::string("{"))},
      {"csrf", b.post("/api/breeds", json::object(), Csrf::missing)},
      {"too large", b.post("/api/breeds", std::string(300 * 1024, ' '))},
  };
  for (const auto& [what, reply] : replies) {
    EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff") << what;
    const std::string csp = reply.header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what << ": " << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << what << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what << ": " << csp;
  }
  const std::string cookie = registered.set_cookie("pond_session");
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "secure_cookies is off: " << cookie;
  const std::string token = cookie.substr(std::string("pond_session=").size(), 64);
  EXPECT_EQ(registered.body.find(token), std::string::npos) << "the login token only travels in the cookie";
}

TEST_F(Api, ServerFaultsHideInternals) {
  Browser b = browser();
  register_user(b, "ada");
  auto session = start_breed(b);
  ASSERT_FALSE(HasFailure());
  auto picture = publish(b, session, 0, "Doomed");
  ASSERT_FALSE(HasFailure());
  // Damage the stored genome behind the server's back.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "pond.sqlite").string().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  const std::string sql = "UPDATE pictures SET genome = 'SECRET-INTERNAL-DETAIL' WHERE id = " +
                          std::to_string(picture["id"].get<std::int64_t>());
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);

  const auto reply = b.get(picture_path(picture) + ".png?size=16");
  EXPECT_TRUE(is_error(reply, 500));
  EXPECT_EQ(reply.parsed()["error"]["message"], "internal error");
  EXPECT_EQ(reply.body.find("SECRET"), std::string::npos);
  EXPECT_EQ(reply.body.find("genome"), std::string::npos);
  EXPECT_EQ(reply.body.find("sqlite"), std::string::npos);
  // Branching from it fails the same way, and the server keeps serving.
  const auto branch = b.post("/api/breeds", json{{"from", picture["id"]}});
  EXPECT_TRUE(is_error(branch, 500));
  EXPECT_EQ(branch.body.find("SECRET"), std::string::npos);
  EXPECT_TRUE(is_ok(b.get("/api/me")));
}
