// The SQLite store of `pond serve` (see store.hpp).

#include "serve/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <concepts>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <thread>
#include <utility>

namespace pond::serve {
namespace {

/// Marks a database as pond's: PRAGMA application_id ('pond' in ASCII).
constexpr std::int64_t application_id = 0x706f6e64;
/// The schema below is version 2 (PRAGMA user_version): version 1 had no `animated` columns.
constexpr std::int64_t schema_version = 2;
/// How long a statement waits for another connection's write lock before failing.
constexpr std::chrono::milliseconds busy_timeout{5000};

/// The schema, created in one transaction on a new database. Generations and pictures use
/// AUTOINCREMENT so that a deleted row's id is never handed out again: a page's children are cached
/// by the page's row id, and Redo (delete + insert) must give the new children a fresh one even when
/// the replaced row had the highest id.
constexpr const char* schema_sql = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE TABLE logins (
  token_digest TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires INTEGER NOT NULL
);
CREATE INDEX logins_by_expiry ON logins(expires);
CREATE INDEX logins_by_user ON logins(user_id);
CREATE TABLE pictures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  genome TEXT NOT NULL,
  colour INTEGER NOT NULL,
  animated INTEGER NOT NULL,
  parent_id INTEGER REFERENCES pictures(id),
  generations INTEGER NOT NULL,
  created INTEGER NOT NULL
);
CREATE INDEX pictures_by_created ON pictures(created, id);
CREATE INDEX pictures_by_user ON pictures(user_id, created, id);
CREATE INDEX pictures_by_parent ON pictures(parent_id);
CREATE TABLE picture_tags (
  picture_id INTEGER NOT NULL REFERENCES pictures(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (picture_id, tag)
) WITHOUT ROWID;
CREATE INDEX picture_tags_by_tag ON picture_tags(tag);
CREATE TABLE breeds (
  id TEXT PRIMARY KEY,
  owner INTEGER REFERENCES users(id) ON DELETE SET NULL,
  colour INTEGER NOT NULL,
  animated INTEGER NOT NULL,
  strength REAL NOT NULL,
  branched_from INTEGER REFERENCES pictures(id),
  base_generations INTEGER NOT NULL,
  current INTEGER NOT NULL,
  last INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
);
CREATE INDEX breeds_by_owner ON breeds(owner, created);
CREATE TABLE generations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  breed_id TEXT NOT NULL REFERENCES breeds(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  chosen TEXT NOT NULL,
  children TEXT NOT NULL,
  seed INTEGER NOT NULL,
  next_innovation INTEGER NOT NULL,
  next_node INTEGER NOT NULL,
  UNIQUE (breed_id, number)
);
)sql";

/// One connection and the operation under way, for error messages "<path>: <operation>: <detail>".
struct Db {
  sqlite3* handle;
  const std::filesystem::path& path;
  std::string_view operation;

