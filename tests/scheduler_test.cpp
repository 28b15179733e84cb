#include "pond/core/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "pond/core/grid_archive.hpp"
#include "pond/core/novelty_archive.hpp"
#include "pond/core/vector_emitters.hpp"
#include "test_tasks.hpp"

using namespace pond;

namespace {

using pond::testing::Bowl;

GridOptions grid20() { return {.dims = {20, 20}, .lower = {0, 0}, .upper = {1, 1}}; }

std::vector<std::unique_ptr<Emitter<Vector>>> mixed_emitters() {
  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  emitters.push_back(std::make_unique<GaussianEmitter>(GaussianOptions{.x0 = Vector(5, 0.0), .sigma = 0.3, .batch = 7}));
  emitters.push_back(std::make_unique<IsoLineEmitter>(IsoLineOptions{.x0 = Vector(5, 0.0), .sigma_iso = 0.1, .sigma_line = 0.3, .batch = 5}));
  return emitters;
}

}  // namespace

TEST(Scheduler, AskTellProtocolIsEnforced) {
  GridArchive<Vector> archive(grid20());
  Scheduler<Vector> s(archive, mixed_emitters(), 1);
  EXPECT_THROW(s.tell({}, {}), std::logic_error);
  const auto batch = s.ask();
  EXPECT_EQ(batch.size(), 12u);
  EXPECT_THROW(s.ask(), std::logic_error);
  std::vector<double> objectives(12, 0.0), descriptors(24, 0.5);
  EXPECT_THROW(s.tell(objectives, std::vector<double>(23, 0.5)), std::invalid_argument);
  objectives[3] = std::nan("");
  EXPECT_THROW(s.tell(objectives, descriptors), Error);
  EXPECT_EQ(archive.size(), 0u);  // a refused tell changes nothing
  objectives[3] = 1.0;
  const auto status = s.tell(objectives, descriptors);
  EXPECT_EQ(status.size(), 12u);
  EXPECT_EQ(status[0], AddStatus::new_cell);
  EXPECT_EQ(s.evaluations(), 12u);
  EXPECT_EQ(s.iterations(), 1u);
  EXPECT_EQ(archive.elites().id(0), 3u);  // the best of the batch in that cell, with its id
}

TEST(Scheduler, AskLimitCutsTheLastEmitters) {
  GridArchive<Vector> archive(grid20());
  Scheduler<Vector> s(archive, mixed_emitters(), 1);
  EXPECT_EQ(s.ask(9).size(), 9u);
}

TEST(Scheduler, ParentsAreRecordedFromTheArchive) {
  GridArchive<Vector> archive(grid20());
  Scheduler<Vector> s(archive, mixed_emitters(), 3);
  SerialEvaluator serial;
  s.run(Bowl{}, serial, {.iterations = 5});
  for (std::size_t slot = 0; slot < archive.size(); ++slot) {
    const auto e = archive.elites().at(slot);
    EXPECT_LT(e.id, s.evaluations());
    EXPECT_EQ(e.birth, e.id + 1);
    if (e.parents.first != no_parent) {
      EXPECT_LT(e.parents.first, e.id);
    }
  }
}

TEST(Scheduler, SameSeedSameArchiveWithOneOrTwoThreads) {
  GridArchive<Vector> a1(grid20()), a2(grid20()), a3(grid20());
  Scheduler<Vector> s1(a1, mixed_emitters(), 42), s2(a2, mixed_emitters(), 42), s3(a3, mixed_emitters(), 43);
  SerialEvaluator serial;
  ThreadEvaluator threads(2);
  s1.run(Bowl{}, serial, {.evaluations = 3000});
  s2.run(Bowl{}, threads, {.evaluations = 3000});
  s3.run(Bowl{}, serial, {.evaluations = 3000});
  EXPECT_EQ(a1.elites(), a2.elites());
  EXPECT_NE(a1.elites(), a3.elites());
  EXPECT_EQ(s1.evaluations(), 3000u);  // the last batch was cut to fit the budget
}

TEST(Scheduler, ResumedRunEqualsUninterruptedRun) {
  GridArchive<Vector> full_archive(grid20());
  Scheduler<Vector> full(full_archive, mixed_emitters(), 7);
  SerialEvaluator serial;
  full.run(Bowl{}, serial, {.evaluations = 2400});

  GridArchive<Vector> first_archive(grid20());
  Scheduler<Vector> first(first_archive, mixed_emitters(), 7);
  first.run(Bowl{}, serial, {.evaluations = 1200});
  BinaryWriter checkpoint;
  first.save(checkpoint);

  GridArchive<Vector> resumed_archive(grid20());
  Scheduler<Vector> resumed(resumed_archive, mixed_emitters(), 7);
  BinaryReader in(checkpoint.bytes(), "checkpoint");
  resumed.load(in);
  resumed.run(Bowl{}, serial, {.evaluations = 2400});
  EXPECT_EQ(full_archive.elites(), resumed_archive.elites());
  EXPECT_EQ(full.best_objective(), resumed.best_objective());
  EXPECT_EQ(full.best_id(), resumed.best_id());
  EXPECT_EQ(full.genealogy(), resumed.genealogy());
}

// A Bowl that throws once, on its `fail_at`-th evaluation.
struct FlakyBowl : Bowl {
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  int fail_at = 50;
  double evaluate(const Vector& x, std::span<double> d) const {
    if (++*calls == fail_at) throw std::runtime_error("flaky");
    return Bowl::evaluate(x, d);
  }
};

