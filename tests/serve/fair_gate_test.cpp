// FairGate: never more holders than places, and waiters let in in the order they came.

#include "serve/fair_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace pond::serve {
namespace {

void wait_for_waiters(FairGate& gate, std::size_t count) {
  while (gate.waiting() < count) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TEST(FairGate, LetsWaitersInInTheOrderTheyCame) {
  FairGate gate(1);
  gate.enter();  // the gate is full: everyone below queues
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int k = 0; k < 6; ++k) {
    threads.emplace_back([&, k] {
      const FairGate::Pass pass(gate);
      const std::lock_guard lock(order_mutex);
      order.push_back(k);
    });
    wait_for_waiters(gate, static_cast<std::size_t>(k) + 1);  // k is queued before k + 1 starts
  }
  gate.leave();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(FairGate, NeverHasMoreHoldersThanPlaces) {
  FairGate gate(2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        const FairGate::Pass pass(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(FairGate, NeedsAPlace) { EXPECT_THROW(FairGate(0), std::invalid_argument); }

}  // namespace
}  // namespace pond::serve