  [[noreturn]] void fail(std::string_view detail) const {
    throw StoreError(path.string() + ": " + std::string(operation) + ": " + std::string(detail));
  }
  /// Throws with SQLite's message for the connection's last failure.
  [[noreturn]] void fail() const { fail(sqlite3_errmsg(handle)); }
};

/// A prepared statement, finalized on destruction. Parameters are bound in order by bind(...);
/// step() returns true while there is a row to read with the column getters.
class Statement {
 public:
  Statement(const Db& db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db.handle, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      db.fail();
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Binds the next parameters (?1, ?2, ... in order).
  template <class... Args>
  Statement& bind(const Args&... args) {
    (bind_one(args), ...);
    return *this;
  }

  /// Steps once: true when a row is ready, false when done; throws on failure.
  bool step() {
    if (const auto row = step_unless_busy()) return *row;
    db_.fail();
  }
  /// Like step(), but nothing (instead of throwing) when the database is busy.
  std::optional<bool> step_unless_busy() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if ((rc & 0xff) == SQLITE_BUSY) return std::nullopt;
    db_.fail();
  }
  /// Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }

  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<std::int64_t> optional_integer(int column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
  }
  std::string text(int column) const {
    const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!chars) return {};
    return std::string(chars, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) db_.fail();
  }
  void bind_one(std::nullptr_t) { check(sqlite3_bind_null(stmt_, ++index_)); }
  template <std::integral T>
  void bind_one(T value) {
    check(sqlite3_bind_int64(stmt_, ++index_, static_cast<sqlite3_int64>(value)));
  }
  void bind_one(double value) { check(sqlite3_bind_double(stmt_, ++index_, value)); }
  void bind_one(std::string_view value) {
    check(sqlite3_bind_text64(stmt_, ++index_, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_one(const std::string& value) { bind_one(std::string_view(value)); }
  void bind_one(const char* value) { bind_one(std::string_view(value)); }
  void bind_one(const std::optional<std::int64_t>& value) {
    if (value) {
      bind_one(*value);
    } else {
      bind_one(nullptr);
    }
  }

  const Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  int index_ = 0;
};

/// Runs SQL without parameters or results (pragmas, transaction control, the schema).
void exec(const Db& db, const char* sql) {
  if (sqlite3_exec(db.handle, sql, nullptr, nullptr, nullptr) != SQLITE_OK) db.fail();
}

/// A write transaction: BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout),
/// so a read-check-write sequence inside it cannot be interleaved with another connection's writes and
/// never fails half-way on a lock upgrade. Rolled back on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(const Db& db) : db_(db) { exec(db, "BEGIN IMMEDIATE"); }
  ~Transaction() {
    // COMMIT can fail and leave the transaction open, or SQLite may have rolled it back already.
    if (!sqlite3_get_autocommit(db_.handle)) sqlite3_exec(db_.handle, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() { exec(db_, "COMMIT"); }

 private:
  const Db& db_;
};

/// The value of an integer pragma such as user_version.
std::int64_t pragma_integer(const Db& db, const char* sql) {
  Statement st(db, sql);
  return st.step() ? st.integer(0) : 0;
}

/// What a database file holds, judged from its header pragmas and catalogue.
enum class Identity { empty, ours };

/// Tells an empty file from pond's database; throws for anything else (another schema version,
/// another program's database; a file that is not SQLite fails on the first read). The three values
/// are read by one statement, so from one snapshot: read one by one, they could straddle another
/// connection's creation of the schema and look like someone else's database.
Identity identify(const Db& db) {
  Statement st(db,
               "SELECT (SELECT application_id FROM pragma_application_id), "
               "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)");
  if (!st.step()) db.fail("no result");
  const std::int64_t app = st.integer(0);
  const std::int64_t version = st.integer(1);
  const std::int64_t objects = st.integer(2);
  if (app == application_id) {
    if (version == schema_version) return Identity::ours;
    db.fail("schema version " + std::to_string(version) + ", this pond reads version " +
            std::to_string(schema_version));
  }
  if (app == 0 && version == 0 && objects == 0) return Identity::empty;
  db.fail("not a pond database (another program's SQLite file)");
}

/// Creates the schema in a new file. The file is identified again inside the write transaction,
/// since another server thread or process may have created the schema meanwhile.
void create_schema(const Db& db) {
  Transaction tx(db);
  if (identify(db) == Identity::ours) return;
  exec(db, schema_sql);
  exec(db, ("PRAGMA application_id = " + std::to_string(application_id)).c_str());
  exec(db, ("PRAGMA user_version = " + std::to_string(schema_version)).c_str());
  tx.commit();
}

/// Turns on WAL, which then persists in the file. Switching a file needs a moment's exclusive access,
/// and SQLite reports a busy file at once there instead of calling the busy handler (seen when several
/// threads open a new file together), so this retries for as long as the busy timeout.
void turn_on_wal(const Db& db) {
  const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
  for (;;) {
    Statement st(db, "PRAGMA journal_mode=WAL");
    if (const auto row = st.step_unless_busy()) {
      const std::string mode = *row ? st.text(0) : "";
      if (mode != "wal") db.fail("journal mode is '" + mode + "', not WAL");
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) db.fail();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// JSON columns. Children are stored as an array of strings (the genome texts exactly as given).

std::string json_text(const Db& db, const nlohmann::json& value) {
  try {
    return value.dump();
  } catch (const nlohmann::json::exception& e) {  // strings that are not UTF-8
    db.fail(std::string("encoding JSON: ") + e.what());
  }
}

template <class T>
std::vector<T> json_vector(const Db& db, const std::string& text, std::string_view column) {
  try {
    return nlohmann::json::parse(text).get<std::vector<T>>();
  } catch (const nlohmann::json::exception& e) {
    db.fail("bad " + std::string(column) + " JSON in the database: " + e.what());
  }
}

/// The new `breeds.updated` of a change: `now`, but always different from (and after) the old value,
/// so that a second change within the same second, or after the clock stepped back, still makes
/// concurrent requests holding the old value fail.
std::int64_t next_updated(std::int64_t old, std::int64_t now) { return std::max(now, old + 1); }

// Rows to structs. Each SELECT list below matches its reader's column numbers.

constexpr const char* user_columns = "SELECT id, name, password_hash, created FROM users ";

User read_user(const Statement& st) {
  return {.id = st.integer(0), .name = st.text(1), .password_hash = st.text(2), .created = st.integer(3)};
}

constexpr const char* breed_columns =
    "SELECT id, owner, colour, strength, branched_from, base_generations, current, last, created, updated, "
    "animated FROM breeds ";

Breed read_breed(const Statement& st) {
  return {.id = st.text(0),
          .owner = st.optional_integer(1),
          .colour = st.integer(2) != 0,
          .animated = st.integer(10) != 0,
          .strength = st.real(3),
          .branched_from = st.optional_integer(4),
          .base_generations = st.integer(5),
          .current = st.integer(6),
          .last = st.integer(7),
          .created = st.integer(8),
          .updated = st.integer(9)};
}

constexpr const char* generation_columns =
    "SELECT id, breed_id, number, chosen, children, seed, next_innovation, next_node FROM generations ";

Generation read_generation(const Db& db, const Statement& st) {
  return {.id = st.integer(0),
          .breed_id = st.text(1),
          .number = st.integer(2),
          .chosen = json_vector<int>(db, st.text(3), "chosen"),
          .children = json_vector<std::string>(db, st.text(4), "children"),
          .seed = st.integer(5),
          .next_innovation = st.integer(6),
          .next_node = st.integer(7)};
}

/// Pictures with their author, branch count, tags (as a JSON array) and animation flag; the genome is
/// selected (column 11) only by picture(id). Reads use the alias `p` for pictures.
constexpr const char* picture_columns =
    "SELECT p.id, p.user_id, u.name, p.title, p.colour, p.parent_id, p.generations, p.created, "
    "(SELECT count(*) FROM pictures c WHERE c.parent_id = p.id) AS branches, "
    "(SELECT json_group_array(t.tag) FROM picture_tags t WHERE t.picture_id = p.id) AS tags, p.animated";
constexpr const char* picture_from = " FROM pictures p JOIN users u ON u.id = p.user_id ";

Picture read_picture(const Db& db, const Statement& st, bool with_genome) {
  Picture p{.id = st.integer(0),
            .user_id = st.integer(1),
            .author = st.text(2),
            .title = st.text(3),
            .tags = json_vector<std::string>(db, st.text(9), "tags"),
            .genome = with_genome ? st.text(11) : std::string(),
            .colour = st.integer(4) != 0,
            .animated = st.integer(10) != 0,
            .parent_id = st.optional_integer(5),
            .generations = st.integer(6),
            .branches = st.integer(8),
            .created = st.integer(7)};
  std::sort(p.tags.begin(), p.tags.end());
  return p;
}

std::vector<Picture> read_pictures(const Db& db, Statement& st) {
  std::vector<Picture> out;
  while (st.step()) out.push_back(read_picture(db, st, false));
  return out;
}

/// Tags as stored: lower-case (ASCII), unique, sorted.
std::set<std::string> normalised_tags(const std::vector<std::string>& tags) {
  std::set<std::string> out;
  for (std::string tag : tags) {
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.insert(std::move(tag));
  }
  return out;
}

/// Reads the session's `updated` inside a transaction and compares it with the caller's copy; returns
/// the stored session when they agree (nobody changed it since the caller read it).
std::optional<Breed> unchanged_breed(const Db& db, const Breed& breed) {
  Statement st(db, std::string(breed_columns) + "WHERE id = ?1");
  st.bind(breed.id);
  if (!st.step()) return std::nullopt;
  Breed stored = read_breed(st);
  if (stored.updated != breed.updated) return std::nullopt;
  return stored;
}

/// Stores a page (its number and session included); returns its new row id.
std::int64_t insert_generation(const Db& db, const Generation& g) {
  Statement st(db,
               "INSERT INTO generations (breed_id, number, chosen, children, seed, next_innovation, next_node) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  st.bind(g.breed_id, g.number, json_text(db, g.chosen), json_text(db, g.children), g.seed, g.next_innovation,
          g.next_node)
      .run();
  return sqlite3_last_insert_rowid(db.handle);
}

/// Drops the session's pages numbered above `number`.
void delete_generations_after(const Db& db, const std::string& breed_id, std::int64_t number) {
  Statement(db, "DELETE FROM generations WHERE breed_id = ?1 AND number > ?2").bind(breed_id, number).run();
}

/// Stores the session's shown and newest page, settings and new `updated`.
void update_breed_row(const Db& db, const Breed& breed, std::int64_t current, std::int64_t last,
                      std::int64_t updated) {
  Statement(db, "UPDATE breeds SET current = ?1, last = ?2, strength = ?3, colour = ?4, updated = ?5 WHERE id = ?6")
      .bind(current, last, breed.strength, breed.colour, updated, breed.id)
      .run();
}

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

}  // namespace

Store::Store(const std::filesystem::path& path) : path_(path) {
  const Db db{nullptr, path_, "opening the database"};
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.string().c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, ConnectionCloser> handle(raw);  // closed if anything below throws
  if (rc != SQLITE_OK) db.fail(raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  // Wait for other connections' writes instead of failing at once.
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
  sqlite3_extended_result_codes(raw, 1);
  const Db settings{raw, path_, "configuring the connection"};
  exec(settings, "PRAGMA foreign_keys=ON");
  if (pragma_integer(settings, "PRAGMA foreign_keys") != 1) settings.fail("this SQLite cannot enforce foreign keys");
  // Identify the file before changing it: a foreign database must not be switched to WAL. A new one
  // is switched before its schema is written, so it is never in rollback mode with content.
  const Identity identity = identify({raw, path_, "reading the schema version"});
  turn_on_wal({raw, path_, "turning on WAL"});
  // FULL: every acknowledged commit survives a power loss too (NORMAL, with WAL, may lose the last
  // ones; a killed process loses nothing either way). Writes are rare next to reads here.
  exec(settings, "PRAGMA synchronous=FULL");
  if (identity == Identity::empty) create_schema({raw, path_, "creating the schema"});
  db_ = handle.release();
}

Store::~Store() { sqlite3_close_v2(db_); }

// Accounts and logins.

std::optional<User> Store::create_user(const std::string& name, const std::string& password_hash,
                                       std::int64_t now) {
  const Db db{db_, path_, "creating a user"};
  Statement st(db, "INSERT INTO users (name, password_hash, created) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
  st.bind(name, password_hash, now).run();
  if (sqlite3_changes(db_) == 0) return std::nullopt;  // the name is taken
  return User{.id = sqlite3_last_insert_rowid(db_), .name = name, .password_hash = password_hash, .created = now};
}

std::optional<User> Store::user_by_name(const std::string& name) {
  const Db db{db_, path_, "reading a user"};
  Statement st(db, std::string(user_columns) + "WHERE name = ?1");  // the column compares NOCASE
  st.bind(name);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

std::optional<User> Store::user_by_id(std::int64_t id) {
  const Db db{db_, path_, "reading a user"};
  Statement st(db, std::string(user_columns) + "WHERE id = ?1");
  st.bind(id);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

void Store::create_login(const Login& login) {
  const Db db{db_, path_, "recording a login"};
  Statement(db, "INSERT INTO logins (token_digest, user_id, expires) VALUES (?1, ?2, ?3)")
      .bind(login.token_digest, login.user_id, login.expires)
      .run();
}

// A login is valid while now < expires: at `expires` it has expired.
std::optional<Login> Store::login_by_digest(const std::string& token_digest, std::int64_t now) {
  const Db db{db_, path_, "reading a login"};
  Statement st(db, "SELECT token_digest, user_id, expires FROM logins WHERE token_digest = ?1 AND expires > ?2");
  st.bind(token_digest, now);
  if (!st.step()) return std::nullopt;
  return Login{.token_digest = st.text(0), .user_id = st.integer(1), .expires = st.integer(2)};
}

void Store::delete_login(const std::string& token_digest) {
  const Db db{db_, path_, "deleting a login"};
  Statement(db, "DELETE FROM logins WHERE token_digest = ?1").bind(token_digest).run();
}

int Store::delete_expired_logins(std::int64_t now) {
  const Db db{db_, path_, "deleting expired logins"};
  Statement(db, "DELETE FROM logins WHERE expires <= ?1").bind(now).run();
  return sqlite3_changes(db_);
}

// Breeding sessions.

Generation Store::create_breed(const Breed& breed, Generation first) {
  const Db db{db_, path_, "creating a breeding session"};
  Transaction tx(db);
  Statement(db,
            "INSERT INTO breeds (id, owner, colour, strength, branched_from, base_generations, current, last, "
            "created, updated, animated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7, ?8, ?9)")
      .bind(breed.id, breed.owner, breed.colour, breed.strength, breed.branched_from, breed.base_generations,
            breed.created, breed.updated, breed.animated)
      .run();
  first.breed_id = breed.id;
  first.number = 0;
  first.id = insert_generation(db, first);
  tx.commit();
  return first;
}

std::optional<Breed> Store::breed(const std::string& id) {
  const Db db{db_, path_, "reading a breeding session"};
  Statement st(db, std::string(breed_columns) + "WHERE id = ?1");
  st.bind(id);
  if (!st.step()) return std::nullopt;
  return read_breed(st);
}

std::optional<Generation> Store::generation(const std::string& breed_id, std::int64_t number) {
  const Db db{db_, path_, "reading a page"};
  Statement st(db, std::string(generation_columns) + "WHERE breed_id = ?1 AND number = ?2");
  st.bind(breed_id, number);
  if (!st.step()) return std::nullopt;
  return read_generation(db, st);
}

std::optional<Generation> Store::generation_by_id(std::int64_t id) {
  const Db db{db_, path_, "reading a page"};
  Statement st(db, std::string(generation_columns) + "WHERE id = ?1");
  st.bind(id);
  if (!st.step()) return std::nullopt;
  return read_generation(db, st);
}

std::optional<Generation> Store::append_generation(const Breed& breed, Generation next, std::int64_t now) {
  const Db db{db_, path_, "adding a page"};
  Transaction tx(db);
  const auto stored = unchanged_breed(db, breed);
  if (!stored || breed.current < 0 || breed.current > stored->last) return std::nullopt;
  delete_generations_after(db, breed.id, breed.current);
  next.breed_id = breed.id;
  next.number = breed.current + 1;
  next.id = insert_generation(db, next);
  update_breed_row(db, breed, next.number, next.number, next_updated(stored->updated, now));
  tx.commit();
  return next;
}

std::optional<Generation> Store::replace_generation(const Breed& breed, Generation page, std::int64_t now) {
  const Db db{db_, path_, "replacing a page"};
  Transaction tx(db);
  const auto stored = unchanged_breed(db, breed);
  if (!stored) return std::nullopt;
  Statement old(db, "SELECT chosen FROM generations WHERE breed_id = ?1 AND number = ?2");
  old.bind(breed.id, page.number);
  if (!old.step()) return std::nullopt;
  page.chosen = json_vector<int>(db, old.text(0), "chosen");  // the same parents bred it again
  Statement(db, "DELETE FROM generations WHERE breed_id = ?1 AND number >= ?2").bind(breed.id, page.number).run();
  page.breed_id = breed.id;
  page.id = insert_generation(db, page);
  update_breed_row(db, breed, page.number, page.number, next_updated(stored->updated, now));
  tx.commit();
  return page;
}

bool Store::update_breed(const Breed& breed, std::int64_t now) {
  const Db db{db_, path_, "updating a breeding session"};
  Transaction tx(db);
  const auto stored = unchanged_breed(db, breed);
  if (!stored || breed.current < 0 || breed.current > stored->last) return false;
  update_breed_row(db, breed, breed.current, stored->last, next_updated(stored->updated, now));
  tx.commit();
  return true;
}

std::vector<Breed> Store::breeds_of(std::int64_t user_id, int limit) {
  const Db db{db_, path_, "listing breeding sessions"};
  Statement st(db, std::string(breed_columns) + "WHERE owner = ?1 ORDER BY created DESC, rowid DESC LIMIT ?2");
  st.bind(user_id, std::max(limit, 0));  // a negative LIMIT would mean none
  std::vector<Breed> out;
  while (st.step()) out.push_back(read_breed(st));
  return out;
}

// Pictures.

std::int64_t Store::publish(const Picture& picture) {
  const Db db{db_, path_, "publishing a picture"};
  Transaction tx(db);
  Statement(db,
            "INSERT INTO pictures (user_id, title, genome, colour, parent_id, generations, created, animated) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind(picture.user_id, picture.title, picture.genome, picture.colour, picture.parent_id, picture.generations,
            picture.created, picture.animated)
      .run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  for (const auto& tag : normalised_tags(picture.tags))
    Statement(db, "INSERT INTO picture_tags (picture_id, tag) VALUES (?1, ?2)").bind(id, tag).run();
  tx.commit();
  return id;
}

std::optional<Picture> Store::picture(std::int64_t id) {
  const Db db{db_, path_, "reading a picture"};
  Statement st(db, std::string(picture_columns) + ", p.genome" + picture_from + "WHERE p.id = ?1");
  st.bind(id);
  if (!st.step()) return std::nullopt;
  return read_picture(db, st, true);
}

/// The text filter is a literal substring test (instr, not LIKE, so % and _ in the input mean
/// themselves); lower() folds ASCII letters only, as do the NOCASE user names.
std::vector<Picture> Store::pictures(const PictureQuery& query) {
  const Db db{db_, path_, "listing pictures"};
  const char* order = query.order == PictureQuery::Order::most_branched ? "ORDER BY branches DESC, p.id DESC "
                                                                        : "ORDER BY p.created DESC, p.id DESC ";
  Statement st(db, std::string(picture_columns) + picture_from +
                       "WHERE (?1 = '' OR EXISTS (SELECT 1 FROM picture_tags t "
                       "                          WHERE t.picture_id = p.id AND t.tag = lower(?1))) "
                       "AND (?2 = '' OR instr(lower(p.title), lower(?2)) > 0 "
                       "     OR EXISTS (SELECT 1 FROM picture_tags t "
                       "                WHERE t.picture_id = p.id AND instr(t.tag, lower(?2)) > 0)) "
                       "AND (?3 IS NULL OR p.user_id = ?3) " +
                       order + "LIMIT ?4 OFFSET ?5");
  st.bind(query.tag, query.text, query.user_id, std::clamp(query.limit, 1, 100), std::max(query.offset, 0));
  return read_pictures(db, st);
}

std::vector<Picture> Store::branches_of(std::int64_t id) {
  const Db db{db_, path_, "listing branches"};
  Statement st(db, std::string(picture_columns) + picture_from + "WHERE p.parent_id = ?1 ORDER BY p.created, p.id LIMIT 200");
  st.bind(id);
  return read_pictures(db, st);
}

/// Depth counts parent links from the picture (0 for itself) both up and down; the family is sorted
/// by depth, then id, and cut at `limit`. Descendants are walked breadth-first with the walk itself
/// limited, so a huge family costs only `limit` rows; both walks also stop at depth `limit`, which
/// bounds them even if corrupt parent links formed a cycle.
std::optional<Lineage> Store::lineage(std::int64_t id, int limit) {
  const Db db{db_, path_, "reading a lineage"};
  Statement st(db,
               "WITH RECURSIVE "
               "up(id, depth) AS ("
               "  SELECT parent_id, 1 FROM pictures WHERE id = ?1 AND parent_id IS NOT NULL "
               "  UNION ALL "
               "  SELECT p.parent_id, up.depth + 1 FROM pictures p JOIN up ON p.id = up.id "
               "  WHERE p.parent_id IS NOT NULL AND up.depth < ?2), "
               "down(id, depth) AS ("
               "  SELECT id, 1 FROM pictures WHERE parent_id = ?1 "
               "  UNION ALL "
               "  SELECT p.id, down.depth + 1 FROM pictures p JOIN down ON p.parent_id = down.id "
               "  WHERE down.depth < ?2 ORDER BY 2, 1 LIMIT ?2), "
               "family(id, depth) AS ("
               "  SELECT id, 0 FROM pictures WHERE id = ?1 "
               "  UNION ALL SELECT id, depth FROM up UNION ALL SELECT id, depth FROM down) " +
                   std::string(picture_columns) + picture_from +
                   "JOIN family f ON f.id = p.id ORDER BY f.depth, p.id LIMIT ?2");
  st.bind(id, std::max(limit, 1));
  Lineage out{read_pictures(db, st)};
  if (out.pictures.empty()) return std::nullopt;
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> Store::popular_tags(int limit) {
  const Db db{db_, path_, "listing tags"};
  Statement st(db, "SELECT tag, count(*) AS n FROM picture_tags GROUP BY tag ORDER BY n DESC, tag LIMIT ?1");
  st.bind(std::max(limit, 0));
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (st.step()) out.emplace_back(st.text(0), st.integer(1));
  return out;
}

std::string Store::integrity_check() {
  const Db db{db_, path_, "checking integrity"};
  Statement st(db, "PRAGMA integrity_check");
  std::string out;
  while (st.step()) {
    if (!out.empty()) out += '\n';
    out += st.text(0);
  }
  return out;
}

}  // namespace pond::serve