TEST(Scheduler, ATaskThatThrowsLeavesTheSchedulerAsBeforeTheIteration) {
  for (std::size_t threads : {1, 2}) {
    GridArchive<Vector> clean_archive(grid20()), flaky_archive(grid20());
    Scheduler<Vector> clean(clean_archive, mixed_emitters(), 9), flaky(flaky_archive, mixed_emitters(), 9);
    const auto evaluator = make_evaluator(threads);
    clean.run(Bowl{}, *evaluator, {.evaluations = 600});
    EXPECT_THROW(flaky.run(FlakyBowl{}, *evaluator, {.evaluations = 600}), std::runtime_error);
    EXPECT_EQ(flaky.evaluations(), 48u);  // 4 whole iterations of 12 before the failing one
    flaky.run(Bowl{}, *evaluator, {.evaluations = 600});
    EXPECT_EQ(clean_archive.elites(), flaky_archive.elites()) << threads << " threads";
  }
}

// A Bowl with a goal test that throws the first time it is asked.
struct BowlWithBrokenGoal : Bowl {
  std::shared_ptr<int> calls = std::make_shared<int>(0);
  bool solved(double, std::span<const double>) const {
    if ((*calls)++ == 0) throw std::runtime_error("goal test failed");
    return false;
  }
};

TEST(Scheduler, AGoalTestThatThrowsLeavesTheSchedulerAsBeforeTheIteration) {
  GridArchive<Vector> clean_archive(grid20()), archive(grid20());
  Scheduler<Vector> clean(clean_archive, mixed_emitters(), 4), s(archive, mixed_emitters(), 4);
  SerialEvaluator serial;
  clean.run(Bowl{}, serial, {.evaluations = 120});
  EXPECT_THROW(s.run(BowlWithBrokenGoal{}, serial, {.evaluations = 120}), std::runtime_error);
  EXPECT_EQ(s.evaluations(), 0u);
  BinaryWriter out;
  EXPECT_NO_THROW(s.save(out));  // nothing pending: a checkpoint can be written
  s.run(Bowl{}, serial, {.evaluations = 120});
  EXPECT_EQ(clean_archive.elites(), archive.elites());
}

TEST(Scheduler, ResultArchiveMeasuresANoveltySearch) {
  NoveltyArchive<Vector> novelty({.descriptor_dim = 2, .k = 5, .initial_threshold = 0.05});
  GridArchive<Vector> measure(grid20());
  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  emitters.push_back(std::make_unique<GaussianEmitter>(GaussianOptions{.x0 = Vector(3, 0.0), .sigma = 0.2, .batch = 20}));
  Scheduler<Vector> s(novelty, std::move(emitters), 5, &measure);
  SerialEvaluator serial;
  const auto summary = s.run(Bowl{}, serial, {.evaluations = 4000});
  EXPECT_EQ(summary.termination, "evaluation budget reached");
  EXPECT_GT(novelty.size(), 10u);
  EXPECT_GT(measure.size(), novelty.size() / 4);
  EXPECT_EQ(summary.metrics.cells, 400u);
  EXPECT_DOUBLE_EQ(summary.metrics.novelty_threshold, novelty.novelty_threshold());
  EXPECT_GT(summary.metrics.coverage, 0.1);
}

TEST(Scheduler, ObserverCanStopTheRun) {
  GridArchive<Vector> archive(grid20());
  Scheduler<Vector> s(archive, mixed_emitters(), 1);
  SerialEvaluator serial;
  const auto summary = s.run(Bowl{}, serial, {.evaluations = 100000},
                             [](const Scheduler<Vector>& sch) { return sch.iterations() < 3; });
  EXPECT_EQ(summary.iterations, 3u);
  EXPECT_EQ(summary.termination, "stopped by observer");
}

TEST(Emitters, BoundsAreApplied) {
  GridArchive<Vector> archive(grid20());
  std::vector<std::unique_ptr<Emitter<Vector>>> emitters;
  emitters.push_back(std::make_unique<GaussianEmitter>(GaussianOptions{
      .x0 = Vector(4, 0.0), .sigma = 10.0, .batch = 50, .bounds = {{-1, -1, -1, -1}, {1, 1, 1, 1}, BoundsPolicy::clip}}));
  emitters.push_back(std::make_unique<IsoLineEmitter>(IsoLineOptions{
      .x0 = Vector(4, 0.0), .sigma_iso = 10.0, .batch = 50, .bounds = {{-1, -1, -1, -1}, {1, 1, 1, 1}, BoundsPolicy::reflect}}));
  emitters.push_back(std::make_unique<RandomEmitter>(RandomOptions{.lower = {2, 2, 2, 2}, .upper = {3, 3, 3, 3}, .batch = 50}));
  Scheduler<Vector> s(archive, std::move(emitters), 1);
  const auto batch = s.ask();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (double v : batch[i]) {
      if (i < 100) {
        EXPECT_GE(v, -1.0);
        EXPECT_LE(v, 1.0);
      } else {
        EXPECT_GE(v, 2.0);
        EXPECT_LT(v, 3.0);
      }
    }
  }
}

TEST(Emitters, BadOptionsThrowNamingTheField) {
  try {
    GaussianEmitter e({.x0 = {0.0}, .sigma = -1});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sigma"), std::string::npos);
  }
  EXPECT_THROW(GaussianEmitter({.x0 = {}}), std::invalid_argument);
  EXPECT_THROW(IsoLineEmitter({.x0 = {0.0}, .batch = 0}), std::invalid_argument);
  EXPECT_THROW(RandomEmitter({.lower = {1}, .upper = {0}}), std::invalid_argument);
  EXPECT_THROW(GaussianEmitter({.x0 = {0.0, 0.0}, .bounds = {{0}, {1}, BoundsPolicy::clip}}), std::invalid_argument);
}
